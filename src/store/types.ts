/**
 * Persistence behind one small interface: namespaced JSON documents with optional expiry and
 * optimistic concurrency. The embedded default is SQLite; a scale-out implementation (Azure Blob
 * Storage) fits the same shape.
 */
export interface StoredItem<T> {
  value: T;
  /** Opaque version for optimistic concurrency; changes on every write. */
  etag: string;
}

export interface PutOptions {
  /** Seconds until the item disappears; omitted = never. */
  ttlSeconds?: number;
  /**
   * `*` or omitted: write unconditionally. An etag: write only if the stored item still has it.
   * `absent`: write only if no live item exists (create-only).
   */
  ifMatch?: string | 'absent';
}

export class ConcurrencyError extends Error {
  constructor(namespace: string, key: string) {
    super(`${namespace}/${key} was changed by someone else`);
    this.name = 'ConcurrencyError';
  }
}

export interface KeyValueStore {
  get<T>(namespace: string, key: string): Promise<StoredItem<T> | undefined>;
  /** Writes and returns the new etag; throws ConcurrencyError when `ifMatch` does not hold. */
  put<T>(namespace: string, key: string, value: T, options?: PutOptions): Promise<string>;
  delete(namespace: string, key: string): Promise<boolean>;
  /** Live items of a namespace whose key starts with `prefix`, in key order. */
  list<T>(namespace: string, prefix?: string): AsyncIterable<{ key: string } & StoredItem<T>>;
  /** True when the store can serve requests (for /readyz). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
