import { describe, expect } from 'vitest';
import { executeVerbs } from '../../harness/cards.js';
import { botTest as test } from '../../harness/fixture.js';
import { DEMO_TENANT_FILE, personas, type Persona } from '../../harness/personas.js';
import type { TeamsClient } from '../../harness/teams-client.js';
import { expectedEstate, expectedMatches, scopeTotals, totals, type ExpectedImage, type Sev } from './support/expected.js';
import { allPages, completeCard, imageRows, rowIdentity, summaryCounts, type Row } from './support/read-card.js';

/**
 * "Which prod images have criticals", asked through /api/messages by each demo persona: the answer
 * holds exactly what their role assignments let them read, computed here from the tenant file.
 */
const GENERIC_FAILURE = /something went wrong/i;

function identity(image: ExpectedImage): string {
  return `${image.registry}|sha256:${image.shortDigest.slice(7, 15)}`;
}

async function rowsOf(teams: TeamsClient, card: Parameters<typeof imageRows>[0], as: Persona): Promise<Row[]> {
  return (await allPages(teams, card, as)).flatMap(imageRows);
}

function expectRowsMatch(rows: Row[], expected: ExpectedImage[]): void {
  expect(rows.map(rowIdentity).sort()).toEqual(expected.map(identity).sort());
  for (const image of expected) {
    const row = rows.find((r) => rowIdentity(r) === identity(image));
    expect(row?.critical, image.key).toBe(image.counts.Critical);
    expect(row?.high, image.key).toBe(image.counts.High);
  }
}

describe('each persona sees exactly what their role assignments allow', () => {
  const critical: Sev[] = ['Critical'];

  test.for([
    ['priya', personas.priya],
    ['mei (through her group)', personas.mei],
    ['diego (dev subscription only)', personas.diego],
  ] as const)('%s: prod images with criticals', async ([, who], { say, teams }) => {
    const expected = expectedMatches(expectedEstate(DEMO_TENANT_FILE, who.aadObjectId), critical, ['prod']);
    expect(expected.length, 'the demo tenant gives each of them prod images with criticals').toBeGreaterThan(0);

    const reply = await say('which prod images have criticals', { as: who });
    const card = await completeCard(teams, reply.card, who);

    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
    expect(summaryCounts(card)).toEqual(scopeTotals(expectedEstate(DEMO_TENANT_FILE, who.aadObjectId), ['prod']));
    expectRowsMatch(await rowsOf(teams, card, who), expected);
  });

  test('Diego sees the legacy registry (tagged production in the dev subscription) and nothing of Contoso Prod', async ({ say, teams }) => {
    const diego = expectedEstate(DEMO_TENANT_FILE, personas.diego.aadObjectId);
    const priya = expectedEstate(DEMO_TENANT_FILE, personas.priya.aadObjectId);
    const hidden = priya.registries.filter((r) => !diego.registries.some((d) => d.name === r.name)).map((r) => r.name);
    expect(hidden.length).toBeGreaterThan(0);

    const reply = await say('critical and high findings in prod', { as: personas.diego });
    const card = await completeCard(teams, reply.card, personas.diego);

    const shown = new Set(imageRows(card).map((r) => r.where.split(' · ')[0]));
    for (const name of hidden) expect(shown.has(name), name).toBe(false);
    for (const name of priya.subscriptionNames.filter((n) => !diego.subscriptionNames.includes(n))) expect(reply.readable).not.toContain(name);
    // Searched: the prod registries he can read, in the one subscription he can read.
    const prodRegistries = diego.registries.filter((r) => r.env === 'prod').length;
    expect(reply.readable).toContain(`${prodRegistries} ${prodRegistries === 1 ? 'registry' : 'registries'} in 1 subscription you can read`);
  });

  test('Sam, with no role, gets a plain message and no card of findings', async ({ say }) => {
    const reply = await say('which prod images have criticals', { as: personas.sam });

    expect(reply.card === undefined || summaryCounts(reply.card) === undefined).toBe(true);
    expect(reply.readable).toMatch(/can't read any Azure subscription/i);
    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
  });

  test('someone the tenant does not know is told so', async ({ say }) => {
    const reply = await say('which prod images have criticals', { as: personas.stranger });

    expect(reply.readable).toMatch(/not known to this Azure tenant/i);
  });
});

describe('the traps of the demo tenant are answered right', () => {
  test('prod, production and prd are one environment', async ({ say, teams }) => {
    const answers = [];
    for (const word of ['prod', 'production', 'prd']) answers.push(summaryCounts(await completeCard(teams, (await say(`critical findings in ${word}`)).card, personas.priya)));
    expect(answers[0]).toBeDefined();
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  test('exempt and resolved findings are not counted; Critical comes from vulnerabilityDetails; Qualys falls back to CVSS', async ({ say, teams }) => {
    const all: Sev[] = ['Critical', 'High', 'Medium', 'Low'];
    const expected = expectedMatches(expectedEstate(DEMO_TENANT_FILE, personas.priya.aadObjectId), all);

    const reply = await say('open findings');
    const card = await completeCard(teams, reply.card, personas.priya);

    expect(summaryCounts(card)).toEqual(totals(expected));
    expectRowsMatch(await rowsOf(teams, card, personas.priya), expected);
  });

  test('every image row has "Where is it running?" and "Details" buttons carrying only the image id', async ({ say, teams }) => {
    const reply = await say('which prod images have criticals');
    const rows = imageRows(await completeCard(teams, reply.card, personas.priya));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.buttons).toEqual(expect.arrayContaining(['Where is it running?', 'Details']));
      expect(row.image).toMatch(/^[a-z0-9.-]+\/[a-z0-9._/-]+@sha256:[a-f0-9]{64}$/);
    }
    expect(executeVerbs(reply.card)).toEqual(expect.arrayContaining(['where-running.show', 'image-details.show']));
  });
});
