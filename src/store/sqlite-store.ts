import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ConcurrencyError, type KeyValueStore, type PutOptions, type StoredItem } from './types.js';

interface Row {
  key: string;
  value: string;
  etag: string;
}

/**
 * The embedded default store: one SQLite file in WAL mode. Writes are synchronous and short, so
 * conditional writes are atomic without extra locking; expiry is checked on read and swept lazily.
 */
export class SqliteStore implements KeyValueStore {
  private readonly db: Database.Database;
  private readonly statements;
  private writesSinceSweep = 0;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS items (
      namespace TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      etag TEXT NOT NULL,
      expires_at INTEGER,
      PRIMARY KEY (namespace, key)
    ) WITHOUT ROWID`);
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
      sweep: this.db.prepare('DELETE FROM items WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    };
  }

  async get<T>(namespace: string, key: string): Promise<StoredItem<T> | undefined> {
    const row = this.statements.get.get(namespace, key, Date.now());
    return row ? { value: JSON.parse(row.value) as T, etag: row.etag } : undefined;
  }

  async put<T>(namespace: string, key: string, value: T, options: PutOptions = {}): Promise<string> {
    const etag = randomUUID();
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
        value: JSON.stringify(value),
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

  async delete(namespace: string, key: string): Promise<boolean> {
    return this.statements.delete.run(namespace, key).changes > 0;
  }

  async *list<T>(namespace: string, prefix = ''): AsyncIterable<{ key: string } & StoredItem<T>> {
    // Upper bound of the prefix range: the prefix followed by the highest code point.
    const rows = this.statements.list.all(namespace, prefix, `${prefix}\u{10FFFF}`, Date.now());
    for (const row of rows) yield { key: row.key, value: JSON.parse(row.value) as T, etag: row.etag };
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
