import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { UserError } from '../../../src/domain/errors.js';
import { NAMESPACES } from '../../../src/store/namespaces.js';
import type { RunRecord } from '../../../src/schedule/digest-runner.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import type { FakeSender} from './support/fakes.js';
import { finding, observation } from './support/fakes.js';
import { DIEGO, instance, PRIYA, subscribe, type Instance } from './support/runtime.js';

const KEY = 'chan-ops';
let store: SqliteStore;
let a: Instance;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-30T06:00:00Z') });
  store = new SqliteStore(':memory:');
  a = instance(store, { queue: { backoff: { baseMs: 10, maxMs: 20 } } });
});
afterEach(async () => {
  await a.queue.close();
  await store.close();
  vi.useRealTimers();
});

async function due(): Promise<{ id: string; dueAt: string }> {
  const [sub] = await a.repository.byConversation(KEY);
  if (!sub) throw new Error('no subscription');
  return { id: sub.id, dueAt: sub.nextRunAt };
}

/** Runs the subscription's due occurrence with the clock at its due time. */
async function runDue(): Promise<string> {
  const { id, dueAt } = await due();
  vi.setSystemTime(new Date(dueAt));
  const result = a.runner.runDue(id, dueAt);
  await vi.advanceTimersByTimeAsync(5_000);
  return result;
}

function headlines(sender: FakeSender): string[] {
  return sender.sent.map((s) => String((s.activity.attachments?.[0]?.content as { headline?: string }).headline));
}

