import { afterEach, describe, expect, test, vi } from 'vitest';
import { Leases } from '../../../src/schedule/leases.js';
import { NAMESPACES } from '../../../src/store/namespaces.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';

const stores: SqliteStore[] = [];
function store(): SqliteStore {
  const s = new SqliteStore(':memory:');
  stores.push(s);
  return s;
}
afterEach(async () => {
  vi.useRealTimers();
  for (const s of stores.splice(0)) await s.close();
});

describe('leases in the store', () => {
  test('one holder at a time; it expires on its own when the holder dies', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-30T07:00:00Z'), toFake: ['Date'] });
    const s = store();
    const a = new Leases(s, 'a', 30_000);
    const b = new Leases(s, 'b', 30_000);
    const held = await a.acquire('digest:x');
    expect(held).toBeDefined();
    expect(await b.acquire('digest:x')).toBeUndefined();
    vi.setSystemTime(new Date('2026-03-30T07:00:31Z'));
    const taken = await b.acquire('digest:x');
    expect(taken).toBeDefined();
    // The old holder can neither renew nor release what is now someone else's.
    expect(await a.renew(held as NonNullable<typeof held>)).toBeUndefined();
    await a.release(held as NonNullable<typeof held>);
    expect((await s.get<{ owner: string }>(NAMESPACES.leases, 'digest:x'))?.value.owner).toBe('b');
  });

  test('renewing keeps it; releasing frees it at once', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-30T07:00:00Z'), toFake: ['Date'] });
    const s = store();
    const a = new Leases(s, 'a', 30_000);
    const b = new Leases(s, 'b', 30_000);
    let lease = await a.acquire('k');
    vi.setSystemTime(new Date('2026-03-30T07:00:20Z'));
    lease = await a.renew(lease as NonNullable<typeof lease>);
    vi.setSystemTime(new Date('2026-03-30T07:00:40Z'));
    expect(await b.acquire('k')).toBeUndefined();
    await a.release(lease as NonNullable<typeof lease>);
    expect(await b.acquire('k')).toBeDefined();
  });

  test('a restarted instance with the same id takes back its own leases without waiting', async () => {
    const s = store();
    const before = new Leases(s, 'bot-0', 120_000);
    expect(await before.acquire('digest:y')).toBeDefined();
    const after = new Leases(s, 'bot-0', 120_000);
    expect(await after.acquire('digest:y')).toBeDefined();
    expect(await new Leases(s, 'bot-1', 120_000).acquire('digest:y')).toBeUndefined();
  });

  test('withLease renews while the work runs and releases afterwards', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-30T07:00:00Z') });
    const s = store();
    const a = new Leases(s, 'a', 3_000);
    const b = new Leases(s, 'b', 3_000);
    const work = a.withLease('long', async (held) => {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      return held();
    });
    await vi.advanceTimersByTimeAsync(9_000);
    expect(await b.acquire('long')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_100);
    expect(await work).toEqual({ result: true });
    expect(await b.acquire('long')).toBeDefined();
  });
});
