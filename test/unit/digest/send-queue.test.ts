import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SendFailure } from '../../../src/proactive/send-failure.js';
import { SendQueue, type SendOutcome } from '../../../src/proactive/send-queue.js';

interface Payload {
  conversation: string;
  n: number;
}

/** A fake Teams: records when each send started, answers what the test decides. */
function teams(answer: (p: Payload, attempt: number) => SendFailure | undefined = () => undefined) {
  const starts: { conversation: string; at: number; n: number }[] = [];
  const tries = new Map<string, number>();
  const deliver = async (p: Payload) => {
    starts.push({ conversation: p.conversation, at: Date.now(), n: p.n });
    const key = `${p.conversation}#${p.n}`;
    tries.set(key, (tries.get(key) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const failure = answer(p, tries.get(key) ?? 1);
    if (failure) throw failure;
    return { activityId: key };
  };
  return { starts, deliver };
}

function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-30T07:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the proactive send queue', () => {
  test('keeps 7 per second per conversation and 50 per second per tenant, and finishes near the minimum', async () => {
    const fake = teams();
    const queue = new SendQueue<Payload>(fake.deliver, { marginMs: 0 });
    const outcomes: Promise<SendOutcome>[] = [];
    // 200 channels with one digest each, plus one chat with 21 messages.
    for (let i = 0; i < 200; i++) outcomes.push(queue.send({ id: `c${i}`, tenantKey: 't1', conversationKey: `c${i}`, payload: { conversation: `c${i}`, n: 0 } }));
    for (let n = 0; n < 21; n++) outcomes.push(queue.send({ id: `busy${n}`, tenantKey: 't1', conversationKey: 'busy', payload: { conversation: 'busy', n } }));
    const start = Date.now();
    await vi.advanceTimersByTimeAsync(10_000);
    const results = await Promise.all(outcomes);
    expect(results.every((r) => r.status === 'sent')).toBe(true);
    expect(maxInWindow(fake.starts.map((s) => s.at), 1000)).toBeLessThanOrEqual(50);
    expect(maxInWindow(fake.starts.filter((s) => s.conversation === 'busy').map((s) => s.at), 1000)).toBeLessThanOrEqual(7);
    // In order within a conversation.
    expect(fake.starts.filter((s) => s.conversation === 'busy').map((s) => s.n)).toEqual([...Array(21).keys()]);
    // 221 messages at 50/s, evenly paced: the last one starts at 220 × 20 ms. The busy chat, held to
    // 7 a second, still finishes early because it gets a slot whenever it is ready.
    const last = Math.max(...fake.starts.map((s) => s.at)) - start;
    expect(last).toBe(4_400);
    const busy = fake.starts.filter((s) => s.conversation === 'busy').map((s) => s.at - start);
    expect(busy.filter((t) => t < 1_000)).toHaveLength(7);
    expect(busy.filter((t) => t < 2_000)).toHaveLength(14);
  });

  test('sends are paced through the second, and tenants have separate budgets', async () => {
    const fake = teams();
    const queue = new SendQueue<Payload>(fake.deliver, { marginMs: 0 });
    const all = [];
    for (let i = 0; i < 100; i++) all.push(queue.send({ id: `${i}`, tenantKey: i % 2 ? 'a' : 'b', conversationKey: `c${i}`, payload: { conversation: `c${i}`, n: 0 } }));
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(all);
    const start = fake.starts[0]?.at ?? 0;
    // 50 per tenant at one every 20 ms: both tenants done within the first second, side by side.
    expect(Math.max(...fake.starts.map((s) => s.at)) - start).toBe(980);
    const firstSecond = fake.starts.filter((s) => s.at - start < 100).length;
    expect(firstSecond).toBe(10);
  });

  test('a 429 pauses that conversation for Retry-After, others keep going, and the message is sent once after', async () => {
    const fake = teams((p, attempt) => (p.conversation === 'slow' && p.n === 0 && attempt === 1 ? new SendFailure('throttled', 429, 3_000, 'Throttled') : undefined));
    const queue = new SendQueue<Payload>(fake.deliver);
    const slow = queue.send({ id: 's', tenantKey: 't', conversationKey: 'slow', payload: { conversation: 'slow', n: 0 } });
    const slowSecond = queue.send({ id: 's2', tenantKey: 't', conversationKey: 'slow', payload: { conversation: 'slow', n: 1 } });
    const other = queue.send({ id: 'o', tenantKey: 't', conversationKey: 'other', payload: { conversation: 'other', n: 0 } });
    await vi.advanceTimersByTimeAsync(100);
    expect(await other).toMatchObject({ status: 'sent' });
    await vi.advanceTimersByTimeAsync(2_800);
    expect(fake.starts.filter((s) => s.conversation === 'slow')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(await slow).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await slowSecond).toMatchObject({ status: 'sent' });
    const retried = fake.starts.filter((s) => s.conversation === 'slow' && s.n === 0);
    expect((retried[1]?.at ?? 0) - (retried[0]?.at ?? 0)).toBeGreaterThanOrEqual(3_000);
  });

  test.for([412, 502, 504])('HTTP %i is retried with growing, jittered delays', async (status) => {
    const fake = teams((_p, attempt) => (attempt <= 3 ? new SendFailure('busy', status, undefined, undefined) : undefined));
    const queue = new SendQueue<Payload>(fake.deliver, { backoff: { baseMs: 400, maxMs: 10_000 }, random: () => 0.5 });
    const outcome = queue.send({ id: 'x', tenantKey: 't', conversationKey: 'c', payload: { conversation: 'c', n: 0 } });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await outcome).toMatchObject({ status: 'sent', attempts: 4 });
    const gaps = fake.starts.slice(1).map((s, i) => s.at - (fake.starts[i]?.at ?? 0));
    // Equal jitter with random 0.5: three quarters of 400, 800, 1600 (plus the 5 ms the fake takes to answer).
    expect(gaps).toEqual([305, 605, 1205]);
  });

  test('gives up after the last attempt, and never retries a 400', async () => {
    const fake = teams((p) => new SendFailure('nope', p.conversation === 'bad' ? 400 : 502, undefined, undefined));
    const queue = new SendQueue<Payload>(fake.deliver, { maxAttempts: 3, backoff: { baseMs: 10, maxMs: 20 } });
    const flaky = queue.send({ id: 'f', tenantKey: 't', conversationKey: 'flaky', payload: { conversation: 'flaky', n: 0 } });
    const bad = queue.send({ id: 'b', tenantKey: 't', conversationKey: 'bad', payload: { conversation: 'bad', n: 0 } });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await flaky).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await bad).toMatchObject({ status: 'failed', attempts: 1 });
  });

  test('403 and 404 end the job at once for the caller to act on', async () => {
    const fake = teams((p) => new SendFailure('refused', p.conversation === 'blocked' ? 403 : 404, undefined, 'X'));
    const queue = new SendQueue<Payload>(fake.deliver);
    const blocked = queue.send({ id: 'b', tenantKey: 't', conversationKey: 'blocked', payload: { conversation: 'blocked', n: 0 } });
    const gone = queue.send({ id: 'g', tenantKey: 't', conversationKey: 'gone', payload: { conversation: 'gone', n: 0 } });
    await vi.advanceTimersByTimeAsync(100);
    expect(await blocked).toMatchObject({ status: 'forbidden', attempts: 1 });
    expect(await gone).toMatchObject({ status: 'gone', attempts: 1 });
    expect(fake.starts).toHaveLength(2);
  });

  test('closing lets sends in flight finish and hands back the rest unsent', async () => {
    const fake = teams();
    const queue = new SendQueue<Payload>(fake.deliver, { perTenant: { count: 2, windowMs: 1000 }, marginMs: 0 });
    const jobs = [0, 1, 2, 3].map((i) => queue.send({ id: `${i}`, tenantKey: 't', conversationKey: `c${i}`, payload: { conversation: `c${i}`, n: 0 } }));
    await vi.advanceTimersByTimeAsync(1);
    const closed = queue.close();
    await vi.advanceTimersByTimeAsync(10);
    await closed;
    // Two a second, paced: one had started when the queue closed.
    expect(fake.starts).toHaveLength(1);
    expect((await Promise.all(jobs)).map((j) => j.status)).toEqual(['sent', 'deferred', 'deferred', 'deferred']);
    expect(await queue.send({ id: 'late', tenantKey: 't', conversationKey: 'c9', payload: { conversation: 'c9', n: 0 } })).toMatchObject({ status: 'deferred' });
  });
});
