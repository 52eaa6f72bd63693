import { describe, expect, test } from 'vitest';
import { KeyValueStorage } from '../../../src/bot/auth/key-value-storage.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { MemoryStore } from '../cards/support/memory-store.js';

/**
 * botbuilder's Storage contract on the shared store, as TeamsSSOTokenExchangeMiddleware and bot
 * state use it. The middleware detects a duplicate by the words "etag conflict" in the error.
 */
const DEDUP_KEY = 'msteams/a:1conversation;messageid=1/exchange-42';

function storages(): [KeyValueStorage, KeyValueStorage] {
  // Two instances of the bot, each with its own adapter, over one store.
  const store = new SqliteStore(':memory:');
  return [new KeyValueStorage(store, 'sso-exchanges'), new KeyValueStorage(store, 'sso-exchanges')];
}

describe('KeyValueStorage', () => {
  test('an eTag on an absent item creates it once; the same write again is an eTag conflict', async () => {
    const [storage] = storages();
    await storage.write({ [DEDUP_KEY]: { eTag: 'exchange-42' } });
    const second = storage.write({ [DEDUP_KEY]: { eTag: 'exchange-42' } });
    await expect(second).rejects.toThrow(/etag conflict/i);
  });

  test('concurrent writers of one exchange id: exactly one succeeds', async () => {
    const [a, b] = storages();
    const results = await Promise.allSettled([a, b, a, b].map((s) => s.write({ [DEDUP_KEY]: { eTag: 'exchange-42' } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toMatch(/eTag conflict/);
  });

  test('different exchange ids do not block each other', async () => {
    const [storage] = storages();
    await storage.write({ 'msteams/conv/exchange-1': { eTag: 'exchange-1' } });
    await expect(storage.write({ 'msteams/conv/exchange-2': { eTag: 'exchange-2' } })).resolves.toBeUndefined();
  });

  test('bot state rules: `*` overwrites, the current eTag updates, a stale one conflicts', async () => {
    const [storage] = storages();
    await storage.write({ state: { eTag: '*', count: 1 } });
    const read = await storage.read(['state', 'missing']);
    expect(Object.keys(read)).toEqual(['state']);
    const current = read.state as { eTag: string; count: number };
    expect(current.count).toBe(1);
    expect(current.eTag).toBeTruthy();

    await storage.write({ state: { ...current, count: 2 } });
    await expect(storage.write({ state: { ...current, count: 3 } })).rejects.toThrow(/eTag conflict/);
    expect(((await storage.read(['state'])).state as { count: number }).count).toBe(2);

    await storage.write({ state: { eTag: '*', count: 9 } });
    expect(((await storage.read(['state'])).state as { count: number }).count).toBe(9);
    await storage.delete(['state']);
    expect(await storage.read(['state'])).toEqual({});
  });

  test('records expire after the configured time, so a key can be used again', async () => {
    let now = 1_000_000;
    const storage = new KeyValueStorage(new MemoryStore(() => now), 'sso-exchanges', 60);
    await storage.write({ [DEDUP_KEY]: { eTag: 'exchange-42' } });
    await expect(storage.write({ [DEDUP_KEY]: { eTag: 'exchange-42' } })).rejects.toThrow(/eTag conflict/);
    now += 61_000;
    await expect(storage.write({ [DEDUP_KEY]: { eTag: 'exchange-42' } })).resolves.toBeUndefined();
  });

  test('long botbuilder keys become short store keys', async () => {
    const store = new MemoryStore();
    const storage = new KeyValueStorage(store, 'sso-exchanges');
    await storage.write({ [`msteams/${'x'.repeat(2000)}/id`]: { eTag: 'id' } });
    const keys: string[] = [];
    for await (const item of store.list('sso-exchanges')) keys.push(item.key);
    expect(keys).toHaveLength(1);
    expect((keys[0] ?? '').length).toBeLessThan(64);
  });
});
