import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { readTenantStream, type TenantStreamItem } from '../../../src/emulator/generate/index.js';

const dir = mkdtempSync(join(tmpdir(), 'shipshape-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(path: string): Promise<{ fields: Record<string, unknown>; resources: unknown[] }> {
  const fields: Record<string, unknown> = {};
  const resources: unknown[] = [];
  for await (const item of readTenantStream(path) as AsyncGenerator<TenantStreamItem>) {
    if (item.kind === 'field') fields[item.key] = item.value;
    else resources.push(item.resource);
  }
  return { fields, resources };
}

describe('readTenantStream', () => {
  test('reads the pretty-printed demo tenant exactly as JSON.parse does', async () => {
    const path = fileURLToPath(new URL('../../../src/emulator/tenants/contoso.json', import.meta.url));
    const whole = JSON.parse(readFileSync(path, 'utf8')) as { tenantId: string; principals: unknown[]; resources: unknown[] };
    const { fields, resources } = await collect(path);
    expect(fields).toEqual({ tenantId: whole.tenantId, principals: whole.principals });
    expect(resources).toEqual(whole.resources);
  });

  test('is not fooled by brackets, quotes and backslashes inside strings, nor by fields after the resources', async () => {
    const tenant = {
      resources: [
        { id: '/subscriptions/x', note: 'a ] } [ { " \\ tricky \\" value', nested: { list: [1, [2, { deep: '}' }]] } },
        { id: '/subscriptions/y', empty: {}, none: null, list: [] },
      ],
      tenantId: 'after-the-resources',
      count: 2,
      flag: true,
    };
    const path = join(dir, 'tricky.json');
    writeFileSync(path, JSON.stringify(tenant, null, 3));
    const { fields, resources } = await collect(path);
    expect(resources).toEqual(tenant.resources);
    expect(fields).toEqual({ tenantId: 'after-the-resources', count: 2, flag: true });
  });

  test('reports a truncated file instead of silently stopping', async () => {
    const path = join(dir, 'truncated.json');
    writeFileSync(path, '{"tenantId":"t","resources":[{"id":"/subscriptions/x"},{"id":"/subscr');
    await expect(collect(path)).rejects.toThrow(/unexpected end/);
  });
});
