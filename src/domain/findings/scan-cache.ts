import type { EstateAggregate } from './estate-aggregate.js';
import type { ScanScope } from './types.js';

/** One scan, running or finished, of one user's estate in one scope. */
export interface ScanEntry {
  userKey: string;
  scope: ScanScope;
  aggregate: EstateAggregate;
  /** Settles when the scan ends, however it ends; never rejects. */
  settled: Promise<void>;
  /** Set when nothing could be read (the user cannot sign in, Azure is down). */
  error?: unknown;
  finishedAt?: number;
  controller: AbortController;
  /** The suppressions the scan applied ({@link suppressionKey}): another set means another answer. */
  suppressionKey: string;
}

/** A cached scope answers a question when it is at least as wide: every environment it asks about, and its registry. */
export function covers(cached: ScanScope, wanted: ScanScope): boolean {
  const envOk = cached.environments.length === 0 || (wanted.environments.length > 0 && wanted.environments.every((e) => cached.environments.includes(e)));
  const registryOk = cached.registry === undefined || cached.registry === wanted.registry;
  return envOk && registryOk;
}

/**
 * Scans per user and scope, kept for a short time. Entries are looked up by the asking user's key
 * only, so one person's answer (read with their rights) is never served to another.
 */
export class ScanCache {
  private readonly entries: ScanEntry[] = [];

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  private fresh(entry: ScanEntry): boolean {
    if (entry.error !== undefined) return false;
    return entry.finishedAt === undefined || this.now() - entry.finishedAt < this.ttlMs;
  }

  /** The narrowest fresh scan of this user's that answers the scope (running scans included). */
  find(userKey: string, scope: ScanScope): ScanEntry | undefined {
    this.prune();
    const candidates = this.entries.filter((e) => e.userKey === userKey && this.fresh(e) && covers(e.scope, scope));
    // Prefer an exact scope, then the most recent.
    candidates.sort((a, b) => Number(sameScope(b.scope, scope)) - Number(sameScope(a.scope, scope)) || b.aggregate.startedAt - a.aggregate.startedAt);
    const found = candidates[0];
    if (found) this.touch(found);
    return found;
  }

  /** Every fresh scan of this user's, newest first (for locating one image without a new scan). */
  allOf(userKey: string): ScanEntry[] {
    this.prune();
    return this.entries.filter((e) => e.userKey === userKey && this.fresh(e)).reverse();
  }

  add(entry: ScanEntry): void {
    this.entries.push(entry);
    this.prune();
  }

  remove(entry: ScanEntry): void {
    const at = this.entries.indexOf(entry);
    if (at >= 0) this.entries.splice(at, 1);
  }

  get size(): number {
    return this.entries.length;
  }

  private touch(entry: ScanEntry): void {
    this.remove(entry);
    this.entries.push(entry);
  }

  private prune(): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i] as ScanEntry;
      if (entry.finishedAt !== undefined && !this.fresh(entry)) this.entries.splice(i, 1);
    }
    // Oldest first; running scans are not dropped, they are still needed by whoever waits on them.
    while (this.entries.length > this.maxEntries) {
      const victim = this.entries.findIndex((e) => e.finishedAt !== undefined);
      if (victim < 0) break;
      this.entries.splice(victim, 1);
    }
  }
}

export function sameScope(a: ScanScope, b: ScanScope): boolean {
  return a.registry === b.registry && a.environments.length === b.environments.length && a.environments.every((e) => b.environments.includes(e));
}

export function scopeLabel(scope: ScanScope): string {
  return [scope.environments.join('+') || 'all', scope.registry ? `registry ${scope.registry}` : ''].filter(Boolean).join(' ');
}
