import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JsonTopLevelScanner } from '../../../src/emulator/tenant/json-top-level-scanner.js';
import { TenantFileError, loadTenantFile, loadTenantObject } from '../../../src/emulator/tenant/load-tenant.js';
import { parseResourceId, resourceTypeOf } from '../../../src/emulator/tenant/resource-id.js';
import { IndexedResourceStore } from '../../../src/emulator/tenant/resource-store.js';
import { REGISTRY_A, SUB_A, tinyTenant } from './support/tenant.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'emu-core-tenant-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function fileWith(text: string): Promise<string> {
  const file = path.join(dir, `t-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, text);
  return file;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof TenantFileError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a TenantFileError');
}

describe('resource ids', () => {
  test.for([
    ['/subscriptions/s', 'Microsoft.Resources/subscriptions', ''],
    ['/subscriptions/s/resourceGroups/rg', 'Microsoft.Resources/resourceGroups', '/subscriptions/s'],
    ['/subscriptions/s/resourcegroups/rg/providers/Microsoft.ContainerRegistry/registries/r', 'Microsoft.ContainerRegistry/registries', '/subscriptions/s/resourcegroups/rg'],
    [
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r/providers/Microsoft.Security/assessments/k/subAssessments/x',
      'Microsoft.Security/assessments/subAssessments',
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r/providers/Microsoft.Security/assessments/k',
    ],
    ['/subscriptions/s/providers/Microsoft.Security/assessments/k', 'Microsoft.Security/assessments', '/subscriptions/s'],
    ['/providers/Microsoft.Authorization/roleDefinitions/g', 'Microsoft.Authorization/roleDefinitions', ''],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a/databases/b', 'Microsoft.Sql/servers/databases', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/a'],
  ] as const)('%s is a %s under %s', ([id, type, parent]) => {
    expect(resourceTypeOf(id)).toBe(type);
    expect(parseResourceId(id)?.parentId).toBe(parent);
  });

  test.for(['subscriptions/s', '/subscriptions', '/subscriptions/s/resourceGroups', '/subscriptions/s/providers/Microsoft.Security/assessments', '/subscriptions/s//resourceGroups/rg', '/subscriptions/s/foo/bar'])(
    '%s is not a resource id',
    (id) => {
      expect(parseResourceId(id)).toBeUndefined();
    },
  );
});

describe('tenant validation', () => {
  test('problems name the JSON path of the offending element', () => {
    const tenant = tinyTenant();
    const resources = tenant.resources as unknown[];
    resources.push({ id: '/subscriptions/x/resourceGroups' }, 'not-an-object', { id: `/subscriptions/${SUB_A}`.toUpperCase() });
    resources.push({ id: `${REGISTRY_A}/providers/Microsoft.Authorization/roleAssignments/r1`, properties: { roleDefinitionId: 'nope', principalId: 'x' } });
    resources.push({ id: `${REGISTRY_A}x`, type: 'Microsoft.Storage/storageAccounts' });
    (tenant.principals as unknown[]).push({ id: 'not-a-guid', displayName: '', type: 'Robot' });
    const n = resources.length;
    const p = (tenant.principals as unknown[]).length - 1;
    expect(problemsOf(() => loadTenantObject(tenant))).toEqual([
      `principals[${p}].id: expected a GUID (the Entra object id)`,
      `principals[${p}].displayName: expected a non-empty string`,
      `principals[${p}].type: expected 'User' or 'ServicePrincipal'`,
      `resources[${n - 5}].id: not an ARM resource id`,
      `resources[${n - 4}]: expected an object (an ARM resource body)`,
      `resources[${n - 3}].id: duplicate id (an earlier resource has the same id)`,
      `resources[${n - 2}].properties.roleDefinitionId: expected a role definition id`,
      `resources[${n - 2}].properties.principalId: expected a GUID`,
      `resources[${n - 1}].type: does not match the id (expected 'Microsoft.ContainerRegistry/registries')`,
    ]);
  });

  test('a file is checked the same way, with its name in the message', async () => {
    const tenant = tinyTenant();
    (tenant.resources as unknown[]).splice(12, 0, { id: 'rg-without-slash' });
    const file = await fileWith(JSON.stringify(tenant, null, 2));
    await expect(loadTenantFile(file)).rejects.toThrow(`Invalid tenant file ${file}:\n  resources[12].id: not an ARM resource id`);
  });

  test.for([
    ['{"tenantId": "0c0ffee0-1111-4000-8000-00000000c0de", "resources": [ {"id": "/subscriptions/s"}, {"id": } ]}', 'resources[1]: invalid JSON'],
    ['{"tenantId": 42}', 'tenantId: expected a GUID'],
    ['{"resources": []}', 'tenantId: required'],
    ['{"tenantId": "0c0ffee0-1111-4000-8000-00000000c0de", "resources": {}}', 'resources: expected an array'],
    ['[1, 2]', "$: invalid JSON at byte 0: expected '{'"],
    ['{"tenantId": "0c0ffee0-1111-4000-8000-00000000c0de", "resources": [', '$: invalid JSON at byte'],
  ] as const)('%s → %s', async ([text, expected]) => {
    await expect(loadTenantFile(await fileWith(text))).rejects.toThrow(expected);
  });

  test('a missing file is reported as such', async () => {
    await expect(loadTenantFile(path.join(dir, 'missing.json'))).rejects.toThrow('file not found');
  });

  test('the streaming reader and the object loader agree; unknown kinds are kept', async () => {
    const tenant = tinyTenant();
    (tenant.resources as unknown[]).push({ id: `/subscriptions/${SUB_A}/providers/Contoso.Widgets/widgets/w1`, properties: { note: 'caf\u00e9 "quoted" \\ slash' } });
    const fromFile = await loadTenantFile(await fileWith(`\ufeff${JSON.stringify({ $schema: 'x', ...tenant }, null, 1)}`));
    const fromObject = loadTenantObject(tenant);
    expect(fromFile.tenantId).toBe(fromObject.tenantId);
    expect(fromFile.store.size).toBe(fromObject.store.size);
    expect(fromFile.store.get(`/SUBSCRIPTIONS/${SUB_A}/providers/contoso.widgets/widgets/W1`)?.properties).toEqual({ note: 'caf\u00e9 "quoted" \\ slash' });
    expect([...fromFile.principals.keys()]).toEqual([...fromObject.principals.keys()]);
  });

  test('the scanner copes with any chunk boundary', () => {
    const doc = JSON.stringify({ a: { nested: ['x', '"]}'] }, resources: [{ id: 'a\\"b' }, 12, 'str', null, { deep: [[{}]] }], z: true });
    for (let size = 1; size <= 7; size++) {
      const seen: string[] = [];
      const scanner = new JsonTopLevelScanner({
        streamed: new Set(['resources']),
        value: (key, json) => seen.push(`${key}=${json}`),
        element: (key, i, json) => seen.push(`${key}[${i}]=${json}`),
      });
      const bytes = Buffer.from(doc);
      for (let i = 0; i < bytes.length; i += size) scanner.write(bytes.subarray(i, i + size));
      scanner.end();
      expect(seen).toEqual([
        'a={"nested":["x","\\"]}"]}',
        'resources[0]={"id":"a\\\\\\"b"}',
        'resources[1]=12',
        'resources[2]="str"',
        'resources[3]=null',
        'resources[4]={"deep":[[{}]]}',
        'z=true',
      ]);
    }
  });
});

describe('resource store', () => {
  const sub = (n: number): string => `/subscriptions/00000000-0000-4000-8000-00000000000${n}`;
  const finding = (s: number, rg: string, reg: string, k: number): string =>
    `${sub(s)}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${reg}/providers/Microsoft.Security/assessments/a/subAssessments/f${k}`;
  const SUBASSESSMENTS = 'Microsoft.Security/assessments/subAssessments';

  test('lists by type and scope without mixing subscriptions, groups or prefixes', () => {
    const store = new IndexedResourceStore();
    const ids = [finding(1, 'rg1', 'r1', 1), finding(1, 'rg1', 'r10', 2), finding(1, 'rg2', 'r1', 3), finding(2, 'rg1', 'r1', 4)];
    for (const id of ids) store.put({ id });
    const list = (scope: string): string[] => [...store.listByType(SUBASSESSMENTS.toLowerCase(), scope)].map((r) => r.id);
    expect(list('')).toEqual(ids);
    expect(list(sub(1))).toEqual(ids.slice(0, 3));
    expect(list(`${sub(1)}/resourceGroups/RG1`)).toEqual(ids.slice(0, 2));
    expect(list(`${sub(1)}/resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/r1`)).toEqual([ids[0]]);
    expect(list(`/${sub(1)}//resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/r1/`)).toEqual([ids[0]]);
    expect([...store.children(`${sub(1)}/resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/r1/providers/Microsoft.Security/assessments/a`, 'SUBASSESSMENTS')].map((r) => r.id)).toEqual([ids[0]]);
  });

  test('replacing keeps the position; deleting removes from every index', () => {
    const store = new IndexedResourceStore();
    const ids = [finding(1, 'rg', 'r', 1), finding(1, 'rg', 'r', 2), finding(1, 'rg', 'r', 3)];
    for (const id of ids) store.put({ id, v: 1 });
    const before = store.revision(SUBASSESSMENTS);
    store.put({ id: (ids[1] as string).toUpperCase(), v: 2 });
    expect(store.revision(SUBASSESSMENTS)).toBe(before + 1);
    expect([...store.listByType(SUBASSESSMENTS, sub(1))].map((r) => r.v)).toEqual([1, 2, 1]);
    expect(store.delete(ids[0] as string)?.id).toBe(ids[0]);
    expect(store.get(ids[0] as string)).toBeUndefined();
    expect(store.size).toBe(2);
    expect([...store.listByType(SUBASSESSMENTS, '')]).toHaveLength(2);
    expect([...store.children(ids[0]?.replace(/\/subAssessments\/f1$/, '') as string, 'subAssessments')]).toHaveLength(2);
  });
});
