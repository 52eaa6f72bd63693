import { describe, expect } from 'vitest';
import { generateResources } from '../../../src/emulator/generate/index.js';
import { personaPrincipals, TENANT_ID } from '../../../src/emulator/generate/personas.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { estateFacts, RAW_RULES } from './support/estate.js';

/** Posture on a generated estate of many registries: every production one, worst first, paged. */

const generated = { tenantId: TENANT_ID, principals: personaPrincipals(), resources: [...generateResources({ subscriptions: 3, registries: 30, images: 0, findings: 0, seed: 7 })] };
const test = createBotTest({ tenant: generated });

describe('a generated estate', () => {
  const estate = estateFacts(generated);

  test('every production registry, over as many pages as it takes', async ({ say, click }) => {
    const prod = estate.registries.filter((r) => estate.environmentOf(r.id, r.tags) === 'prod');
    expect(prod.length).toBeGreaterThan(8);
    const first = await say('audit registries in prod', { as: personas.priya });
    expect(first.readable).toContain(`${prod.length} registries in`);
    const names = [...first.readable.matchAll(/^\[(contoso\w+)\]/gm)].map((m) => m[1]);
    let card = first.card;
    for (let guard = 0; guard < 10; guard++) {
      const more = JSON.stringify(card).match(/"verb":"page\.more","data":\{"pageId":"([^"]+)"\}/);
      if (!more?.[1]) break;
      const next = await click('page.more', { pageId: more[1] }, { as: personas.priya });
      card = next.value as Record<string, unknown>;
      names.push(...[...JSON.stringify(card).matchAll(/"text":"\[(contoso\w+)\]/g)].map((m) => m[1]));
    }
    expect([...names].sort()).toEqual(prod.map((r) => r.name).sort());
    for (const [title, passes] of Object.entries(RAW_RULES)) expect(first.readable, title).toContain(`${title}\n${prod.filter(passes).length} of ${prod.length} pass`);
  });
});
