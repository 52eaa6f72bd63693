import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { ConcurrencyError, StoreUnavailableError } from '../../../src/store/types.js';
import { storeContract } from './support/contract.js';

storeContract('SqliteStore', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-store-'));
  const file = path.join(dir, 'db.sqlite');
  return { open: async () => new SqliteStore(file), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
});

const stores: SqliteStore[] = [];
function open(file = path.join(mkdtempSync(path.join(tmpdir(), 'shipshape-store-')), 'db.sqlite')): SqliteStore {
  const store = new SqliteStore(file);
  stores.push(store);
  return store;
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe('SqliteStore', () => {
  test('round-trips JSON values per namespace', async () => {
    const store = open();
    await store.put('pages', 'a', { n: 1, items: ['x'] });
    await store.put('other', 'a', 'different');
    expect((await store.get('pages', 'a'))?.value).toEqual({ n: 1, items: ['x'] });
    expect((await store.get('other', 'a'))?.value).toBe('different');
    expect(await store.get('pages', 'missing')).toBeUndefined();
  });

  test('conditional writes detect concurrent changes', async () => {
    const store = open();
    const first = await store.put('leases', 'digest-1', { owner: 'a' }, { ifMatch: 'absent' });
    await expect(store.put('leases', 'digest-1', { owner: 'b' }, { ifMatch: 'absent' })).rejects.toBeInstanceOf(ConcurrencyError);
    const second = await store.put('leases', 'digest-1', { owner: 'a2' }, { ifMatch: first });
    expect(second).not.toBe(first);
    await expect(store.put('leases', 'digest-1', { owner: 'c' }, { ifMatch: first })).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.get('leases', 'digest-1'))?.value).toEqual({ owner: 'a2' });
  });

  test('expired items are gone for reads, lists and create-only writes', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T10:00:00Z'), toFake: ['Date'] });
    const store = open();
    await store.put('pages', 'p1', 1, { ttlSeconds: 60 });
    await store.put('pages', 'p2', 2);
    vi.setSystemTime(new Date('2026-11-23T10:01:01Z'));
    expect(await store.get('pages', 'p1')).toBeUndefined();
    const keys: string[] = [];
    for await (const item of store.list('pages')) keys.push(item.key);
    expect(keys).toEqual(['p2']);
    await expect(store.put('pages', 'p1', 3, { ifMatch: 'absent' })).resolves.toBeTypeOf('string');
  });

  test('lists by prefix in key order and deletes', async () => {
    const store = open();
    for (const key of ['conv:b', 'conv:a', 'sub:a', 'conv:c']) await store.put('refs', key, key.toUpperCase());
    const listed: string[] = [];
    for await (const item of store.list<string>('refs', 'conv:')) listed.push(item.value);
    expect(listed).toEqual(['CONV:A', 'CONV:B', 'CONV:C']);
    expect(await store.delete('refs', 'conv:a')).toBe(true);
    expect(await store.delete('refs', 'conv:a')).toBe(false);
  });

  test('survives a restart (data is on disk) and reports health', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'shipshape-store-')), 'db.sqlite');
    const first = open(file);
    await first.put('refs', 'k', { kept: true });
    await first.close();
    const second = open(file);
    expect((await second.get('refs', 'k'))?.value).toEqual({ kept: true });
    expect(await second.healthy()).toBe(true);
    await second.close();
    expect(await second.healthy()).toBe(false);
  });
});

describe('SqliteStore refuses a store it cannot trust', () => {
  function dir(): string {
    return mkdtempSync(path.join(tmpdir(), 'shipshape-store-'));
  }

  test('a file that is not a database', () => {
    const file = path.join(dir(), 'db.sqlite');
    writeFileSync(file, 'this is not a database, just text that happens to be here'.repeat(200));
    expect(() => new SqliteStore(file)).toThrow(StoreUnavailableError);
    expect(() => new SqliteStore(file)).toThrow(/cannot be used.*will not start with an empty store/s);
    // Refusing must not repair or replace the file.
    expect(readFileSync(file, 'utf8')).toMatch(/^this is not a database/);
  });

  test('a database whose pages were damaged', async () => {
    const file = path.join(dir(), 'db.sqlite');
    const store = new SqliteStore(file);
    for (let i = 0; i < 300; i++) await store.put('audit', `k${i}`, { i, padding: 'x'.repeat(200) });
    await store.close();
    const bytes = readFileSync(file);
    // Keep the header (first page) so SQLite recognises the file, scribble over the b-tree pages.
    for (let i = 4096 + 100; i < bytes.length; i += 97) bytes[i] = 0xa5;
    writeFileSync(file, bytes);
    expect(() => new SqliteStore(file)).toThrow(StoreUnavailableError);
  });

  test('a database of another application', async () => {
    const file = path.join(dir(), 'db.sqlite');
    const store = new SqliteStore(file);
    await store.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.prepare(`UPDATE shipshape_meta SET value = 'someone-else/9' WHERE name = 'format'`).run();
    db.close();
    expect(() => new SqliteStore(file)).toThrow(/someone-else\/9/);
  });

  test.skipIf(process.getuid?.() === 0)('a file it may not read', () => {
    const folder = dir();
    const file = path.join(folder, 'db.sqlite');
    new SqliteStore(file).close();
    chmodSync(file, 0o000);
    try {
      expect(() => new SqliteStore(file)).toThrow(StoreUnavailableError);
    } finally {
      chmodSync(file, 0o600);
    }
  });

  test('a damaged record is reported as such, not as missing', async () => {
    const file = path.join(dir(), 'db.sqlite');
    const store = new SqliteStore(file);
    await store.put('subs', 'a', { ok: true });
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    db.prepare(`UPDATE items SET value = '{not json' WHERE key = 'a'`).run();
    db.close();
    await expect(store.get('subs', 'a')).rejects.toThrow(/unreadable record \(subs\/a\)/);
    await store.close();
  });
});
