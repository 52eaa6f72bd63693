import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { environmentOf } from '../../../src/azure/findings/estate-reader.js';
import { scanPlan } from '../../../src/azure/findings/scan-plan.js';
import { findingsBatches, type SubscriptionUnits } from '../../../src/azure/resourcegraph/finding-queries.js';
import { readEstate } from '../../../src/azure/resourcegraph/graph-estate.js';
import type { FindingRecord, ImageLocation, ScanSink, ScanUnit } from '../../../src/domain/findings/index.js';
import type { EstateView } from '../../../src/domain/findings/estate-view.js';
import { generateResources } from '../../../src/emulator/generate/index.js';
import { PERSONA, personaPrincipals } from '../../../src/emulator/generate/personas.js';
import { DEMO, PEOPLE, scanView, stackFor, withOtherScanners, type Stack } from './support.js';

/**
 * The Resource Graph path reads one packed row per image; what reaches the aggregation must be what
 * the per-subscription path reads, field by field: every image summary, CVE and placement, every open
 * finding record, for registry (MDVM), retired Qualys and running-image (AKS) scans, for people with
 * different rights, on the demo tenant and on a generated one given clusters and a Qualys registry.
 */

const SEED = 50_000 + Math.floor(Math.random() * 10_000);
const GENERATED = withOtherScanners({ tenantId: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a', resources: [...generateResources({ subscriptions: 4, registries: 10, images: 80, findings: 2_400, seed: SEED })] });

const stacks: Record<string, Stack> = {};
beforeAll(async () => {
  stacks.demo = await stackFor(DEMO);
  stacks.generated = await stackFor({ ...GENERATED, principals: personaPrincipals('parity.test') });
});
afterAll(async () => {
  await Promise.all(Object.values(stacks).map((s) => s.env.close()));
});

const sorted = <T>(list: Iterable<T>): T[] => [...list].map((x) => JSON.stringify(x)).sort().map((s) => JSON.parse(s) as T);

/** A view with its orders removed (arrival order differs between the paths) and CVE hits named by image key. */
function normalised(view: EstateView) {
  const keyOf = (i: number) => view.images[i]?.key;
  return {
    images: sorted(view.images.map((i) => ({ ...i, tags: [...i.tags].sort() }))),
    cves: sorted([...view.cves.values()].map((c) => ({ ...c, hits: sorted(c.hits.map((h) => ({ ...h, image: keyOf(h.image) }))) }))),
    placements: sorted([...view.placements].map(([k, list]) => [k, sorted(list)])),
    workloads: sorted(view.workloads),
    registries: sorted(view.registries),
    clusters: sorted(view.clusters),
    missing: view.missing.length,
    lastScan: view.lastScan,
  };
}

describe('one answer from both paths, field by field', () => {
  test.for(PEOPLE)('%s tenant, %s: every image, CVE and placement in every environment', async ([tenant, who]) => {
    const stack = stacks[tenant] as Stack;
    stack.fallbacks.length = 0;
    const viaGraph = normalised(await scanView(stack.graph, who, { environments: [] }));
    const viaArm = normalised(await scanView(stack.arm, who, { environments: [] }));
    expect(stack.fallbacks).toEqual([]);
    expect(viaGraph).toEqual(viaArm);
    if (who === PERSONA.priya) {
      // The comparison covers all three scans (running images whose registry was read count from the registry's scan).
      expect(new Set(viaArm.images.map((i) => i.scanner))).toEqual(new Set(['qualys', 'registry']));
      expect(viaArm.placements.length).toBeGreaterThan(0);
    }
  });

  test.for(['demo', 'generated'] as const)('%s tenant: every open finding record is the one the per-subscription path reads', async (tenant) => {
    const stack = stacks[tenant] as Stack;
    const read = async (source: Stack['graph'] | Stack['arm']) => {
      const open: unknown[] = [];
      const images = new Set<string>();
      await source.scan({ user: { channelUserId: '29:p', aadObjectId: PERSONA.priya }, scope: { environments: [] }, signal: AbortSignal.timeout(60_000) }, recording(open, images));
      return { open: sorted(open), images: [...images].sort() };
    };
    const viaGraph = await read(stack.graph);
    const viaArm = await read(stack.arm);
    expect(new Set(viaArm.open.map((r) => (r as FindingRecord).scanner))).toEqual(new Set(['qualys', 'registry', 'runtime']));
    expect(viaGraph).toEqual(viaArm);
  });
});

/** A sink keeping each open record (remediation aside: scans do not carry it) and every image seen with its unit. */
function recording(open: unknown[], images: Set<string>): ScanSink {
  const keep = (unit: ScanUnit, page: readonly FindingRecord[]) => {
    for (const { remediation: _, ...record } of page) {
      images.add(`${unit.id}|${record.image.digest}|${[...record.tags].sort().join(',')}|${record.lastPushed}|${JSON.stringify(sorted(record.placements))}`);
      if (record.open) open.push({ unit: unit.id, ...record });
    }
  };
  return { subscriptions: () => undefined, registries: () => undefined, clusters: () => undefined, workloads: () => undefined, unitStarted: () => undefined, findings: keep, unitDone: () => undefined, subscriptionDone: () => undefined };
}

describe('one image read again', () => {
  test.for(['demo', 'generated'] as const)('%s tenant: registry, Qualys and running-image findings of one image, as the per-subscription path reads them', async (tenant) => {
    const stack = stacks[tenant] as Stack;
    const user = { channelUserId: '29:p', aadObjectId: PERSONA.priya };
    const view = await scanView(stack.arm, PERSONA.priya, { environments: [] });
    const pick = (scanner: string) => view.images.find((i) => i.scanner === scanner && (scanner === 'runtime' || view.images.some((j) => j.key === i.key && j.registryId)));
    const locations: ImageLocation[] = [];
    for (const scanner of ['registry', 'qualys']) {
      const image = pick(scanner);
      if (image?.registryId) locations.push({ image: image.ref, registryId: image.registryId, clusterIds: [] });
    }
    const running = [...view.placements].find(([, list]) => list.length > 0);
    const image = running && view.images.find((i) => i.key === running[0]);
    if (running && image) locations.push({ image: image.ref, clusterIds: [...new Set(running[1].map((p) => p.clusterId))] });
    expect(locations).toHaveLength(3);
    stack.fallbacks.length = 0;
    for (const location of locations) {
      const viaGraph = await stack.graph.imageFindings(user, location, AbortSignal.timeout(30_000));
      const viaArm = await stack.arm.imageFindings(user, location, AbortSignal.timeout(30_000));
      expect(viaGraph.length).toBeGreaterThan(0);
      expect(sorted(viaGraph)).toEqual(sorted(viaArm));
    }
    expect(stack.fallbacks).toEqual([]);
  });
});

describe('the answer in few rows', () => {
  test('the findings query answers one row per image of the planned registries and clusters, not one per finding', async () => {
    const stack = stacks.generated as Stack;
    // Earlier tests spent Priya's Resource Graph quota; new fault settings start a fresh window.
    stack.env.emulator.setFaults({});
    const credential = await stack.env.user(PERSONA.priya);
    const post = async (query: string, subscriptions: readonly string[] | undefined) => {
      const answer = await stack.env.arm(credential, 'POST', '/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01', { query, ...(subscriptions ? { subscriptions } : {}) });
      expect(answer.status).toBe(200);
      return answer.body as { data: Record<string, unknown>[]; totalRecords: number; $skipToken?: string };
    };
    const view = await scanView(stack.arm, PERSONA.priya, { environments: [] });
    const subscriptions = view.subscriptions.map((s) => ({ ...s }));
    const estates = await readEstate({ all: async (query, subs) => (await post(query, subs)).data }, subscriptions, AbortSignal.timeout(30_000));
    const units: SubscriptionUnits[] = subscriptions.map((sub) => {
      const e = estates.get(sub.id.toLowerCase());
      const plan = scanPlan(sub.id, { environments: [] }, e?.states ?? new Map(), e?.registries ?? [], e?.clusters ?? [], (r) => environmentOf(r.tags, e?.groupTags.get(r.resourceGroup.toLowerCase()), sub.environment));
      const planned = new Set(plan.units.map((u) => u.unit.id));
      return { subscriptionId: sub.id, planned: plan.units, skipped: [...(e?.states.keys() ?? [])].filter((k) => !planned.has(k)) };
    });
    let rows = 0;
    let packed = 0;
    for (const batch of findingsBatches(units)) {
      const answer = await post(batch.query, batch.subscriptions);
      expect(answer.$skipToken).toBeUndefined();
      rows += answer.totalRecords;
      packed += answer.data.reduce((n, row) => n + (Array.isArray(row.f) ? row.f.length : 0), 0);
    }
    // Every open finding arrives packed; a row per image (per tag set and placement), far fewer than findings.
    const open = view.images.reduce((n, i) => n + i.counts.reduce((a, b) => a + b, 0), 0);
    expect(packed).toBeGreaterThanOrEqual(open);
    expect(rows).toBeGreaterThanOrEqual(view.images.length);
    expect(rows).toBeLessThan(packed / 5);
  });
});
