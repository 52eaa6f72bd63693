import type { Environment } from '../domain/environment.js';
import type { DigestSnapshot, DigestSubscription } from '../domain/digest/types.js';
import { NAMESPACES } from '../store/namespaces.js';
import { isConcurrencyError, listKeys, type KeyValueStore, type StoredItem } from '../store/types.js';

/**
 * Subscriptions, their snapshots and the due list. A subscription's id is its conversation plus
 * its environment, so a conversation has at most one digest per environment and "unsubscribe"
 * finds them by prefix. The due list (`{next run}#{id}`) lets every instance find what is due by
 * reading only the head of one namespace, in time order.
 */

export function subscriptionId(conversationKey: string, environment: Environment | undefined): string {
  return `${conversationKey}|${environment ?? '*'}`;
}

function dueKey(sub: Pick<DigestSubscription, 'id' | 'nextRunAt'>): string {
  return `${sub.nextRunAt}#${sub.id}`;
}

export interface DueEntry {
  id: string;
  dueAt: string;
  key: string;
  etag: string;
}

export class SubscriptionRepository {
  constructor(private readonly store: KeyValueStore) {}

  get(id: string): Promise<StoredItem<DigestSubscription> | undefined> {
    return this.store.get<DigestSubscription>(NAMESPACES.digestSubscriptions, id);
  }

  async byConversation(conversationKey: string): Promise<DigestSubscription[]> {
    const out: DigestSubscription[] = [];
    for await (const item of this.store.list<DigestSubscription>(NAMESPACES.digestSubscriptions, `${conversationKey}|`)) out.push(item.value);
    return out;
  }

  async *all(): AsyncIterable<DigestSubscription> {
    for await (const item of this.store.list<DigestSubscription>(NAMESPACES.digestSubscriptions)) yield item.value;
  }

  /**
   * Writes a subscription (conditionally on `etag` when given) and keeps the due list in step: the
   * new due entry first, the old one last, so a crash in between leaves an extra entry (skipped as
   * stale) rather than a subscription nobody will ever run.
   */
  async save(next: DigestSubscription, etag: string | 'absent' | undefined, previous?: DigestSubscription): Promise<string> {
    if (next.status === 'active') await this.store.put(NAMESPACES.digestDue, dueKey(next), next.id);
    const written = await this.store.put(NAMESPACES.digestSubscriptions, next.id, next, etag === undefined ? {} : { ifMatch: etag });
    if (previous && (previous.nextRunAt !== next.nextRunAt || next.status !== 'active')) {
      await this.store.delete(NAMESPACES.digestDue, dueKey(previous));
    }
    return written;
  }

  /**
   * Applies `change` to the current version, retrying when another instance wrote in between.
   * `change` returns undefined to leave the subscription as it is.
   */
  async update(id: string, change: (current: DigestSubscription) => DigestSubscription | undefined): Promise<DigestSubscription | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.get(id);
      if (!current) return undefined;
      const next = change(current.value);
      if (!next) return current.value;
      try {
        await this.save(next, current.etag, current.value);
        return next;
      } catch (error) {
        if (!isConcurrencyError(error)) throw error;
      }
    }
    throw new Error(`Subscription ${id} kept changing under five attempts to update it`);
  }

  async remove(sub: DigestSubscription): Promise<void> {
    await this.store.delete(NAMESPACES.digestSubscriptions, sub.id);
    await this.store.delete(NAMESPACES.digestDue, dueKey(sub));
    await this.store.delete(NAMESPACES.digestSnapshots, sub.id);
  }

  /** Due entries up to `now`, oldest first; stops reading at the first one in the future. Keys only: they say it all. */
  async *due(now: Date): AsyncIterable<DueEntry> {
    const limit = now.toISOString();
    for await (const { key, etag } of listKeys(this.store, NAMESPACES.digestDue)) {
      const cut = key.indexOf('#');
      const dueAt = key.slice(0, cut);
      if (dueAt > limit) return;
      yield { id: key.slice(cut + 1), dueAt, key, etag };
    }
  }

  /** The earliest due time after `now`, to sleep until then. */
  async nextDueAfter(now: Date): Promise<Date | undefined> {
    const limit = now.toISOString();
    for await (const { key } of listKeys(this.store, NAMESPACES.digestDue)) {
      const dueAt = key.slice(0, key.indexOf('#'));
      if (dueAt > limit) return new Date(dueAt);
    }
    return undefined;
  }

  /** Drops a due entry that no longer matches its subscription (left by a crash or a concurrent change). */
  async dropDue(entry: DueEntry): Promise<void> {
    try {
      await this.store.delete(NAMESPACES.digestDue, entry.key, { ifMatch: entry.etag });
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
    }
  }

  async snapshot(id: string): Promise<DigestSnapshot | undefined> {
    return (await this.store.get<DigestSnapshot>(NAMESPACES.digestSnapshots, id))?.value;
  }

  async saveSnapshot(id: string, snapshot: DigestSnapshot): Promise<void> {
    await this.store.put(NAMESPACES.digestSnapshots, id, snapshot);
  }
}
