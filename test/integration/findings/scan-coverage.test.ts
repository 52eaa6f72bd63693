import { describe, expect } from 'vitest';
import { botTest as test } from '../../harness/fixture.js';
import type { Json } from '../../harness/connector.js';
import { DEMO_TENANT_FILE, personas, readTenant } from '../../harness/personas.js';
import { readableSubscriptions } from './support/expected.js';

/**
 * "Is Defender scanning our registries?" through /api/messages: each registry the asker can read,
 * with its scan coverage as the tenant file's assessments say it, and nothing they cannot read.
 */
const MDVM = 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5';
const QUALYS = 'dbd0cb49-b563-45e7-9724-889e799fa648';

function expectedCoverage(objectId: string): Map<string, string> {
  const tenant = readTenant(DEMO_TENANT_FILE);
  const resources = tenant.resources as Json[];
  const readable = readableSubscriptions(resources, tenant.principals as Json[], objectId);
  const ids = new Set(resources.map((r) => String(r.id).toLowerCase()));
  const coverage = new Map<string, string>();
  for (const r of resources) {
    const id = String(r.id);
    if (!/\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/i.test(id) || !readable.has((id.split('/')[2] ?? '').toLowerCase())) continue;
    const has = (key: string): boolean => ids.has(`${id}/providers/Microsoft.Security/assessments/${key}`.toLowerCase());
    coverage.set(String(r.name), has(MDVM) ? 'Defender' : has(QUALYS) ? 'retired' : 'not scanned');
  }
  return coverage;
}

function textsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (!node || typeof node !== 'object') return [];
  const n = node as Json;
  return n.type === 'TextBlock' ? [String(n.text ?? '')] : Object.values(n).flatMap(textsOf);
}

function rowsOf(card: Json | undefined): Map<string, string> {
  const rows = new Map<string, string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    const items = n.items as Json[] | undefined;
    const name = /^\*\*(.+)\*\*$/.exec(String(items?.[0]?.text ?? ''))?.[1];
    if (n.type === 'Container' && name) {
      // The status line, after the coloured mark beside it when there is one.
      const status = String(textsOf(items?.[2]).at(-1) ?? '');
      rows.set(name, /retired/i.test(status) ? 'retired' : /^Not scanned/.test(status) ? 'not scanned' : /by Defender/.test(status) ? 'Defender' : status);
      return;
    }
    Object.values(n).forEach(walk);
  };
  walk(card);
  return rows;
}

describe('scan coverage', () => {
  test.for([
    ['priya', personas.priya],
    ['diego', personas.diego],
  ] as const)('%s sees the coverage of exactly the registries she or he can read', async ([, who], { say }) => {
    const expected = expectedCoverage(who.aadObjectId);
    expect(expected.size, 'the demo tenant gives each of them registries').toBeGreaterThan(0);
    const reply = await say('is defender scanning our registries', { as: who });
    expect(rowsOf(reply.card)).toEqual(expected);
    const retired = [...expected.values()].filter((v) => v === 'retired').length;
    expect(reply.readable).toMatch(new RegExp(`${retired}\\s*Retired scanner`));
  });

  test('Sam, who can read nothing, is told so and why', async ({ say }) => {
    const reply = await say('which registries are not scanned', { as: personas.sam });
    expect(reply.readable).toMatch(/can't read any Azure subscription/);
  });
});
