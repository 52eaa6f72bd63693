import { describe, expect } from 'vitest';
import type { Json } from '../../harness/connector.js';
import { botTest as test } from '../../harness/fixture.js';
import { DEMO_TENANT_FILE, personas } from '../../harness/personas.js';
import { expectedEstate, scopeTotals } from './support/expected.js';
import { completeCard, summaryCounts } from './support/read-card.js';

/**
 * Faults seen from Teams: the person always has an answer inside 15 s (partial when Azure is slow,
 * naming what is still loading), the card completes on refresh, and retried 5xx answers change
 * nothing in the answer.
 */
const expected = scopeTotals(expectedEstate(DEMO_TENANT_FILE, personas.priya.aadObjectId), ['prod']);

function refreshOf(card: Json | undefined): { verb: string; queryId: string } | undefined {
  const action = (card?.refresh as { action?: { verb?: string; data?: { queryId?: string } } } | undefined)?.action;
  return action?.verb && action.data?.queryId ? { verb: action.verb, queryId: action.data.queryId } : undefined;
}

describe('Azure misbehaving, seen from Teams', () => {
  test('a slow Azure gets a partial answer inside 15 s that names what is loading; Refresh completes it', { timeout: 60_000 }, async ({ stack, say, click }) => {
    // Every ARM answer takes 4 s: subscriptions, then their lists, then the findings: about 12 s in all.
    stack.emulator.setFaults({ latencyMs: 4_000, throttle: false });
    try {
      const started = Date.now();
      const reply = await say('which prod images have criticals in staging', { timeoutMs: 20_000 });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(15_000);
      expect(reply.readable).toMatch(/Partial answer: \d+ subscriptions? still loading \(Contoso/);
      const refresh = refreshOf(reply.card);
      expect(refresh?.verb).toBe('findings.refresh');
      // The card refreshes itself for the person who asked (Universal Actions), and has a button too.
      expect((reply.card?.refresh as { userIds?: string[] } | undefined)?.userIds).toEqual([personas.priya.id]);

      const completed = await click(refresh?.verb ?? '', { queryId: refresh?.queryId ?? '' });
      const card = completed.value as Json;
      expect(refreshOf(card)).toBeUndefined();
      expect(JSON.stringify(card)).not.toMatch(/still loading/);
    } finally {
      stack.emulator.setFaults({});
    }
  });

  test('5xx answers are retried and the answer is the same as without them', { timeout: 60_000 }, async ({ stack, say, teams }) => {
    stack.emulator.setFaults({ errorRate: 0.25, seed: 5, throttle: false });
    try {
      // A question of its own scope, so nothing is served from the cache of earlier tests.
      const reply = await say('critical findings in production', { as: personas.mei, timeoutMs: 30_000 });
      expect(reply.readable).not.toMatch(/something went wrong|Not included/i);
      expect(summaryCounts(await completeCard(teams, reply.card, personas.mei))).toEqual(expected);
    } finally {
      stack.emulator.setFaults({});
    }
  });
});
