import { Writable } from 'node:stream';
import { describe, expect } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import type { Json } from '../../harness/connector.js';
import { createBotTest } from '../../harness/fixture.js';
import { DEMO_TENANT_FILE, personas, readTenant, type Persona } from '../../harness/personas.js';
import type { TeamsClient } from '../../harness/teams-client.js';
import { expectedClusters, expectedGroups, readableIds, secretValues, type ExpectedGroup, type Tenant } from './support/expected.js';
import { allPages, cardTitle, clickForCard, lineStarting, rows, type Row } from './support/read-card.js';

/**
 * The guardrail questions asked through /api/messages on the demo tenant, by each persona. What each
 * row should say is computed from the tenant file; every reply and every log line is checked for the
 * tenant's secret values at the end.
 */

const logLines: string[] = [];
const emulatorLines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(chunk.toString('utf8'));
    done();
  },
});
const test = createBotTest({ app: { log: createLogger('debug', sink) }, log: (line) => emulatorLines.push(line) });

const tenant = readTenant(DEMO_TENANT_FILE) as unknown as Tenant;
const GENERIC_FAILURE = /something went wrong/i;
const CHECKED = ['registries', 'credentials', 'privilege', 'network', 'monitoring'] as const;

function clustersOf(who: Persona, env: string): string[] {
  const canRead = readableIds(tenant, who.aadObjectId, 'Microsoft.ContainerService/managedClusters/read');
  return tenant.resources
    .filter((r) => /\/managedClusters\/[^/]+$/i.test(String(r.id)) && canRead(String(r.id)))
    .filter((r) => String((r.tags as Record<string, string> | undefined)?.env ?? '').toLowerCase() === env)
    .map((r) => String(r.name));
}

async function allRows(teams: TeamsClient, card: Json | undefined, as: Persona): Promise<Row[]> {
  return (await allPages(teams, card, as)).flatMap(rows);
}

function expectRowsMatch(found: Row[], expected: ExpectedGroup[]): void {
  for (const group of expected) {
    const row = found.find((r) => r.name === group.name);
    expect(row, group.name).toBeDefined();
    for (const guardrail of CHECKED) expect(`${group.name} ${guardrail} ${row?.badges[guardrail]}`).toBe(`${group.name} ${guardrail} ${group[guardrail]}`);
  }
}

