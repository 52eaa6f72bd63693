import type { Suppressed, SuppressibleFinding, Suppression, SuppressionStore } from './types.js';

export const SUPPRESSIONS_NAMESPACE = 'suppressions';
/** Kept a while after expiry so that "what was suppressed last month" can still be told. */
const KEEP_AFTER_EXPIRY_SECONDS = 90 * 86_400;

export interface SuppressionDocuments {
  get<T>(namespace: string, key: string): Promise<{ value: T } | undefined>;
  put<T>(namespace: string, key: string, value: T, options?: { ttlSeconds?: number }): Promise<string>;
  list<T>(namespace: string, prefix?: string): AsyncIterable<{ key: string; value: T; etag: string }>;
}

export function createSuppressionStore(store: SuppressionDocuments, now: () => Date = () => new Date()): SuppressionStore {
  return {
    async add(suppression) {
      const seconds = Math.max(0, (Date.parse(suppression.expiresAt) - now().getTime()) / 1000);
      // Writing the same suppression again (a resumed approval) changes nothing: the id is the key.
      await store.put(SUPPRESSIONS_NAMESPACE, suppression.id, suppression, { ttlSeconds: Math.ceil(seconds + KEEP_AFTER_EXPIRY_SECONDS) });
    },
    async get(id) {
      return (await store.get<Suppression>(SUPPRESSIONS_NAMESPACE, id))?.value;
    },
    async active(at) {
      const live: Suppression[] = [];
      // Expiry is decided here, by the caller's clock, not by the store's retention.
      for await (const item of store.list<Suppression>(SUPPRESSIONS_NAMESPACE)) {
        if (Date.parse(item.value.expiresAt) > at.getTime()) live.push(item.value);
      }
      return live.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
    },
  };
}

/**
 * Suppressions in force are read on every findings question and every digest. This keeps the list
 * for `ttlMs` so a question costs no store round trip (the Blob store reads each record on its own),
 * re-applies expiry at every read, and forgets it whenever this instance adds one. Another instance's
 * new suppression is seen within `ttlMs`.
 */
export function cachedSuppressionStore(inner: SuppressionStore, ttlMs = 15_000, clock: () => number = Date.now): SuppressionStore {
  let cached: { loadedAt: number; asOf: number; list: Promise<Suppression[]> } | undefined;
  return {
    async add(suppression) {
      await inner.add(suppression);
      cached = undefined;
    },
    get: (id) => inner.get(id),
    async active(at) {
      // A question about an earlier moment may need suppressions that had ended by the time of loading.
      if (!cached || clock() - cached.loadedAt >= ttlMs || at.getTime() < cached.asOf) {
        const list = inner.active(at);
        cached = { loadedAt: clock(), asOf: at.getTime(), list };
        // A failed read is not kept: the next question tries again.
        list.catch(() => {
          if (cached?.list === list) cached = undefined;
        });
      }
      return (await cached.list).filter((s) => Date.parse(s.expiresAt) > at.getTime());
    },
  };
}

function registryName(value: string | undefined): string | undefined {
  return value?.toLowerCase().replace(/\.azurecr\.io$/, '').split('.')[0];
}

/** Whether a suppression covers a finding: same CVE, same repository, and the same registry when it names one. */
export function suppresses(suppression: Suppression, finding: SuppressibleFinding): boolean {
  if (!finding.cveId || finding.cveId.toUpperCase() !== suppression.cveId.toUpperCase()) return false;
  if (finding.repository.toLowerCase() !== suppression.repository) return false;
  return suppression.registry === undefined || registryName(finding.registry) === suppression.registry;
}

/**
 * Leaves out findings covered by an active suppression and counts them, so an answer can say
 * "2 findings hidden by suppressions" instead of silently showing fewer.
 */
export function applySuppressions<T>(items: readonly T[], active: readonly Suppression[], describe: (item: T) => SuppressibleFinding): Suppressed<T> {
  if (active.length === 0) return { kept: [...items], hidden: 0, applied: [] };
  const kept: T[] = [];
  const applied = new Set<Suppression>();
  for (const item of items) {
    const finding = describe(item);
    const by = active.find((s) => suppresses(s, finding));
    if (by) applied.add(by);
    else kept.push(item);
  }
  return { kept, hidden: items.length - kept.length, applied: [...applied] };
}
