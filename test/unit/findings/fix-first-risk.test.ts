import { describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import { FindingsService, rankFixFirst, sortedImages, type FindingRecord } from '../../../src/domain/findings/index.js';
import { context } from '../commands/support/context.js';
import { REG, SUB, demoEstate, digest, record } from './support/estate.js';
import { FakeFindingsSource, type FakeEstate } from './support/fake-source.js';

/**
 * A lower-CVSS finding with a known exploit, in an image that runs on a public IP in prod, outranks
 * a higher-CVSS finding nobody has an exploit for; and the row names the newer image to move to.
 */
const cart = { at: REG.prod, repo: 'shop/cart', digest: digest('7'), tags: ['2.0'], pushed: '2025-03-01T08:00:00.0000000Z' };
const cartNext = { at: REG.prod, repo: 'shop/cart', digest: digest('8'), tags: ['2.1'], pushed: '2025-05-01T08:00:00.0000000Z' };
const exploited: FindingRecord = { ...record({ ...cart, id: 'CVE-2023-46604', severity: 'High', cvss: 7.5, pkg: 'activemq', version: '5.17.5', fixed: '5.17.6' }), exploit: { published: true, verified: true, inExploitKit: false } };

function estate(): FakeEstate {
  const base = demoEstate();
  return {
    ...base,
    findings: [
      ...base.findings,
      exploited,
      record({ ...cartNext, id: 'CVE-2024-0727', severity: 'Medium', cvss: 5.5, pkg: 'openssl', version: '3.0.11', fixed: '3.0.13' }),
    ],
    workloads: [
      ...base.workloads,
      {
        kind: 'aci', resourceId: `/subscriptions/${SUB.prod}/resourceGroups/rg-shop/providers/Microsoft.ContainerInstance/containerGroups/aci-cart`, name: 'aci-cart', detail: 'cart',
        subscriptionId: SUB.prod, resourceGroup: 'rg-shop', environment: 'prod', image: 'contosoprod.azurecr.io/shop/cart:2.0',
        deployed: { registryHost: 'contosoprod.azurecr.io', repository: 'shop/cart', tag: '2.0', digest: undefined }, publicIp: true,
      },
    ],
  };
}

describe('risk-ranked fix-first', () => {
  test('a known exploit on an internet-facing prod image outranks higher CVSS without one, and names the upgrade', async () => {
    const v = await new FindingsService(new FakeFindingsSource(estate())).view({ channelUserId: 'u', aadObjectId: 'u' }, { environments: ['prod'] });
    const ranked = rankFixFirst(v, sortedImages(v));
    const names = ranked.map((r) => `${r.image.ref.repository}:${r.image.tags[0] ?? ''}`);
    expect(names[0]).toBe('shop/cart:2.0');
    // payments/api has criticals at CVSS 10 and runs on a public IP too, but no known exploit.
    expect(names.indexOf('shop/cart:2.0')).toBeLessThan(names.indexOf('payments/api:1.4.2'));
    const top = ranked[0]!;
    expect(top.image.topCvss).toBeLessThan(ranked[1]!.image.topCvss ?? 0);
    expect(top.reasons[0]).toBe('1 finding with a known exploit');
    expect(top.upgrade?.image.tags).toEqual(['2.1']);
    expect(top.upgrade?.text).toBe('0 critical, 0 high, 1 medium open');
  });

  test('the card leads with it and says where to move', async () => {
    const base = context();
    const findings = new FindingsService(new FakeFindingsSource(estate()), { now: () => base.now().getTime(), newId: () => 'q' });
    const reply = await createCommandRouter(commands).handleText('what should we fix first in prod', { ...base, services: { ...base.services, findings } });
    expect(reply.kind).toBe('card');
    const lead = String((reply as { data: Record<string, unknown> }).data.lead);
    expect(lead).toMatch(/^Start with shop\/cart:2\.0: 1 finding with a known exploit; running in 1 place \(1 ACI\) in prod; reachable from the internet/);
    expect(lead).toContain('Move to shop/cart:2.1 (0 critical, 0 high, 1 medium open)');
  });
});

describe('the findings list in the same order', () => {
  test('leads with the image fix-first ranks first, and each row says why', async () => {
    const base = context();
    const findings = new FindingsService(new FakeFindingsSource(estate()), { now: () => base.now().getTime(), newId: () => 'q' });
    const router = createCommandRouter(commands);
    const services = { ...base.services, findings };
    const list = await router.handleText('critical and high findings in prod', { ...base, services });
    const fix = await router.handleText('what should we fix first in prod', { ...base, services });
    const rows = (r: typeof list): Record<string, unknown>[] => (r.kind === 'card' ? (r.data.images as Record<string, unknown>[]) : []);
    expect(rows(list)[0]?.name).toBe('shop/cart:2.0');
    expect(rows(list)[0]?.name).toBe(rows(fix)[0]?.name);
    expect(rows(list)[0]?.reason).toBe('known exploit · runs in prod · public IP · CVSS 7.5');
    // Below it, payments/api: no exploit, yet running on a public IP in prod with CVSS 10.
    expect(rows(list)[1]?.reason).toMatch(/^no known exploit · runs in prod · public IP · CVSS 10$/);
    expect(String(list.kind === 'card' ? list.data.lead : '')).toContain('Fix first: shop/cart:2.0 (0 critical, 1 high; known exploit · runs in prod · public IP · CVSS 7.5)');
  });

});
