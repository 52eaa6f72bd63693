import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import type { Json } from '../../harness/connector.js';
import { startStack, type Stack } from '../../harness/stack.js';
import { DEMO_TENANT_FILE, personas } from '../../harness/personas.js';
import type { TeamsClient } from '../../harness/teams-client.js';
import { expectedEstate, totals } from '../findings/support/expected.js';
import { completeCard, summaryCounts } from '../findings/support/read-card.js';

/**
 * One question, one number: the criticals card, the highs card, fix-first and the digest, asked for
 * the same scope through /api/messages against the emulator, show the same totals, and those are the
 * totals the tenant file holds for that scope.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-numbers-'));
const generated = path.join(dir, 'tenant.json');
await generateTenant({ out: generated, subscriptions: 4, registries: 10, images: 120, findings: 1_200, seed: 7_2026 });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function totalsOf(teams: TeamsClient, say: TeamsClient['say'], question: string): Promise<Record<string, number> | undefined> {
  const reply = await say(question, { timeoutMs: 30_000 });
  return summaryCounts(await completeCard(teams, reply.card, personas.priya));
}

/** "Open now: 26 critical · 27 high" on the digest. */
function digestOpen(card: Json | undefined): { Critical: number; High: number } {
  const facts = JSON.stringify(card).match(/"Open now".*?"(\d[\d,]*) critical · (\d[\d,]*) high"/);
  expect(facts, 'the digest shows what is open now').not.toBeNull();
  return { Critical: Number(facts?.[1]?.replace(/,/g, '')), High: Number(facts?.[2]?.replace(/,/g, '')) };
}

for (const [label, tenantFile] of [['the demo tenant', DEMO_TENANT_FILE], ['a generated tenant', generated]] as const) {
  describe(label, () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack({ tenantFile });
    }, 60_000);
    afterAll(() => stack?.close());

    test('criticals, highs, fix-first and the digest give the same prod totals', async () => {
      const teams = stack.teams;
      const say = teams.say.bind(teams);
      const expected = totals(expectedEstate(tenantFile, personas.priya.aadObjectId).images.filter((i) => i.env === 'prod'));
      expect(expected.Critical + expected.High, 'prod has criticals or highs to count').toBeGreaterThan(0);

      const criticals = await totalsOf(teams, say, 'which prod images have criticals');
      const highs = await totalsOf(teams, say, 'high findings in prod');
      const fixFirst = await totalsOf(teams, say, 'what should we fix first in prod');
      await say('send a daily digest here at 9:00 for prod as me');
      const digest = await say('digest now', { timeoutMs: 30_000 });

      expect(criticals).toEqual(expected);
      expect(highs).toEqual(expected);
      expect(fixFirst).toEqual(expected);
      expect(digestOpen(digest.card)).toEqual({ Critical: expected.Critical, High: expected.High });
    }, 120_000);
  });
}
