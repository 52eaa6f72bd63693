import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas, readTenant } from '../../harness/personas.js';
import { expectedClusters, expectedGroups, secretValues, type Tenant } from './support/expected.js';
import { allPages, cardTitle, clickForCard, rows, type Row } from './support/read-card.js';

/**
 * A generated tenant (the emulator's generator: public IPs, plain DB passwords, Docker Hub sidecars,
 * admin-user logins, Log Analytics on some groups, several subscriptions and environments): every
 * answer is compared with what the tenant file says.
 */

const dir = await mkdtemp(path.join(tmpdir(), 'shipshape-guardrails-'));
const tenantFile = path.join(dir, 'generated.json');
await generateTenant({ out: tenantFile, subscriptions: 3, registries: 4, images: 48, findings: 150, seed: 20261123, runningShare: 0.6 });
const tenant = readTenant(tenantFile) as unknown as Tenant;
const expected = expectedGroups(tenant, personas.priya.aadObjectId);
const test = createBotTest({ tenantFile });
afterAll(() => rm(dir, { recursive: true, force: true }));

const names = (found: Row[]): string[] => found.map((r) => r.name).sort();

describe('a generated tenant', () => {
  test('the generator produced every kind of problem this test relies on', () => {
    expect(expected.length).toBeGreaterThan(8);
    for (const guardrail of ['registries', 'credentials', 'network', 'monitoring'] as const) {
      expect(expected.some((g) => g[guardrail] === 'fail'), `${guardrail} broken somewhere`).toBe(true);
      expect(expected.some((g) => g[guardrail] !== 'fail'), `${guardrail} not broken somewhere`).toBe(true);
    }
  });

  test('each environment card shows exactly its container groups, each guardrail as the tenant says', async ({ say, teams }) => {
    const first = await say('check container groups against the security guidance');
    const cards = [first.card];
    const envs = [...JSON.stringify(first.card).matchAll(/"verb":"guardrails\.env","data":\{"environment":"([a-z]+)"\}/g)].map((m) => m[1] as string);
    for (const environment of new Set(envs)) cards.push(await clickForCard(teams, 'guardrails.env', { environment }, personas.priya));

    const seen = new Set<string>();
    for (const card of cards) {
      const env = cardTitle(card).replace('Workload guardrails · ', '');
      const found = (await allPages(teams, card, personas.priya)).flatMap(rows).filter((r) => r.name.startsWith('aci-'));
      const mine = expected.filter((g) => (g.env ?? 'no environment tag') === env);
      expect(names(found), env).toEqual(mine.map((g) => g.name).sort());
      for (const g of mine) {
        const row = found.find((r) => r.name === g.name);
        for (const guardrail of ['registries', 'credentials', 'privilege', 'network', 'monitoring'] as const) {
          expect(`${g.name} ${guardrail} ${row?.badges[guardrail]}`).toBe(`${g.name} ${guardrail} ${g[guardrail]}`);
        }
      }
      found.forEach((r) => seen.add(r.name));
    }
    expect([...seen].sort()).toEqual(expected.map((g) => g.name).sort());
  });

  test('the one-guardrail questions list exactly the groups the tenant says, across environments', async ({ say, teams }) => {
    const ask = async (text: string): Promise<Row[]> => (await allPages(teams, (await say(text)).card, personas.priya)).flatMap(rows);

    expect(names(await ask('which workloads use unapproved registries'))).toEqual(expected.filter((g) => g.registries === 'fail').map((g) => g.name).sort());
    expect(names(await ask('secrets in plain environment variables'))).toEqual(expected.filter((g) => g.plainSecrets.length > 0).map((g) => g.name).sort());
    const publicClusters = expectedClusters(tenant, personas.priya.aadObjectId).filter((c) => c.access === 'public').map((c) => c.name);
    expect(names(await ask('which containers are exposed to the internet'))).toEqual([...expected.filter((g) => g.network !== 'pass').map((g) => g.name), ...publicClusters].sort());
  });

  test('no generated password is shown', async ({ say, teams }) => {
    const secrets = secretValues(tenant);
    expect(secrets.length).toBeGreaterThan(0);
    const reply = await say('secrets in plain environment variables');
    const pages = JSON.stringify(await allPages(teams, reply.card, personas.priya));
    expect(pages).toContain('DB_PASSWORD');
    for (const secret of secrets) expect(pages.includes(secret)).toBe(false);
  });
});
