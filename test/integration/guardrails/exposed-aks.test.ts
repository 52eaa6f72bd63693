import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { cardText } from '../../harness/cards.js';
import type { Json } from '../../harness/connector.js';
import { botTestFor, INTERNAL } from '../any-tenant/support/bot-test.js';
import { limits } from '../cards/support/limits.js';
import { buildOtherTenant } from '../any-tenant/support/other-tenant.js';
import { expectedClusters, expectedGroups, type Tenant } from './support/expected.js';
import { allPages, rows } from './support/read-card.js';

/**
 * "Which prod containers are exposed to the internet" on a tenant generated here, with its own ids,
 * names, people and environment tag names, asked through /api/messages: public container groups and
 * AKS clusters whose API server anyone can reach, nothing private or outside prod, and what cannot be
 * seen without cluster access. Every expectation comes from the tenant file.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-exposed-aks-'));
const other = buildOtherTenant(dir, { seed: 7119, reader: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tenant = other.tenant as unknown as Tenant;
const { people } = other;
const test = botTestFor(other);

const QUESTION = 'which prod containers are exposed to the internet';
const UNSEEN = /Services of type LoadBalancer and ingress inside AKS clusters are not visible to ShipShape/;
const timesUnseen = (text: string): number => text.split(UNSEEN.source).length - 1;

const allText = (pages: Json[]): string => pages.map((p) => cardText(p)).join('\n');

describe(`exposure on a generated tenant (${other.org})`, () => {
  test('the tenant holds prod clusters in each API server mode and a cluster outside prod', () => {
    const clusters = expectedClusters(tenant, people.lead.aadObjectId);
    const prod = clusters.filter((c) => c.env === 'prod');
    expect(new Set(prod.map((c) => c.access))).toEqual(new Set(['public', 'restricted', 'private']));
    expect(clusters.some((c) => c.env !== 'prod' && c.access === 'public')).toBe(true);
  });

  test('lists the public-API-server prod clusters and public container groups, not private or non-prod ones, and says what it cannot see', async ({ say, teams }) => {
    const clusters = expectedClusters(tenant, people.lead.aadObjectId);
    const groups = expectedGroups(tenant, people.lead.aadObjectId).filter((g) => g.env === 'prod');
    const expected = [...groups.filter((g) => g.network !== 'pass').map((g) => g.name), ...clusters.filter((c) => c.env === 'prod' && c.access === 'public').map((c) => c.name)].sort();
    expect(groups.some((g) => g.network === 'fail'), 'a prod container group with a public IP').toBe(true);

    const reply = await say(QUESTION, { as: people.lead, timeoutMs: 30_000 });
    expect(reply.readable).not.toMatch(INTERNAL);
    const pages = await allPages(teams, reply.card, people.lead);
    const found = pages.flatMap(rows);
    expect(found.map((r) => r.name).sort()).toEqual(expected);

    for (const c of clusters.filter((x) => x.env === 'prod' && x.access === 'public')) {
      const lines = found.find((r) => r.name === c.name)?.lines.join('\n') ?? '';
      expect(lines).toMatch(/Kubernetes API server public to the internet .* with no authorized IP ranges/);
      expect(lines).toContain(`(https://portal.azure.com/#@${other.tenantId}/resource${c.id}/networking)`);
      expect(lines).toMatch(/authorized IP ranges\) or make it a private cluster/);
    }
    const text = allText(pages);
    for (const c of clusters.filter((x) => x.env === 'prod' && x.access === 'restricted')) expect(text).toContain(`${c.name} (${c.ranges} range${c.ranges === 1 ? '' : 's'})`);
    for (const c of clusters.filter((x) => x.env === 'prod' && x.access === 'private')) expect(text).toMatch(new RegExp(`Private clusters?, API server reachable only from inside the virtual network: [^\\n]*\\b${c.name}\\b`));
    // Clusters outside prod are not part of the answer at all.
    for (const c of clusters.filter((x) => x.env !== 'prod')) expect(text).not.toMatch(new RegExp(`\\b${c.name}\\b`));
    // Said once, at the top of the first page with what the answer leaves out, and no cluster is called clear.
    expect(timesUnseen(cardText(pages[0] as Json))).toBe(1);
    expect(limits(pages[0]).join(' ')).toMatch(UNSEEN);
    expect(text).toContain('kubectl get services --all-namespaces');
    expect(text.match(/^Clear: .*$/m)?.[0] ?? '').not.toMatch(/\baks-/);
  });

  test('someone with rights on one resource group is told the answer covers only part of the subscription', async ({ say }) => {
    const reply = await say(QUESTION, { as: people.scoped, timeoutMs: 30_000 });
    expect(reply.readable).not.toMatch(INTERNAL);
    // At the top, in the block every partial answer opens with.
    expect(limits(reply.card).join(' ')).toMatch(/You can read only some resource groups of ([^:]+): this covers those; the rest of \1 is not included\./);
    expect(reply.readable).toMatch(/You can read no prod subscription/);
  });

  test('the whole-guidance card says the same: part of a subscription for the scoped person, what clusters hide for the lead', async ({ say }) => {
    const scoped = await say('check prod container groups against the security guidance', { as: people.scoped, timeoutMs: 30_000 });
    expect(scoped.readable).not.toMatch(INTERNAL);
    expect(limits(scoped.card).join(' ')).toMatch(/You can read only some resource groups of ([^:]+): this covers those; the rest of \1 is not included\./);
    const lead = await say('check prod container groups against the security guidance', { as: people.lead, timeoutMs: 30_000 });
    expect(lead.readable).not.toMatch(/You can read only some resource groups/);
    expect(timesUnseen(lead.readable)).toBe(1);
  });

  test('someone who reads only a dev subscription is told prod subscriptions they cannot read are not included', async ({ say }) => {
    const reply = await say(QUESTION, { as: people.developer, timeoutMs: 30_000 });
    expect(reply.readable).not.toMatch(INTERNAL);
    expect(limits(reply.card).join(' ')).toMatch(/You can read no prod subscription \([^)]* is dev\): this covers only prod-tagged resources inside it\. Prod subscriptions you cannot read, if there are any, are not included\./);
  });
});
