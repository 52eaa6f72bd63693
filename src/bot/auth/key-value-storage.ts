import { createHash } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { isConcurrencyError, type KeyValueStore } from '../../store/types.js';

/**
 * botbuilder's `Storage` over the shared KeyValueStore, with the eTag rules of botbuilder's own
 * storages (MemoryStorage, Cosmos DB, Blob): no eTag or `*` overwrites; any other eTag creates an
 * absent item or must match the stored one. The create case is what TeamsSSOTokenExchangeMiddleware
 * relies on: it writes each exchange id once with the id as eTag, and a create-only write in a
 * store every instance shares lets exactly one instance process it.
 */
export class KeyValueStorage implements Storage {
  constructor(
    private readonly store: KeyValueStore,
    private readonly namespace: string,
    /** Items expire after this long; deduplication records are only needed for minutes. */
    private readonly ttlSeconds?: number,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const found = await this.store.get<StoreItem>(this.namespace, storeKey(key));
      if (found) items[key] = { ...found.value, eTag: found.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes) as [string, StoreItem][]) {
      const { eTag, ...value } = item;
      const ttl = this.ttlSeconds === undefined ? {} : { ttlSeconds: this.ttlSeconds };
      const name = storeKey(key);
      try {
        if (typeof eTag !== 'string' || eTag === '' || eTag === '*') {
          await this.store.put(this.namespace, name, value, ttl);
        } else {
          // Decided by the store, not by this read: a concurrent creator makes the create-only write fail.
          const exists = (await this.store.get(this.namespace, name)) !== undefined;
          await this.store.put(this.namespace, name, value, { ...ttl, ifMatch: exists ? eTag : 'absent' });
        }
      } catch (error) {
        // The wording botbuilder's storages use, which its callers (the SSO middleware) look for.
        if (isConcurrencyError(error)) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        throw error;
      }
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await this.store.delete(this.namespace, storeKey(key));
  }
}

/** botbuilder keys hold conversation ids of any length; a hash keeps every store's key short and safe. */
function storeKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
