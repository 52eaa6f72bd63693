import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { expectedEstate, expectedMatches, scopeTotals, totals, type ExpectedImage } from './support/expected.js';
import { allPages, completeCard, imageRows, rowIdentity, summaryCounts } from './support/read-card.js';

/**
 * A generated tenant (untidy environment tags in every spelling, registry tags that override their
 * group's, thousands of findings with resolved and exempt ones among them) asked through /api/messages.
 * Every expectation is computed from the generated file.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-generated-'));
const tenantFile = path.join(dir, 'tenant.json');
await generateTenant({ out: tenantFile, subscriptions: 6, registries: 24, images: 300, findings: 3_000, seed: 20261123 });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const test = createBotTest({ tenantFile });

function identity(image: ExpectedImage): string {
  return `${image.registry}|sha256:${image.shortDigest.slice(7, 15)}`;
}

describe('a generated tenant', () => {
  test.for([
    ['priya', 'prod', personas.priya],
    ['mei', 'staging', personas.mei],
    ['diego', 'dev', personas.diego],
  ] as const)('%s: criticals in %s match the tenant file, image by image', async ([, env, who], { say, teams }) => {
    const expected = expectedMatches(expectedEstate(tenantFile, who.aadObjectId), ['Critical'], [env]);
    expect(expected.length, `the generated tenant has ${env} images with criticals that ${who.name} can read`).toBeGreaterThan(0);

    const reply = await say(`criticals in ${env}`, { as: who, timeoutMs: 30_000 });
    const card = await completeCard(teams, reply.card, who);

    expect(summaryCounts(card)).toEqual(scopeTotals(expectedEstate(tenantFile, who.aadObjectId), [env]));
    const rows = (await allPages(teams, card, who)).flatMap(imageRows);
    expect(rows.map(rowIdentity).sort()).toEqual(expected.map(identity).sort());
  });

  test('Diego reads only the subscription his role is on', async ({ say, teams }) => {
    const diego = expectedEstate(tenantFile, personas.diego.aadObjectId);
    const priya = expectedEstate(tenantFile, personas.priya.aadObjectId);
    expect(diego.subscriptionNames.length).toBeLessThan(priya.subscriptionNames.length);

    const reply = await say('open findings', { as: personas.diego, timeoutMs: 30_000 });
    const card = await completeCard(teams, reply.card, personas.diego);

    const hidden = priya.registries.filter((r) => !diego.registries.some((d) => d.name === r.name)).map((r) => r.name);
    for (const row of imageRows(card)) expect(hidden).not.toContain(row.where.split(' · ')[0]);
    expect(summaryCounts(card)).toEqual(totals(expectedMatches(diego, ['Critical', 'High', 'Medium', 'Low'])));
  });
});
