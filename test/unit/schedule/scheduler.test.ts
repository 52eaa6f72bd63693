import { afterEach, describe, expect, test, vi } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { finding, observation } from '../digest/support/fakes.js';
import { instance, subscribe, type Instance } from '../digest/support/runtime.js';

/**
 * The scheduler with fake timers: days pass in milliseconds, croner computes in real time zones, and
 * every send is recorded with the (fake) time it happened.
 */

const open: { store: SqliteStore; instances: Instance[] }[] = [];
function setup(now: string, count = 1, pollMs?: number): Instance[] {
  vi.useFakeTimers({ now: new Date(now) });
  const store = new SqliteStore(':memory:');
  const instances = Array.from({ length: count }, (_, i) => instance(store, { owner: `instance-${i}`, ...(pollMs ? { pollMs } : {}) }));
  open.push({ store, instances });
  return instances;
}

afterEach(async () => {
  for (const { store, instances } of open.splice(0)) {
    for (const i of instances) await i.scheduler.stop();
    await store.close();
  }
  vi.useRealTimers();
});

function sentAt(i: Instance, conversation: string): string[] {
  return i.sender.to(conversation).map((s) => new Date(s.at).toISOString());
}

describe('digest schedules with fake timers', () => {
  test('daily at 09:00 Europe/Paris: one digest a day at 09:00 local, across the spring change', async () => {
    const [a] = setup('2026-03-27T12:00:00Z') as [Instance];
    await subscribe(a, 'chan-paris', '0 9 * * *', 'Europe/Paris');
    a.scheduler.start();
    await vi.advanceTimersByTimeAsync(5 * 86_400_000);
    expect(sentAt(a, 'chan-paris')).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
      '2026-04-01T07:00:00.000Z',
    ]);
  });

  test('weekly Monday 08:00 America/New_York across the autumn change, and 02:30 daily on the spring-forward night', async () => {
    const [a] = setup('2026-10-26T00:00:00Z') as [Instance];
    await subscribe(a, 'chan-ny', '0 8 * * 1', 'America/New_York');
    a.scheduler.start();
    await vi.advanceTimersByTimeAsync(15 * 86_400_000);
    expect(sentAt(a, 'chan-ny')).toEqual(['2026-10-26T12:00:00.000Z', '2026-11-02T13:00:00.000Z', '2026-11-09T13:00:00.000Z']);
  });

  test('a local time skipped by the spring change still gets its one digest that day', async () => {
    const [a] = setup('2026-03-07T12:00:00Z') as [Instance];
    await subscribe(a, 'chan-night', '30 2 * * *', 'America/New_York');
    a.scheduler.start();
    await vi.advanceTimersByTimeAsync(3 * 86_400_000);
    expect(sentAt(a, 'chan-night')).toEqual(['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z']);
  });

  test('after downtime a missed digest runs once when the bot is back, never once per missed day', async () => {
    const [a] = setup('2026-03-29T12:00:00Z') as [Instance];
    await subscribe(a, 'chan-down', '0 9 * * *', 'Europe/Paris');
    // No scheduler running for three and a half days: three occurrences missed.
    vi.setSystemTime(new Date('2026-04-02T10:00:00Z'));
    a.scheduler.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sentAt(a, 'chan-down')).toEqual(['2026-04-02T10:00:00.000Z']);
    const sub = (await a.repository.byConversation('chan-down'))[0];
    expect(sub?.nextRunAt).toBe('2026-04-03T07:00:00.000Z');
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(sentAt(a, 'chan-down')).toEqual(['2026-04-02T10:00:00.000Z', '2026-04-03T07:00:00.000Z']);
  });

  test('two instances on one store: every digest goes out exactly once', async () => {
    const [a, b] = setup('2026-03-30T06:59:00Z', 2) as [Instance, Instance];
    for (let n = 0; n < 25; n++) await subscribe(a, `chan-${n}`, '0 9 * * *', 'Europe/Paris');
    a.observer.current = observation({ findings: [finding('CVE-2026-1')] });
    b.observer.current = a.observer.current;
    a.scheduler.start();
    b.scheduler.start();
    await vi.advanceTimersByTimeAsync(2 * 86_400_000);
    const all = [...a.sender.sent, ...b.sender.sent];
    expect(all).toHaveLength(50);
    for (let n = 0; n < 25; n++) {
      const times = [...sentAt(a, `chan-${n}`), ...sentAt(b, `chan-${n}`)].sort();
      expect(times.map((t) => t.slice(0, 13))).toEqual(['2026-03-30T07', '2026-03-31T07']);
    }
    // Both instances took part (the leases spread the work, they did not serialise it onto one).
    expect(a.sender.sent.length).toBeGreaterThan(0);
    expect(b.sender.sent.length).toBeGreaterThan(0);
  });

  test('a schedule changed by another instance is picked up within the poll interval, old time dropped', async () => {
    const [a, b] = setup('2026-03-30T05:00:00Z', 2, 10 * 60_000) as [Instance, Instance];
    await subscribe(a, 'chan-move', '0 9 * * *', 'Europe/Paris');
    a.scheduler.start();
    await vi.advanceTimersByTimeAsync(60_000);
    // On instance B (its scheduler off) someone moves it to 08:00 while A sleeps towards 09:00 Paris.
    await subscribe(b, 'chan-move', '0 8 * * *', 'Europe/Paris');
    await vi.advanceTimersByTimeAsync(26 * 3_600_000);
    expect(sentAt(a, 'chan-move')).toEqual(['2026-03-30T06:00:00.000Z', '2026-03-31T06:00:00.000Z']);
  });
});
