import type { Row } from './kql-values.js';

interface Snapshot {
  columns: string[];
  rows: Row[];
  expires: number;
}

const TTL_MS = 5 * 60_000;
const MAX_SNAPSHOTS = 32;

/**
 * A query's result as its first page saw it, kept for its follow-up pages (as the service pages a
 * snapshot): later pages are slices, not new evaluations over the whole tenant. Snapshots expire after
 * five minutes, and only the newest few are kept; a page whose snapshot is gone is evaluated again.
 */
export class ResultCache {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(private readonly now: () => number = Date.now) {}

  put(key: string, columns: string[], rows: Row[]): void {
    this.snapshots.set(key, { columns, rows, expires: this.now() + TTL_MS });
    for (const [k, s] of this.snapshots) if (s.expires <= this.now() || this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(k);
  }

  get(key: string): { columns: string[]; rows: Row[] } | undefined {
    const s = this.snapshots.get(key);
    if (!s || s.expires <= this.now()) return undefined;
    return s;
  }
}
