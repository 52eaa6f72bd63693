import { afterEach, describe, expect, test, vi } from 'vitest';
import { ConcurrencyError, listKeys, type KeyValueStore } from '../../../../src/store/types.js';

/**
 * What every KeyValueStore promises, run against each implementation. `backing()` makes a fresh,
 * empty backing store (a new file, a new container); its `open()` may be called several times to
 * get independent clients of the same data, as two bot instances would.
 */
export interface Backing {
  open(): Promise<KeyValueStore>;
  dispose(): Promise<void>;
}

async function keysOf(store: KeyValueStore, namespace: string, prefix?: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of store.list(namespace, prefix)) keys.push(item.key);
  return keys;
}

export function storeContract(name: string, backing: () => Promise<Backing>): void {
  describe(`${name}: the store contract`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    async function fresh(): Promise<{ store: KeyValueStore; other: () => Promise<KeyValueStore> }> {
      const b = await backing();
      const opened: KeyValueStore[] = [];
      cleanups.push(async () => {
        for (const s of opened) await s.close();
        await b.dispose();
      });
      const open = async (): Promise<KeyValueStore> => {
        const s = await b.open();
        opened.push(s);
        return s;
      };
      return { store: await open(), other: open };
    }

    afterEach(async () => {
      vi.useRealTimers();
      while (cleanups.length > 0) await (cleanups.pop() as () => Promise<void>)();
    });

    test('round-trips JSON values, separately per namespace', async () => {
      const { store } = await fresh();
      const value = { n: 1, list: ['x', 2, null, true], nested: { text: 'Grüße · 日本 · 🚀' } };
      await store.put('subs', 'a', value);
      await store.put('refs', 'a', 'other');
      await store.put('refs', 'zero', 0);
      expect((await store.get('subs', 'a'))?.value).toEqual(value);
      expect((await store.get('refs', 'a'))?.value).toBe('other');
      expect((await store.get('refs', 'zero'))?.value).toBe(0);
      expect(await store.get('subs', 'missing')).toBeUndefined();
      await expect(store.put('Bad Namespace', 'k', 1)).rejects.toThrow(/namespace/);
    });

    test('every write gets a new etag; stale etags and create-only on existing items fail', async () => {
      const { store } = await fresh();
      const first = await store.put('leases', 'l1', { owner: 'a' }, { ifMatch: 'absent' });
      expect((await store.get('leases', 'l1'))?.etag).toBe(first);
      await expect(store.put('leases', 'l1', { owner: 'b' }, { ifMatch: 'absent' })).rejects.toBeInstanceOf(ConcurrencyError);
      const second = await store.put('leases', 'l1', { owner: 'a2' }, { ifMatch: first });
      expect(second).not.toBe(first);
      await expect(store.put('leases', 'l1', { owner: 'c' }, { ifMatch: first })).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.put('leases', 'nope', 1, { ifMatch: first })).rejects.toBeInstanceOf(ConcurrencyError);
      const third = await store.put('leases', 'l1', { owner: 'forced' }, { ifMatch: '*' });
      expect(third).not.toBe(second);
      expect((await store.get('leases', 'l1'))?.value).toEqual({ owner: 'forced' });
    });

    test('exactly one of many concurrent claims wins, and one of many updates from the same etag', async () => {
      const { store, other } = await fresh();
      const second = await other();
      const claims = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? store : second).put('claims', 'approval-1', { by: i }, { ifMatch: 'absent' })),
      );
      expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
      for (const c of claims) if (c.status === 'rejected') expect(c.reason).toBeInstanceOf(ConcurrencyError);

      const etag = (await store.get('claims', 'approval-1'))?.etag as string;
      const updates = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : second).put('claims', 'approval-1', { step: i }, { ifMatch: etag })),
      );
      expect(updates.filter((u) => u.status === 'fulfilled')).toHaveLength(1);
    });

    test('expired items are gone for reads, lists, deletes and etag writes, and can be created again', async () => {
      vi.useFakeTimers({ now: new Date('2026-03-29T00:59:00Z'), toFake: ['Date'] });
      const { store } = await fresh();
      const etag = await store.put('dedup', 'p1', 1, { ttlSeconds: 60 });
      await store.put('dedup', 'p2', 2);
      await store.put('dedup', 'p3', 3, { ttlSeconds: 3600 });
      vi.setSystemTime(new Date('2026-03-29T01:00:01Z'));
      expect(await store.get('dedup', 'p1')).toBeUndefined();
      expect(await keysOf(store, 'dedup')).toEqual(['p2', 'p3']);
      await expect(store.put('dedup', 'p1', 'late renewal', { ifMatch: etag })).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.delete('dedup', 'p1')).toBe(false);
      await expect(store.put('dedup', 'p1', 4, { ifMatch: 'absent' })).resolves.toBeTypeOf('string');
      expect((await store.get('dedup', 'p1'))?.value).toBe(4);
    });

    test('deletes live items, unconditionally or only when the etag still holds', async () => {
      const { store } = await fresh();
      const etag = await store.put('refs', 'k', 'v');
      await expect(store.delete('refs', 'k', { ifMatch: 'stale-etag' })).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store.get('refs', 'k'))?.value).toBe('v');
      expect(await store.delete('refs', 'k', { ifMatch: etag })).toBe(true);
      expect(await store.get('refs', 'k')).toBeUndefined();
      expect(await store.delete('refs', 'k')).toBe(false);
      await store.put('refs', 'k2', 'v');
      expect(await store.delete('refs', 'k2')).toBe(true);
    });

    test('lists by prefix in key order, whatever the characters in the keys', async () => {
      const { store } = await fresh();
      const keys = [
        '19:abc@thread.tacv2;messageid=1',
        '19:abc@thread.tacv2',
        'a:1f00',
        'conv/with/slashes',
        'conv/with/slashes.',
        'conv~tilde',
        'conv with spaces',
        'Zürich',
        'zebra',
        '🚀',
      ];
      for (const key of keys) await store.put('conversations', key, { key });
      await store.put('conversations-x', '19:abc', 'a sibling namespace with the same prefix');
      const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect(await keysOf(store, 'conversations')).toEqual(sorted);
      expect(await keysOf(store, 'conversations', '19:abc@')).toEqual(['19:abc@thread.tacv2', '19:abc@thread.tacv2;messageid=1']);
      expect(await keysOf(store, 'conversations', 'conv/')).toEqual(['conv/with/slashes', 'conv/with/slashes.']);
      for await (const item of store.list<{ key: string }>('conversations', 'conv')) expect(item.value.key).toBe(item.key);
      expect(await keysOf(store, 'empty')).toEqual([]);
    });

    test('lists many items in order, and a reader may stop early', async () => {
      const { store } = await fresh();
      const keys = Array.from({ length: 60 }, (_, i) => `due:${String(i).padStart(4, '0')}`);
      await Promise.all([...keys].reverse().map((key, i) => store.put('due', key, i)));
      expect(await keysOf(store, 'due')).toEqual(keys);
      const firstFive: string[] = [];
      for await (const item of store.list('due')) {
        firstFive.push(item.key);
        if (firstFive.length === 5) break;
      }
      expect(firstFive).toEqual(keys.slice(0, 5));
    });

    test('lists keys and etags alone, in order, without expired items', async () => {
      vi.useFakeTimers({ now: new Date('2026-03-30T07:00:00Z'), toFake: ['Date'] });
      const { store } = await fresh();
      const etags = new Map<string, string>();
      for (const key of ['2026-03-31T07:00:00.000Z#b', '2026-03-30T07:00:00.000Z#a', '2026-04-01T07:00:00.000Z#c']) etags.set(key, await store.put('due', key, key));
      await store.put('due', '2026-03-29T00:00:00.000Z#gone', 1, { ttlSeconds: 1 });
      vi.setSystemTime(new Date('2026-03-30T07:00:02Z'));
      const keys: { key: string; etag: string }[] = [];
      for await (const k of listKeys(store, 'due')) keys.push(k);
      expect(keys).toEqual([...etags.keys()].sort().map((key) => ({ key, etag: etags.get(key) })));
      expect(store.listKeys).toBeTypeOf('function');
    });

    test('another client of the same store sees every committed write, and data outlives the client', async () => {
      const { store, other } = await fresh();
      const etag = await store.put('audit', '2026-03-29T07:00:00Z#1', { what: 'digest sent' });
      const second = await other();
      expect(await second.get('audit', '2026-03-29T07:00:00Z#1')).toEqual({ value: { what: 'digest sent' }, etag });
      await second.put('audit', '2026-03-29T07:00:00Z#1', { what: 'changed' }, { ifMatch: etag });
      await expect(store.put('audit', '2026-03-29T07:00:00Z#1', { what: 'lost update' }, { ifMatch: etag })).rejects.toBeInstanceOf(ConcurrencyError);
      await store.close();
      const third = await other();
      expect((await third.get('audit', '2026-03-29T07:00:00Z#1'))?.value).toEqual({ what: 'changed' });
      expect(await third.healthy()).toBe(true);
    });
  });
}
