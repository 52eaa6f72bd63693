import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { loadTenantFile } from '../../../src/emulator/tenant/load-tenant.js';
import type { LoadedTenant } from '../../../src/emulator/tenant/load-tenant.js';

const FINDINGS = 100_000;
const SUB_ASSESSMENTS = 'Microsoft.Security/assessments/subAssessments';
let dir: string;
let file: string;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'emu-core-scale-'));
  file = path.join(dir, 'large.json');
  await generateTenant({ out: file, subscriptions: 3, registries: 9, images: 300, findings: FINDINGS, seed: 11 });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a generated tenant with 100,000 findings', () => {
  let tenant: LoadedTenant;
  let heapPerResource = 0;
  let loadMs = 0;

  test('loads through the streaming reader within memory bounds', async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    tenant = await loadTenantFile(file);
    loadMs = Date.now() - started;
    gc();
    heapPerResource = (process.memoryUsage().heapUsed - before) / tenant.store.size;
    const bytesPerResource = (await stat(file)).size / tenant.store.size;
    console.log(`loaded ${tenant.store.size} resources in ${loadMs} ms; ${Math.round(heapPerResource)} heap bytes per resource (${Math.round(bytesPerResource)} file bytes)`);
    expect(tenant.store.size).toBeGreaterThan(FINDINGS);
    // Kept objects are the parsed bodies: about 1.5x their JSON, with the indexes, not several copies.
    expect(heapPerResource).toBeLessThan(bytesPerResource * 2.5);
    expect(loadMs).toBeLessThan(60_000);
  }, 120_000);

  test('type and parent indexes answer without scanning the tenant', () => {
    const subscriptions = [...tenant.store.listByType('Microsoft.Resources/subscriptions', '')];
    expect(subscriptions.length).toBe(3);
    let started = performance.now();
    const perSubscription = subscriptions.map((s) => [...tenant.store.listByType(SUB_ASSESSMENTS, s.id)].length);
    const listMs = performance.now() - started;
    expect(perSubscription.reduce((a, b) => a + b, 0)).toBe([...tenant.store.listByType(SUB_ASSESSMENTS, '')].length);
    expect(listMs).toBeLessThan(500);

    const first = tenant.store.listByType(SUB_ASSESSMENTS, '')[Symbol.iterator]().next().value;
    expect(first).toBeDefined();
    const assessmentId = (first?.id ?? '').replace(/\/subAssessments\/[^/]+$/, '');
    started = performance.now();
    const siblings = [...tenant.store.children(assessmentId, 'subAssessments')];
    expect(performance.now() - started).toBeLessThan(50);
    expect(siblings.length).toBeGreaterThan(0);
    expect(siblings.every((s) => s.id.toLowerCase().startsWith(`${assessmentId.toLowerCase()}/subassessments/`))).toBe(true);
    expect(tenant.store.get((first?.id ?? '').toUpperCase())).toBe(first);
  });
});
