import { describe, expect, test } from 'vitest';
import { UserError } from '../../../src/domain/errors.js';
import { FindingsService, imageKey, loadingSubscriptions, type EstateView } from '../../../src/domain/findings/index.js';
import type { UserIdentity } from '../../../src/domain/identity.js';
import type { Suppression } from '../../../src/domain/suppressions/index.js';
import { FINDINGS, REG, SUB, demoEstate } from './support/estate.js';
import { FakeFindingsSource } from './support/fake-source.js';

/** The use case: one scan per user and scope, cached for that user only, answered within a budget. */

const priya: UserIdentity = { channelUserId: '29:priya', aadObjectId: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51' };
const diego: UserIdentity = { channelUserId: '29:diego', aadObjectId: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d02' };
const all = { environments: [] };

function openCounts(view: EstateView): number {
  return view.images.reduce((n, i) => n + i.counts.reduce((a, b) => a + b, 0), 0);
}

describe('aggregation', () => {
  test('every open finding is counted once; closed ones only make the image known', async () => {
    const view = await new FindingsService(new FakeFindingsSource(demoEstate())).view(priya, all);
    // Registry findings plus the one image only a cluster knows (its finding repeats per workload).
    const registryOpen = FINDINGS.filter((f) => f.open && f.scanner !== 'runtime').length;
    expect(openCounts(view)).toBe(registryOpen + 1);
    const clean = view.images.find((i) => i.ref.repository === 'base/clean');
    expect(clean?.counts).toEqual([0, 0, 0, 0]);
    const api = view.images.find((i) => i.ref.repository === 'payments/api');
    // 2 Critical, 1 High, 0 Medium (the exempt one), 1 Low.
    expect(api?.counts).toEqual([2, 1, 0, 1]);
    expect(api?.fixable).toEqual([2, 1, 0, 0]);
    expect(api?.worst?.id).toBe('CVE-2021-44228');
  });

  test('a running image is counted from its registry scan, and its placements are kept', async () => {
    const view = await new FindingsService(new FakeFindingsSource(demoEstate())).view(priya, all);
    const apiKey = imageKey(FINDINGS[0]!.image);
    expect(view.images.filter((i) => i.key === apiKey)).toHaveLength(1);
    expect(view.placements.get(apiKey)?.map((p) => p.placement.name)).toEqual(['payments-api']);
    const agent = view.images.find((i) => i.ref.repository === 'ext/agent');
    expect(agent?.registryId).toBeUndefined();
    expect(agent?.counts).toEqual([0, 1, 0, 0]);
  });

  test('the CVE index points at every image with the CVE open', async () => {
    const view = await new FindingsService(new FakeFindingsSource(demoEstate())).view(priya, all);
    const hits = view.cves.get('CVE-2021-44228')?.hits.map((h) => view.images[h.image]?.ref.repository).sort();
    expect(hits).toEqual(['legacy/erp-connector', 'payments/api']);
    expect(view.cves.has('CVE-2024-0727')).toBe(true);
    // The exempt CVE-2024-0727 of payments/api is not among its hits.
    expect(view.cves.get('CVE-2024-0727')?.hits.map((h) => view.images[h.image]?.ref.repository)).toEqual(['web/storefront']);
  });
});

describe('caching', () => {
  test('the same user asking again within the cache lifetime reads nothing again', async () => {
    const source = new FakeFindingsSource(demoEstate());
    const service = new FindingsService(source);
    await service.view(priya, all);
    await service.view(priya, all);
    await service.view(priya, { environments: ['prod'] });
    expect(source.scans).toBe(1);
  });

  test('a cache is never shared across users: each reads with their own rights and gets their own answer', async () => {
    const narrow = { ...demoEstate(), subscriptions: demoEstate().subscriptions.filter((s) => s.id === SUB.dev) };
    const source = new FakeFindingsSource(demoEstate(), { estateFor: (u) => (u.aadObjectId === diego.aadObjectId ? narrow : demoEstate()) });
    const service = new FindingsService(source);
    const forPriya = await service.view(priya, all);
    const forDiego = await service.view(diego, all);
    expect(source.users).toEqual([priya.aadObjectId, diego.aadObjectId]);
    expect(forDiego.subscriptions.map((s) => s.name)).toEqual(['Contoso Dev']);
    expect(forPriya.subscriptions.length).toBeGreaterThan(forDiego.subscriptions.length);
  });

  test('a narrower cached scope does not answer a wider question; an expired one is read again', async () => {
    let now = 1_000;
    const source = new FakeFindingsSource(demoEstate());
    const service = new FindingsService(source, { now: () => now, cacheTtlMs: 60_000 });
    await service.view(priya, { environments: ['prod'] });
    await service.view(priya, all);
    expect(source.scans).toBe(2);
    now += 61_000;
    await service.view(priya, all);
    expect(source.scans).toBe(3);
  });

  test('a failed sign-in is reported and not cached', async () => {
    const source = new FakeFindingsSource(demoEstate());
    let fail = true;
    source.scan = async (request, sink) => {
      if (fail) throw new UserError('not known to this Azure tenant', { reason: 'unknown-user' });
      return FakeFindingsSource.prototype.scan.call(source, request, sink);
    };
    const service = new FindingsService(source);
    await expect(service.view(priya, all)).rejects.toThrow(/not known/);
    fail = false;
    await expect(service.view(priya, all)).resolves.toBeDefined();
  });
});

describe('the time budget', () => {
  test('a subscription still loading at the budget gives a partial answer that names it; the scan goes on', async () => {
    const source = new FakeFindingsSource(demoEstate(), { hanging: [SUB.dev] });
    const service = new FindingsService(source, { budgetMs: 30, maxScanMs: 200 });
    const partial = await service.view(priya, all);
    expect(partial.complete).toBe(false);
    expect(loadingSubscriptions(partial)).toEqual(['Contoso Dev']);
    // Units of the loading subscription are not half-counted: the dev registry is simply not there yet.
    expect(partial.images.some((i) => i.registryId === REG.dev)).toBe(false);
    expect(partial.images.some((i) => i.registryId === REG.payments)).toBe(true);
  });

  test('a subscription that fails is named with its reason and the rest is answered', async () => {
    const source = new FakeFindingsSource(demoEstate(), { failing: { [SUB.dev]: 'Azure answered 503 after retries' } });
    const view = await new FindingsService(source).view(priya, all);
    expect(view.complete).toBe(true);
    expect(view.missing).toEqual([{ subscriptionId: SUB.dev, label: 'Contoso Dev', state: 'failed', reason: 'Azure answered 503 after retries' }]);
    expect(view.images.some((i) => i.registryId === REG.prod)).toBe(true);
  });

  test('questions are remembered for "Refresh" by id, per command', () => {
    const service = new FindingsService(new FakeFindingsSource(demoEstate()), { newId: () => 'q1' });
    const id = service.remember('findings', 'which prod images have criticals');
    expect(service.question(id, 'findings')).toBe('which prod images have criticals');
    expect(service.question(id, 'cve')).toBeUndefined();
    expect(service.question({ not: 'an id' }, 'findings')).toBeUndefined();
  });
});

describe('suppressions', () => {
  const person = { objectId: 'x', name: 'x' };
  const log4j: Suppression = {
    id: 's-log4j', cveId: 'CVE-2021-44228', repository: 'payments/api', reason: 'vendor fix on Friday', owner: person, approvedBy: person,
    approvalId: 'a-1', createdAt: '2025-06-01T00:00:00Z', expiresAt: '2025-07-01T00:00:00Z',
  };

  function serviceAt(clock: { now: number }, suppressions: Suppression[]) {
    const reader = { active: async (at: Date) => suppressions.filter((s) => Date.parse(s.expiresAt) > at.getTime()) };
    const source = new FakeFindingsSource(demoEstate());
    return { source, service: new FindingsService(source, { suppressions: reader, now: () => clock.now }) };
  }

  test('a suppressed CVE leaves the counts, the worst finding and the CVE index of that repository only, and is counted as hidden', async () => {
    const clock = { now: Date.parse('2025-06-15T00:00:00Z') };
    const view = await serviceAt(clock, [log4j]).service.view(priya, all);
    const api = view.images.find((i) => i.ref.repository === 'payments/api');
    expect(api?.counts).toEqual([1, 1, 0, 1]);
    expect(api?.worst?.id).toBe('CVE-2022-22965');
    // The registry and running-image scans report it twice; it is one hidden finding.
    expect(view.hidden).toBe(1);
    const hits = view.cves.get('CVE-2021-44228')?.hits.map((h) => view.images[h.image]?.ref.repository);
    expect(hits).toEqual(['legacy/erp-connector']);
  });

  test('new or ended suppressions are not answered from an earlier scan: the finding comes back when it ends', async () => {
    const clock = { now: Date.parse('2025-06-30T23:59:00Z') };
    const { source, service } = serviceAt(clock, [log4j]);
    expect((await service.view(priya, all)).hidden).toBe(1);
    clock.now = Date.parse('2025-07-01T00:00:30Z');
    const after = await service.view(priya, all);
    expect(source.scans).toBe(2);
    expect(after.hidden).toBe(0);
    expect(after.images.find((i) => i.ref.repository === 'payments/api')?.counts).toEqual([2, 1, 0, 1]);
  });

  test('one image’s details mark the suppressed finding instead of dropping it silently', async () => {
    const clock = { now: Date.parse('2025-06-15T00:00:00Z') };
    const { service } = serviceAt(clock, [log4j]);
    const view = await service.view(priya, all);
    const api = view.images.find((i) => i.ref.repository === 'payments/api');
    const records = await service.imageFindings(priya, { image: api!.ref, registryId: REG.payments, clusterIds: [] });
    const log4jRecords = records.filter((r) => r.id === 'CVE-2021-44228');
    expect(log4jRecords.length).toBeGreaterThan(0);
    expect(log4jRecords.every((r) => r.suppressed === true && !r.open)).toBe(true);
    expect(records.filter((r) => r.id === 'CVE-2022-22965').every((r) => r.open)).toBe(true);
  });

  test('when suppressions cannot be read, nothing is hidden', async () => {
    const source = new FakeFindingsSource(demoEstate());
    const service = new FindingsService(source, { suppressions: { active: () => Promise.reject(new Error('store down')) } });
    const view = await service.view(priya, all);
    expect(view.hidden).toBe(0);
    expect(view.images.find((i) => i.ref.repository === 'payments/api')?.counts).toEqual([2, 1, 0, 1]);
  });
});
