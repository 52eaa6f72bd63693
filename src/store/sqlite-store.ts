import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  checkNamespace,
  ConcurrencyError,
  StoreUnavailableError,
  type DeleteOptions,
  type KeyValueStore,
  type PutOptions,
  type StoredItem,
} from './types.js';

interface Row {
  key: string;
  value: string;
  etag: string;
}

/** Written once into a new file; a file carrying another format is refused, never overwritten. */
const FORMAT = 'shipshape-kv/1';

function parseValue<T>(file: string, namespace: string, row: Row): T {
  try {
    return JSON.parse(row.value) as T;
  } catch (cause) {
    throw new StoreUnavailableError(`The store ${file} holds an unreadable record (${namespace}/${row.key}): it is damaged.`, { cause });
  }
}

/**
 * Opens the file and checks it before anything is served. A file that is not a database, fails
 * SQLite's integrity check, or belongs to something else stops the start with a message naming the
 * file; an empty store is only ever created where no file existed.
 */
/**
 * `normal` (the default): every commit is in the WAL, in the operating system's hands, before it
 * returns, so a killed process (kill -9, OOM) loses nothing; only a crash of the machine itself may
 * roll back the last commits (never corrupt the file). `full` also syncs every commit to disk,
 * surviving power loss at about twenty times the cost per write.
 */
export type SqliteSync = 'normal' | 'full';

function openChecked(file: string, sync: SqliteSync): Database.Database {
  if (file !== ':memory:') {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
    } catch (cause) {
      throw new StoreUnavailableError(`Cannot create the folder for the store ${file}: ${(cause as Error).message}`, { cause });
    }
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
    db.exec(`CREATE TABLE IF NOT EXISTS shipshape_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`);
    db.exec(`CREATE TABLE IF NOT EXISTS items (
      namespace TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      etag TEXT NOT NULL,
      expires_at INTEGER,
      PRIMARY KEY (namespace, key)
    ) WITHOUT ROWID`);
    db.prepare(`INSERT OR IGNORE INTO shipshape_meta (name, value) VALUES ('format', ?)`).run(FORMAT);
    const format = db.prepare<[], { value: string }>(`SELECT value FROM shipshape_meta WHERE name = 'format'`).get()?.value;
    if (format !== FORMAT) throw new Error(`it holds format "${format ?? '?'}", this version reads "${FORMAT}"`);
    return db;
  } catch (cause) {
    db?.close();
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new StoreUnavailableError(
      `The store ${file} cannot be used (${reason}). ShipShape will not start with an empty store in its place: ` +
        'restore the file from a backup, or move it away to start afresh.',
      { cause },
    );
  }
}

/**
 * The embedded default store: one SQLite file in WAL mode. Writes are synchronous and short, so
 * conditional writes are atomic without extra locking; expiry is checked on read and swept lazily.
 */
export class SqliteStore implements KeyValueStore {
  private readonly db: Database.Database;
  private readonly statements;
  private writesSinceSweep = 0;

  constructor(
    private readonly file: string,
    options: { sync?: SqliteSync } = {},
  ) {
    this.db = openChecked(file, options.sync ?? 'normal');
    this.statements = {
      get: this.db.prepare<[string, string, number], Row>(
        'SELECT key, value, etag FROM items WHERE namespace = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?)',
      ),
      upsert: this.db.prepare(
        `INSERT INTO items (namespace, key, value, etag, expires_at) VALUES (@namespace, @key, @value, @etag, @expiresAt)
         ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at`,
      ),
      delete: this.db.prepare('DELETE FROM items WHERE namespace = ? AND key = ?'),
      list: this.db.prepare<[string, string, string, number], Row>(
        `SELECT key, value, etag FROM items WHERE namespace = ? AND key >= ? AND key < ?
         AND (expires_at IS NULL OR expires_at > ?) ORDER BY key`,
      ),
      keys: this.db.prepare<[string, string, string, number], { key: string; etag: string }>(
        `SELECT key, etag FROM items WHERE namespace = ? AND key >= ? AND key < ?
         AND (expires_at IS NULL OR expires_at > ?) ORDER BY key`,
      ),
      sweep: this.db.prepare('DELETE FROM items WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    };
  }

  async get<T>(namespace: string, key: string): Promise<StoredItem<T> | undefined> {
    checkNamespace(namespace);
    const row = this.statements.get.get(namespace, key, Date.now());
    return row ? { value: parseValue<T>(this.file, namespace, row), etag: row.etag } : undefined;
  }

  async put<T>(namespace: string, key: string, value: T, options: PutOptions = {}): Promise<string> {
    checkNamespace(namespace);
    const etag = randomUUID();
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`${namespace}/${key}: the value cannot be stored as JSON`);
    const write = this.db.transaction(() => {
      const now = Date.now();
      const current = this.statements.get.get(namespace, key, now);
      const { ifMatch } = options;
      if (ifMatch === 'absent' ? current !== undefined : ifMatch !== undefined && ifMatch !== '*' && current?.etag !== ifMatch) {
        throw new ConcurrencyError(namespace, key);
      }
      this.statements.upsert.run({
        namespace,
        key,
        value: json,
        etag,
        expiresAt: options.ttlSeconds === undefined ? null : now + options.ttlSeconds * 1000,
      });
    });
    write.immediate();
    if (++this.writesSinceSweep >= 500) {
      this.writesSinceSweep = 0;
      this.statements.sweep.run(Date.now());
    }
    return etag;
  }

  async delete(namespace: string, key: string, options: DeleteOptions = {}): Promise<boolean> {
    checkNamespace(namespace);
    const remove = this.db.transaction((): boolean => {
      const current = this.statements.get.get(namespace, key, Date.now());
      if (options.ifMatch !== undefined && current !== undefined && current.etag !== options.ifMatch) {
        throw new ConcurrencyError(namespace, key);
      }
      // An expired row is removed too, but it was not a live item.
      this.statements.delete.run(namespace, key);
      return current !== undefined;
    });
    return remove.immediate();
  }

  async *list<T>(namespace: string, prefix = ''): AsyncIterable<{ key: string } & StoredItem<T>> {
    checkNamespace(namespace);
    // Upper bound of the prefix range: the prefix followed by the highest code point.
    const rows = this.statements.list.all(namespace, prefix, `${prefix}\u{10FFFF}`, Date.now());
    for (const row of rows) yield { key: row.key, value: parseValue<T>(this.file, namespace, row), etag: row.etag };
  }

  async *listKeys(namespace: string, prefix = ''): AsyncIterable<{ key: string; etag: string }> {
    checkNamespace(namespace);
    for (const row of this.statements.keys.all(namespace, prefix, `${prefix}\u{10FFFF}`, Date.now())) yield row;
  }

  async healthy(): Promise<boolean> {
    try {
      return this.db.open && this.db.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