describe('"check prod container groups against the security guidance"', () => {
  test('Priya: one row per prod container group and cluster, each guardrail as the tenant data says, worst first', async ({ say, teams }) => {
    const expected = expectedGroups(tenant, personas.priya.aadObjectId).filter((g) => g.env === 'prod');
    expect(expected.length).toBeGreaterThan(3);

    const reply = await say('check prod container groups against the security guidance');

    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
    expect(cardTitle(reply.card)).toBe('Workload guardrails · prod');
    const found = await allRows(teams, reply.card, personas.priya);
    expect(found.map((r) => r.name).sort()).toEqual([...expected.map((g) => g.name), ...clustersOf(personas.priya, 'prod')].sort());
    expectRowsMatch(found, expected);
    // Worst first: the number of broken guardrails never goes up down the list.
    const broken = found.map((r) => Object.values(r.badges).filter((m) => m === 'fail').length);
    expect(broken).toEqual([...broken].sort((a, b) => b - a));
    // The group that keeps every guardrail says so, and a flagged row says why and what to do.
    expect(found.find((r) => r.name === 'aci-storefront-canary')?.lines).toContain('Keeps every guardrail');
    const payments = found.find((r) => r.name === 'aci-payments-api');
    expect(payments?.lines.join('\n')).toMatch(/DB_PASSWORD in container api is a plain value[\s\S]*Why it matters: [\s\S]*What to do: /);
  });

  test('the other environments are a button away, each its own card', async ({ say, teams }) => {
    const reply = await say('are our prod workloads following the guidance?');
    const card = await clickForCard(teams, 'guardrails.env', { environment: 'staging' }, personas.priya);

    expect(reply.readable).toMatch(/staging \(\d+ workloads?\)/);
    expect(cardTitle(card)).toBe('Workload guardrails · staging');
    const expected = expectedGroups(tenant, personas.priya.aadObjectId).filter((g) => g.env === 'staging');
    const found = await allRows(teams, card, personas.priya);
    expect(found.map((r) => r.name).sort()).toEqual(expected.map((g) => g.name).sort());
    expectRowsMatch(found, expected);
  });

  test('Diego sees only what his dev Reader role lets him read', async ({ say, teams }) => {
    const mine = expectedGroups(tenant, personas.diego.aadObjectId);
    const hidden = expectedGroups(tenant, personas.priya.aadObjectId).filter((g) => !mine.some((m) => m.id === g.id)).map((g) => g.name);
    expect(hidden.length).toBeGreaterThan(0);

    const prod = await say('check prod container groups against the security guidance', { as: personas.diego });
    const dev = await clickForCard(teams, 'guardrails.env', { environment: 'dev' }, personas.diego);

    const prodRows = await allRows(teams, prod.card, personas.diego);
    expect(prodRows.map((r) => r.name).sort()).toEqual(mine.filter((g) => g.env === 'prod').map((g) => g.name).sort());
    expectRowsMatch(prodRows, mine.filter((g) => g.env === 'prod'));
    expect(rows(dev).map((r) => r.name).sort()).toEqual(mine.filter((g) => g.env === 'dev').map((g) => g.name).sort());
    const seen = [prod.readable, JSON.stringify(dev)].join('\n');
    for (const name of hidden) expect(seen, name).not.toContain(name);
  });

  test('Mei reads through her group: the same prod rows as the tenant grants her', async ({ say, teams }) => {
    const mine = expectedGroups(tenant, personas.mei.aadObjectId).filter((g) => g.env === 'prod');
    expect(mine.length).toBeGreaterThan(0);
    const found = await allRows(teams, (await say('check prod container groups against the security guidance', { as: personas.mei })).card, personas.mei);
    expect(found.filter((r) => r.name.startsWith('aci-')).map((r) => r.name).sort()).toEqual(mine.map((g) => g.name).sort());
  });

  test('someone the tenant does not know is told so', async ({ say }) => {
    const reply = await say('check prod container groups against the security guidance', { as: personas.stranger });
    expect(reply.readable).toMatch(/not known to this Azure tenant/i);
  });

  test('Sam, with no role, is told plainly', async ({ say }) => {
    const reply = await say('check prod container groups against the security guidance', { as: personas.sam });
    expect(reply.readable).toMatch(/can't read any Azure subscription/i);
    expect(rows(reply.card)).toEqual([]);
  });
});

describe('one guardrail at a time', () => {
  const prod = (): ExpectedGroup[] => expectedGroups(tenant, personas.priya.aadObjectId).filter((g) => g.env === 'prod');

  test('"which prod workloads use unapproved registries" names the images', async ({ say, teams }) => {
    const expected = prod().filter((g) => g.registries === 'fail');
    expect(expected.length).toBeGreaterThan(0);
    const found = await allRows(teams, (await say('which prod workloads use unapproved registries')).card, personas.priya);
    expect(found.map((r) => r.name).sort()).toEqual(expected.map((g) => g.name).sort());
    for (const g of expected) for (const image of g.unapprovedImages) expect(found.find((r) => r.name === g.name)?.lines.join('\n')).toContain(image);
  });

  test('"secrets in plain environment variables in prod" names the variables, never their values', async ({ say, teams }) => {
    const expected = prod().filter((g) => g.plainSecrets.length > 0);
    const reply = await say('secrets in plain environment variables in prod');
    const found = await allRows(teams, reply.card, personas.priya);
    expect(found.map((r) => r.name).sort()).toEqual(expected.map((g) => g.name).sort());
    for (const g of expected) for (const name of g.plainSecrets) expect(found.find((r) => r.name === g.name)?.lines.join('\n')).toContain(name);
  });

  test('"which prod containers are exposed to the internet" lists the public groups and public API servers; the private groups are clear', async ({ say, teams }) => {
    const reply = await say('which prod containers are exposed to the internet');
    const found = await allRows(teams, reply.card, personas.priya);
    const publicClusters = expectedClusters(tenant, personas.priya.aadObjectId).filter((c) => c.env === 'prod' && c.access === 'public').map((c) => c.name);
    expect(found.map((r) => r.name).sort()).toEqual([...prod().filter((g) => g.network !== 'pass').map((g) => g.name), ...publicClusters].sort());
    for (const g of prod().filter((x) => x.network === 'pass')) expect(lineStarting(reply.card, 'Clear: ')).toContain(g.name);
  });

  test('"what runs stale images in prod" lists the payments API (pushed long ago) and not the fresh canary', async ({ say, teams }) => {
    const reply = await say('what runs stale images in prod');
    const found = await allRows(teams, reply.card, personas.priya);
    expect(found.find((r) => r.name === 'aci-payments-api')?.lines.join('\n')).toMatch(/payments\/api:1\.4\.2 \(container api\) was last pushed \d+ days ago/);
    expect(found.map((r) => r.name)).not.toContain('aci-storefront-canary');
    expect(lineStarting(reply.card, 'Clear: ')).toContain('aci-storefront-canary');
  });
});

describe('fix buttons', () => {
  test('the admin-user fix is proposed to Priya; the same button is refused to Diego, who cannot read the registry', async ({ say, teams }) => {
    const found = await allRows(teams, (await say('check prod container groups against the security guidance')).card, personas.priya);
    const fixId = found.find((r) => r.name === 'aci-payments-api')?.fixes.find((f) => f.startsWith('disable-admin-user|'));
    expect(fixId).toMatch(/\/registries\/contosopayments$/);

    const proposal = await clickForCard(teams, 'guardrails.fix', { fixId: fixId as string }, personas.priya);
    const refused = await clickForCard(teams, 'guardrails.fix', { fixId: fixId as string }, personas.diego);

    expect(JSON.stringify(proposal)).toContain('PATCH /subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000001/resourceGroups/rg-payments-prod/providers/Microsoft.ContainerRegistry/registries/contosopayments?api-version=2025-11-01');
    expect(JSON.stringify(proposal)).toContain('nothing has been changed');
    expect(JSON.stringify(refused)).toMatch(/can’t read contosopayments/);
  });
});

describe('asking for approval', () => {
  test('"Ask for approval" on a fix opens an approval request for exactly that change; Diego cannot ask for it', async ({ say, teams }) => {
    const found = await allRows(teams, (await say('check prod container groups against the security guidance')).card, personas.priya);
    const fixId = found.find((r) => r.name === 'aci-erp-connector')?.fixes.find((f) => f.startsWith('disable-admin-user|')) as string;
    expect(fixId).toMatch(/\/registries\/contosolegacy$/);
    const proposal = await clickForCard(teams, 'guardrails.fix', { fixId }, personas.priya);
    expect(JSON.stringify(proposal)).toContain('"verb":"guardrails.request"');

    const approval = JSON.stringify(await clickForCard(teams, 'guardrails.request', { fixId }, personas.priya));
    const refused = JSON.stringify(await clickForCard(teams, 'guardrails.request', { fixId: fixId.replace('contosolegacy', 'contosopayments').replace('000000000003', '000000000001').replace('rg-shared-tools', 'rg-payments-prod') }, personas.diego));

    expect(approval).toContain('Waiting for approval');
    expect(approval).toContain('PATCH /subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000003/resourceGroups/rg-shared-tools/providers/Microsoft.ContainerRegistry/registries/contosolegacy');
    expect(refused).toMatch(/can’t read contosopayments/);
  });
});

describe('secrets', () => {
  test('no secret value of the tenant appears in any reply, log line or emulator log', async ({ say, teams }) => {
    const secrets = secretValues(tenant);
    expect(secrets.length).toBeGreaterThan(3);
    const questions = [
      'check prod container groups against the security guidance',
      'secrets in plain environment variables in prod',
      'secrets in plain environment variables in staging',
      'secrets in plain environment variables in dev',
      'which prod workloads use unapproved registries',
      'which prod containers are exposed to the internet',
      'what runs stale images in prod',
    ];
    const cards: unknown[] = [];
    for (const who of [personas.priya, personas.diego]) {
      for (const question of questions) {
        const reply = await say(question, { as: who });
        cards.push(...(await allPages(teams, reply.card, who)));
        for (const fixId of rows(reply.card).flatMap((r) => r.fixes)) cards.push(await clickForCard(teams, 'guardrails.fix', { fixId }, who));
      }
      for (const environment of ['staging', 'dev']) {
        const card = await clickForCard(teams, 'guardrails.env', { environment }, who);
        cards.push(...(await allPages(teams, card as Json | undefined, who)));
      }
    }

    const replies = JSON.stringify([teams.connector.sent, cards]);
    expect(replies).toContain('DB_PASSWORD');
    expect(replies).toContain('SERVICEBUS_CONNECTION_STRING');
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(replies.includes(secret), 'a reply carries a secret value').toBe(false);
      expect(logs.includes(secret), 'a log line carries a secret value').toBe(false);
      expect(emulatorLines.join('\n').includes(secret), 'the emulator log carries a secret value').toBe(false);
    }
  });
});
