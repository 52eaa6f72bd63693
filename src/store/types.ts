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

export interface DeleteOptions {
  /** Delete only if the stored item still has this etag; otherwise throw ConcurrencyError. */
  ifMatch?: string;
}

export class ConcurrencyError extends Error {
  constructor(namespace: string, key: string) {
    super(`${namespace}/${key} was changed by someone else`);
    this.name = 'ConcurrencyError';
  }
}

export function isConcurrencyError(error: unknown): error is ConcurrencyError {
  return error instanceof ConcurrencyError;
}

/**
 * The store cannot be used: unreadable, corrupt, or of an unknown format. Raised at start so that
 * the process refuses to run rather than starting with an empty store and forgetting every
 * subscription and approval; the message says what to check.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreUnavailableError';
  }
}

/** Namespaces are short lower-case names, so that every implementation can use them in paths. */
export const NAMESPACE_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

export function checkNamespace(namespace: string): void {
  if (!NAMESPACE_PATTERN.test(namespace)) throw new Error(`Invalid store namespace "${namespace}" (lower-case letters, digits and dashes)`);
}

export interface KeyValueStore {
  get<T>(namespace: string, key: string): Promise<StoredItem<T> | undefined>;
  /** Writes and returns the new etag; throws ConcurrencyError when `ifMatch` does not hold. */
  put<T>(namespace: string, key: string, value: T, options?: PutOptions): Promise<string>;
  /**
   * True when a live item was deleted, false when there was none. With `ifMatch`, an item with
   * another etag is kept and ConcurrencyError is thrown.
   */
  delete(namespace: string, key: string, options?: DeleteOptions): Promise<boolean>;
  /** Live items of a namespace whose key starts with `prefix`, in key order. */
  list<T>(namespace: string, prefix?: string): AsyncIterable<{ key: string } & StoredItem<T>>;
  /**
   * Keys and etags only, in key order: for indexes whose keys say everything (no values read).
   * Optional; `listKeys()` below falls back to `list`.
   */
  listKeys?(namespace: string, prefix?: string): AsyncIterable<{ key: string; etag: string }>;
  /** True when the store can serve requests (for /readyz). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

/** Keys of a namespace in order, without reading values where the store can. */
export async function* listKeys(store: KeyValueStore, namespace: string, prefix?: string): AsyncIterable<{ key: string; etag: string }> {
  if (store.listKeys) {
    yield* store.listKeys(namespace, prefix);
    return;
  }
  for await (const item of store.list(namespace, prefix)) yield { key: item.key, etag: item.etag };
}
