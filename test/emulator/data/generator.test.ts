import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  generateResources, generateTenant, readTenantStream, writeTenantFile, type GenerateOptions,
} from '../../../src/emulator/generate/index.js';
import {
  classify, environmentOf, grantsByPrincipal, imageKeyOf, propsOf, statusOf, type ContainerGroupProps, type Resource, type SubAssessmentProps,
} from './tenant-rules.js';

const dir = mkdtempSync(join(tmpdir(), 'shipshape-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SMALL = { subscriptions: 5, registries: 9, images: 60, findings: 700, seed: 11 } as const;
let fileCounter = 0;

async function generate(opts: Omit<GenerateOptions, 'out'>): Promise<{ path: string; bytes: Buffer }> {
  const path = join(dir, `tenant-${fileCounter++}.json`);
  await generateTenant({ ...opts, out: path });
  return { path, bytes: readFileSync(path) };
}

function parse(bytes: Buffer): { tenantId: string; principals: Array<{ id: string; groups?: string[] }>; resources: Resource[] } {
  return JSON.parse(bytes.toString('utf8')) as ReturnType<typeof parse>;
}

describe('generateTenant', () => {
  test('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const a = await generate(SMALL);
    const b = await generate(SMALL);
    const c = await generate({ ...SMALL, seed: 12 });
    expect(a.bytes.length).toBeGreaterThan(10_000);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.bytes.equals(c.bytes)).toBe(false);
  });

  test('produces the requested numbers of subscriptions, registries, images and open findings', async () => {
    const tenant = parse((await generate(SMALL)).bytes);
    const kinds = (kind: string): Resource[] => tenant.resources.filter((r) => classify(r.id)?.kind === kind);
    const registries = tenant.resources.filter((r) => r.type === 'Microsoft.ContainerRegistry/registries');
    const subs = kinds('subAssessment');
    expect(kinds('subscription')).toHaveLength(SMALL.subscriptions);
    expect(registries).toHaveLength(SMALL.registries);
    expect(new Set(subs.map(imageKeyOf)).size).toBe(SMALL.images);
    expect(subs.filter((s) => statusOf(s).code === 'Unhealthy')).toHaveLength(SMALL.findings);
    expect(subs.some((s) => statusOf(s).code === 'Healthy')).toBe(true);
    expect(subs.some((s) => statusOf(s).code === 'NotApplicable')).toBe(true);
  });

  test.for([
    { ...SMALL, findings: 0, images: 3, label: 'no findings' },
    { ...SMALL, registries: 2, images: 7, findings: 2_000, label: 'more findings per image than the CVE catalog holds' },
    { subscriptions: 1, registries: 0, images: 0, findings: 0, seed: 3, label: 'an empty estate' },
  ])('still counts exactly with $label', async ({ label: _label, ...opts }) => {
    const tenant = parse((await generate(opts)).bytes);
    const subs = tenant.resources.filter((r) => classify(r.id)?.kind === 'subAssessment');
    expect(subs.filter((s) => statusOf(s).code === 'Unhealthy')).toHaveLength(opts.findings);
    expect(new Set(subs.map(imageKeyOf)).size).toBe(opts.images);
    const findingsPerImage = new Map<string, Set<string>>();
    for (const s of subs) {
      const set = findingsPerImage.get(imageKeyOf(s)) ?? new Set<string>();
      const p = propsOf<SubAssessmentProps>(s);
      const key = `${p.id}/${p.additionalData.softwareDetails?.packageName ?? ''}`;
      expect(set.has(key), `duplicate finding ${key}`).toBe(false);
      set.add(key);
      findingsPerImage.set(imageKeyOf(s), set);
    }
  });

  test('writes valid tenant meaning: parents exist, MDVM shape, env tags resolve, personas hold their rights everywhere', async () => {
    const tenant = parse((await generate(SMALL)).bytes);
    const byId = new Map(tenant.resources.map((r) => [r.id.toLowerCase(), r]));
    expect(byId.size).toBe(tenant.resources.length);
    for (const r of tenant.resources) {
      const c = classify(r.id);
      expect(c, r.id).toBeDefined();
      if (c?.parent) expect(byId.has(c.parent.toLowerCase()), `${r.id} → ${c.parent}`).toBe(true);
    }
    for (const s of tenant.resources.filter((r) => classify(r.id)?.kind === 'subAssessment')) {
      const data = propsOf<SubAssessmentProps>(s).additionalData;
      expect(data.assessedResourceType).toBe('AzureContainerRegistryVulnerability');
      expect(['Critical', 'High', 'Medium', 'Low']).toContain(data.vulnerabilityDetails?.severity);
      if (data.vulnerabilityDetails?.severity === 'Critical') expect(statusOf(s).severity).toBe('High');
      expect(data.artifactDetails?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    for (const a of tenant.resources.filter((r) => classify(r.id)?.kind === 'assessment')) {
      const open = tenant.resources.some((s) => classify(s.id)?.parent === a.id && statusOf(s).code === 'Unhealthy');
      expect(statusOf(a).code).toBe(open ? 'Unhealthy' : 'Healthy');
    }
    const envs = tenant.resources.filter((r) => r.type === 'Microsoft.ContainerRegistry/registries').map((r) => environmentOf(r.id, byId));
    for (const env of envs) expect(['prod', 'staging', 'dev']).toContain(env);
    const subscriptions = tenant.resources.filter((r) => classify(r.id)?.kind === 'subscription');
    expect(new Set(subscriptions.map((s) => environmentOf(s.id, byId)))).toEqual(new Set(['prod', 'staging', 'dev']));
    const grants = grantsByPrincipal(tenant.resources);
    for (const s of subscriptions) {
      const scope = s.id.toLowerCase();
      expect(grants.get('3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51')).toContain(`security admin@${scope}`);
      expect(grants.get('5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a04')).toContain(`security reader@${scope}`);
      expect(grants.get('9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c06')).toContain(`reader@${scope}`);
    }
    expect(grants.has('d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f05')).toBe(false);
    expect(tenant.principals.map((p) => p.id)).toContain('9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c06');
  });

  test('runs a share of the images in container groups, and none when the share is zero', async () => {
    const groupsOf = (t: ReturnType<typeof parse>): Resource[] => t.resources.filter((r) => r.type === 'Microsoft.ContainerInstance/containerGroups');
    const busy = parse((await generate({ ...SMALL, runningShare: 0.5 })).bytes);
    const images = groupsOf(busy).flatMap((g) => propsOf<ContainerGroupProps>(g).containers.map((c) => c.properties.image));
    const own = images.filter((i) => i.includes('.azurecr.io/'));
    expect(own.length).toBeGreaterThan(SMALL.images * 0.3);
    expect(own.length).toBeLessThan(SMALL.images * 0.7);
    expect(groupsOf(parse((await generate({ ...SMALL, runningShare: 0 })).bytes))).toHaveLength(0);
  });

  test('holds AKS clusters in each API server access mode in every environment, one tagged apart from its subscription', () => {
    const clusters = [...generateResources({ ...SMALL, subscriptions: 3 })].filter((r) => /\/managedClusters\/[^/]+$/i.test(r.id));
    const modeOf = (r: Resource): string => {
      const access = (r.properties as { apiServerAccessProfile?: { enablePrivateCluster?: boolean; authorizedIPRanges?: string[] } }).apiServerAccessProfile;
      return access?.enablePrivateCluster ? 'private' : (access?.authorizedIPRanges ?? []).length > 0 ? 'restricted' : 'public';
    };
    const bySubscription = new Map<string, string[]>();
    for (const c of clusters) bySubscription.set(c.id.split('/')[2] ?? '', [...(bySubscription.get(c.id.split('/')[2] ?? '') ?? []), modeOf(c)]);
    expect(bySubscription.size).toBe(3);
    for (const modes of bySubscription.values()) expect(new Set(modes)).toEqual(new Set(['public', 'restricted', 'private']));
    // A private cluster has no public address; the others do.
    for (const c of clusters) expect('fqdn' in (c.properties as object), c.id).toBe(modeOf(c) !== 'private');
    expect(clusters.filter((c) => c.tags && Object.keys(c.tags).length > 0)).toHaveLength(1);
  });

  test('is read back identically by the streaming reader', async () => {
    const { path, bytes } = await generate({ ...SMALL, findings: 3_000 });
    const tenant = parse(bytes);
    const streamed: Resource[] = [];
    const fields: Record<string, unknown> = {};
    for await (const item of readTenantStream(path)) {
      if (item.kind === 'resource') streamed.push(item.resource);
      else fields[item.key] = item.value;
    }
    expect(fields).toEqual({ tenantId: tenant.tenantId, principals: tenant.principals });
    expect(streamed).toEqual(tenant.resources);
  });

  test('rejects impossible sizes', async () => {
    await expect(generate({ ...SMALL, registries: 0 })).rejects.toThrow(/registry/);
    await expect(generate({ ...SMALL, findings: -1 })).rejects.toThrow(/non-negative/);
    await expect(generate({ ...SMALL, subscriptions: 0 })).rejects.toThrow(/subscription/);
  });

  test('reports write failures and failures of the resource source instead of hanging', async () => {
    const header = { tenantId: 't', principals: [] };
    await expect(writeTenantFile(join(dir, 'missing-dir', 'x.json'), header, [])).rejects.toThrow(/ENOENT/);
    function* failing(): Generator<Resource> {
      yield { id: '/subscriptions/00000000-0000-0000-0000-000000000001' };
      throw new Error('source broke');
    }
    await expect(writeTenantFile(join(dir, 'broken.json'), header, failing())).rejects.toThrow('source broke');
  });

  test('streams: memory stays flat while writing many findings', async () => {
    let peak = 0;
    const before = process.memoryUsage().heapUsed;
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 5);
    // About 120 MB of JSON; holding it, or its objects, would add several hundred MB of heap.
    const path = join(dir, 'flat.json');
    await generateTenant({ subscriptions: 3, registries: 10, images: 600, findings: 60_000, seed: 5, out: path });
    clearInterval(timer);
    expect(readFileSync(path).length).toBeGreaterThan(100_000_000);
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  }, 60_000);
});

describe('generateResources', () => {
  test('is lazy: the first resources come without generating the rest', () => {
    const started = Date.now();
    // One registry with a million images: nothing may be planned per registry up front either.
    const iterator = generateResources({ subscriptions: 3, registries: 1, images: 1_000_000, findings: 50_000_000, seed: 1 });
    const first: Resource[] = [];
    for (const r of iterator) {
      first.push(r);
      if (first.length === 200) break;
    }
    expect(first[0]?.id).toMatch(/^\/subscriptions\/[0-9a-f-]{36}$/);
    expect(first.some((r) => classify(r.id)?.kind === 'subAssessment')).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
