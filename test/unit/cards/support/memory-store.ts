import { ConcurrencyError, type KeyValueStore, type PutOptions, type StoredItem } from '../../../../src/store/types.js';

interface Entry {
  value: unknown;
  etag: string;
  expiresAt: number | undefined;
}

/**
 * A KeyValueStore in memory, for unit tests only. Time comes from `now()` so tests can let items
 * expire without waiting.
 */
export class MemoryStore implements KeyValueStore {
  private readonly items = new Map<string, Entry>();
  private version = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  private key(namespace: string, key: string): string {
    return `${namespace}\u0000${key}`;
  }

  private live(namespace: string, key: string): Entry | undefined {
    const entry = this.items.get(this.key(namespace, key));
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.items.delete(this.key(namespace, key));
      return undefined;
    }
    return entry;
  }

  async get<T>(namespace: string, key: string): Promise<StoredItem<T> | undefined> {
    const entry = this.live(namespace, key);
    return entry ? { value: structuredClone(entry.value) as T, etag: entry.etag } : undefined;
  }

  async put<T>(namespace: string, key: string, value: T, options: PutOptions = {}): Promise<string> {
    const existing = this.live(namespace, key);
    if (options.ifMatch === 'absent' && existing) throw new ConcurrencyError(namespace, key);
    if (options.ifMatch && options.ifMatch !== '*' && options.ifMatch !== 'absent' && existing?.etag !== options.ifMatch) {
      throw new ConcurrencyError(namespace, key);
    }
    const etag = `"${++this.version}"`;
    const expiresAt = options.ttlSeconds === undefined ? undefined : this.now() + options.ttlSeconds * 1000;
    this.items.set(this.key(namespace, key), { value: structuredClone(value), etag, expiresAt });
    return etag;
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    const existed = this.live(namespace, key) !== undefined;
    this.items.delete(this.key(namespace, key));
    return existed;
  }

  async *list<T>(namespace: string, prefix = ''): AsyncIterable<{ key: string } & StoredItem<T>> {
    const keys = [...this.items.keys()]
      .filter((k) => k.startsWith(`${namespace}\u0000${prefix}`))
      .map((k) => k.slice(namespace.length + 1))
      .sort();
    for (const key of keys) {
      const item = await this.get<T>(namespace, key);
      if (item) yield { key, ...item };
    }
  }

  /** How many live items a namespace holds (for storage-cost assertions). */
  count(namespace: string): number {
    return [...this.items.keys()].filter((k) => k.startsWith(`${namespace}\u0000`) && this.live(namespace, k.slice(namespace.length + 1))).length;
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
