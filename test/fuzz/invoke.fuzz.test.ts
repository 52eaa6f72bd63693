import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Principal } from '../../src/emulator/http/types.js';
import { readTenant, personas } from '../harness/personas.js';
import { startStack, TEST_APP, type Stack } from '../harness/stack.js';
import { fuzzActivity, VERBS } from './support/activities.js';
import { snapshotter, WriteWatch, type Snapshotter } from './support/azure-state.js';
import { runs, SEED } from './support/budget.js';

/**
 * Card actions and invokes through the real endpoint: the whole bot (HTTP, adapter, bot, router,
 * handlers, Azure clients) against the emulator. Whatever arrives, the answer is a 2xx or a 4xx,
 * never a 5xx or a stack trace, and nothing in Azure changes.
 */
const STACK_TRACE = /\n\s+at\s|\.(?:ts|js):\d+:\d+|node_modules/;
// Several activities per generated case, sent together: turns run concurrently, as they do in Teams.
const PER_CASE = 3;

let stack: Stack;
const watch = new WriteWatch();
let state: Snapshotter;
let before: string;
let sent = 0;

beforeAll(async () => {
  stack = await startStack({ log: watch.log, env: { DIGEST_SCHEDULER: 'off' } });
  const tenant = readTenant(stack.tenantFile);
  const priya = tenant.principals.find((p) => p.id === personas.priya.aadObjectId) as unknown as Principal;
  state = await snapshotter(stack.emulator.baseUrl, `${stack.workdir}/ca`, stack.emulator.tenantId, priya, TEST_APP.clientId);
  before = await state.snapshot();
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('card actions and invokes through /api/messages', () => {
  test(`${runs('botInvokes')} generated activities: no 5xx, no stack trace, no Azure write`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzActivity, { minLength: 1, maxLength: PER_CASE }), async (makers) => {
        const activities = makers.map((make) => make(stack.context));
        const results = await Promise.all(activities.map((a) => stack.teams.post(a)));
        sent += activities.length;
        results.forEach((result, i) => {
          const activity = activities[i] as Record<string, unknown>;
          const what = `${String(activity.type)} ${String(activity.name ?? '')} ${JSON.stringify(activity.value)?.slice(0, 300)}`;
          if (result.status >= 500 || STACK_TRACE.test(result.body)) throw new Error(`HTTP ${result.status} for ${what}: ${result.body.slice(0, 500)}`);
          const value = activity.value as { action?: { type?: unknown; verb?: unknown } } | undefined;
          if (activity.name === 'adaptiveCard/action' && result.status !== 200) throw new Error(`card action answered HTTP ${result.status} for ${what}`);
          if (activity.name === 'adaptiveCard/action' && value?.action !== undefined && (result.json as { statusCode?: unknown } | undefined)?.statusCode !== 200) {
            throw new Error(`card action without a card for ${what}: ${result.body.slice(0, 300)}`);
          }
        });
        const writes = watch.writes();
        if (writes.length > 0) throw new Error(`Azure writes after ${JSON.stringify(activities.map((a) => a.value)).slice(0, 500)}: ${writes.join(', ')}`);
      }),
      { numRuns: Math.ceil(runs('botInvokes') / ((1 + PER_CASE) / 2)), seed: SEED, endOnFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(runs('botInvokes') * 0.8);
  }, 900_000);

  test('the fuzzing reached Azure, and Azure is exactly as it was', async () => {
    // Real verbs with real ids must have made the bot read Azure, or the check below proves nothing.
    expect(watch.requests()).toBeGreaterThan(10);
    expect(watch.writes()).toEqual([]);
    expect(await state.snapshot()).toBe(before);
  }, 120_000);

  test('the bot is still healthy, and still answers', async () => {
    expect((await stack.teams.get('/healthz')).status).toBe(200);
    const reply = await stack.teams.click('help.try', { command: 'ping', example: 0 });
    expect(reply.statusCode).toBe(200);
    expect(VERBS.length).toBeGreaterThan(2);
  });

  test('the write check can fail: a write in the log is reported', () => {
    const probe = new WriteWatch();
    probe.log('PUT /subscriptions/x/providers/Microsoft.Authorization/policyAssignments/a 201 4ms');
    probe.log('POST /subscriptions/x/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults 200 3ms');
    probe.log('DELETE /subscriptions/x/resourcegroups/rg 403 2ms');
    expect(probe.writes()).toEqual(['PUT /subscriptions/x/providers/Microsoft.Authorization/policyAssignments/a 201 4ms']);
  });
});