describe('a digest run', () => {
  test('baseline first, then what changed; the snapshot moves only with a delivered digest', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris');
    a.observer.current = observation({ findings: [finding('CVE-1'), finding('CVE-2', 'High')] });
    expect(await runDue()).toBe('sent');
    a.observer.current = observation({ findings: [finding('CVE-1'), finding('CVE-3'), finding('CVE-4', 'High')] });
    expect(await runDue()).toBe('sent');
    expect(headlines(a.sender)).toEqual([
      'Baseline: 1 open critical and 1 open high right now. The next digests report what changes.',
      '1 new critical, 1 new high and 1 resolved.',
    ]);
    const sub = (await a.repository.byConversation(KEY))[0];
    expect(sub?.lastRun).toMatchObject({ outcome: 'sent', trigger: 'scheduled' });
    expect(sub?.nextRunAt).toBe('2026-04-01T07:00:00.000Z');
  });

  test('resumes a run that was composed but not sent: the same card goes out, nothing is read again', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris');
    const { id, dueAt } = await due();
    const card = { data: { headline: 'composed before the crash' }, summary: 'composed before the crash' };
    const record: RunRecord = { runId: `${id}@${dueAt}`, subscriptionId: id, dueAt, owner: 'dead-instance', state: 'ready', card, updatedAt: dueAt };
    await store.put(NAMESPACES.digestRuns, record.runId, record);
    expect(await runDue()).toBe('sent');
    expect(a.observer.reads).toHaveLength(0);
    expect(headlines(a.sender)).toEqual(['composed before the crash']);
  });

  test('a run recorded as sent is never sent again; only the bookkeeping is finished', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris');
    const { id, dueAt } = await due();
    const snapshot = { takenAt: dueAt, findings: { u: ['Cabc'] }, staleImages: {}, nonCompliant: undefined };
    const record: RunRecord = { runId: `${id}@${dueAt}`, subscriptionId: id, dueAt, owner: 'dead', state: 'sent', snapshot, card: { data: {}, summary: '' }, updatedAt: dueAt };
    await store.put(NAMESPACES.digestRuns, record.runId, record);
    expect(await runDue()).toBe('sent');
    expect(a.sender.sent).toHaveLength(0);
    expect(await a.repository.snapshot(id)).toEqual(snapshot);
    expect((await a.repository.get(id))?.value.nextRunAt).not.toBe(dueAt);
  });

  test('403 switches the subscription off and says why', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris');
    a.sender.answer = () => ({ status: 403 });
    expect(await runDue()).toBe('failed');
    const sub = (await a.repository.byConversation(KEY))[0];
    expect(sub?.status).toBe('disabled');
    expect(sub?.disabledReason).toMatch(/403.*removed from this conversation or blocked/);
    // Off means off: nothing is due for it any more.
    const dueNow = [];
    for await (const entry of a.repository.due(new Date('2027-01-01T00:00:00Z'))) dueNow.push(entry);
    expect(dueNow).toEqual([]);
  });

  test('a delivery that keeps failing is recorded, the schedule moves on, and the changes stay for the next digest', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris');
    a.observer.current = observation({ findings: [finding('CVE-1')] });
    expect(await runDue()).toBe('sent');
    a.observer.current = observation({ findings: [finding('CVE-1'), finding('CVE-2')] });
    a.sender.answer = () => ({ status: 502 });
    expect(await runDue()).toBe('failed');
    const failed = (await a.repository.byConversation(KEY))[0];
    expect(failed).toMatchObject({ status: 'active', lastRun: { outcome: 'failed' } });
    a.sender.answer = () => ({ status: 200 });
    expect(await runDue()).toBe('sent');
    expect(headlines(a.sender).at(-1)).toBe('1 new critical.');
  });

  test('when the estate cannot be read, the digest says so and nothing is skipped next time', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris');
    a.observer.current = observation({ findings: [finding('CVE-1')] });
    await runDue();
    a.observer.current = new UserError('Azure did not accept the sign-in.', { hint: 'Check the digest identity.' });
    await runDue();
    a.observer.current = observation({ findings: [finding('CVE-1'), finding('CVE-2')] });
    await runDue();
    expect(headlines(a.sender)).toEqual([
      expect.stringMatching(/^Baseline/),
      'This digest could not be read: Azure did not accept the sign-in.',
      '1 new critical.',
    ]);
  });

  test('a subscription whose lease another instance holds is left alone', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris');
    const { id, dueAt } = await due();
    vi.setSystemTime(new Date(dueAt));
    const other = instance(store, { owner: 'instance-b' });
    const held = await other.leases.acquire(`digest:${id}`);
    expect(held).toBeDefined();
    expect(await a.runner.runDue(id, dueAt)).toBe('busy');
    expect(a.sender.sent).toHaveLength(0);
    // Once its holder is gone for longer than the lease, the run is taken over.
    vi.setSystemTime(new Date(Date.parse(dueAt) + 61_000));
    const taken = a.runner.runDue(id, dueAt);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await taken).toBe('sent');
    await other.queue.close();
  });

  test('shutting down before the send leaves the composed digest for the next start', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris');
    await a.queue.close();
    expect(await runDue()).toBe('deferred');
    const { id, dueAt } = await due();
    expect((await store.get<RunRecord>(NAMESPACES.digestRuns, `${id}@${dueAt}`))?.value.state).toBe('ready');
    const restarted = instance(store, { owner: 'instance-a', sender: a.sender });
    const result = restarted.runner.runDue(id, dueAt);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await result).toBe('sent');
    expect(a.sender.sent).toHaveLength(1);
    expect(a.observer.reads).toHaveLength(1);
    await restarted.queue.close();
  });

  test('"digest now" answers at once, counts as the latest digest, and waits its turn behind a running one', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris');
    a.observer.current = observation({ findings: [finding('CVE-1')] });
    const now = await a.service.runNow(KEY, PRIYA);
    expect(now.card.data.headline).toMatch(/^Baseline/);
    a.observer.current = observation({ findings: [finding('CVE-1'), finding('CVE-5', 'High')] });
    expect(await runDue()).toBe('sent');
    expect(headlines(a.sender)).toEqual(['1 new high.']);
    const { id } = await due();
    const lease = await a.leases.acquire(`digest:${id}`);
    await expect(a.service.runNow(KEY, PRIYA)).rejects.toThrow(/being prepared right now/);
    if (lease) await a.leases.release(lease);
  });

  test('"digest now" of a digest read as its subscriber runs for the subscriber only', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris', 'prod', 'user');
    a.observer.current = observation({ findings: [finding('CVE-1')] });
    await expect(a.service.runNow(KEY, DIEGO)).rejects.toMatchObject({ reason: 'not-subscriber', message: expect.stringMatching(/Priya Raman's own access, so only Priya Raman/) });
    expect(a.observer.reads, 'nothing was read for Diego').toHaveLength(0);
    const { id } = await due();
    await expect(a.runner.runNow(id, DIEGO), 'the runner checks too').rejects.toMatchObject({ reason: 'not-subscriber' });
    const mine = await a.service.runNow(KEY, PRIYA);
    expect(mine.card.data.headline).toMatch(/^Baseline/);
    expect(a.observer.reads.map((r) => r.viewer)).toEqual([{ kind: 'user', user: PRIYA }]);
  });

  test('"digest now" of a digest read as ShipShape\'s read-only identity runs for anyone here', async () => {
    await subscribe(a, KEY, '0 9 * * *', 'Europe/Paris');
    a.observer.current = observation({ findings: [finding('CVE-1')] });
    expect((await a.service.runNow(KEY, DIEGO)).card.data.headline).toMatch(/^Baseline/);
  });
});
