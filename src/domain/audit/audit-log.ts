import { randomBytes } from 'node:crypto';
import type { AuditEntry, AuditLog, AuditQuery } from './types.js';

/** The store shape the log needs: create-only writes and prefix listing in key order. */
export interface AppendOnlyDocuments {
  put<T>(namespace: string, key: string, value: T, options?: { ifMatch?: string | 'absent' }): Promise<string>;
  list<T>(namespace: string, prefix?: string): AsyncIterable<{ key: string; value: T; etag: string }>;
}

/** Shared with the store's own audit records: `{at}#{random}` keys, one namespace, read by day. */
export const AUDIT_NAMESPACE = 'audit';
const DAY_MS = 86_400_000;
/** A query never reads more than this many days (a quarter), however wide the range asked. */
const MAX_DAYS = 92;

function concerns(entry: AuditEntry, scope: string): boolean {
  const wanted = scope.toLowerCase().replace(/\/+$/, '');
  const target = entry.target.toLowerCase();
  if (wanted.startsWith('/')) return target === wanted || target.startsWith(`${wanted}/`);
  // A bare name ("rg-x") matches a path segment of the target or its label.
  return target.split('/').includes(wanted) || entry.targetLabel.toLowerCase().includes(wanted);
}

function isEntry(value: unknown): value is AuditEntry {
  const v = value as Partial<AuditEntry> | null;
  return typeof v === 'object' && v !== null && typeof v.at === 'string' && typeof v.action === 'string' && typeof v.target === 'string';
}

export function createAuditLog(store: AppendOnlyDocuments): AuditLog {
  // Entries written in the same millisecond keep their order within this process.
  let sequence = 0;
  return {
    async append(entry) {
      sequence = (sequence + 1) % 1_000_000;
      // Create-only: a key collision is a bug, never an overwrite of history.
      const key = `${entry.at}#${String(sequence).padStart(6, '0')}${randomBytes(3).toString('hex')}`;
      await store.put(AUDIT_NAMESPACE, key, entry, { ifMatch: 'absent' });
    },
    async query(query: AuditQuery) {
      const found: AuditEntry[] = [];
      const first = Date.UTC(query.from.getUTCFullYear(), query.from.getUTCMonth(), query.from.getUTCDate());
      const last = Math.min(query.to.getTime(), first + MAX_DAYS * DAY_MS);
      const fromIso = query.from.toISOString();
      const toIso = query.to.toISOString();
      for (let day = first; day < last; day += DAY_MS) {
        // Keys start with the ISO time, so one prefix per day reads the range in order.
        for await (const item of store.list<unknown>(AUDIT_NAMESPACE, new Date(day).toISOString().slice(0, 10))) {
          const entry = item.value;
          // Other features append their own, simpler records here; only ShipShape changes are read.
          if (!isEntry(entry) || typeof entry.approvalId !== 'string') continue;
          if (entry.at < fromIso || entry.at >= toIso) continue;
          if (query.actions && !query.actions.includes(entry.action)) continue;
          if (query.scope && !concerns(entry, query.scope)) continue;
          found.push(entry);
        }
      }
      return found.reverse();
    },
  };
}
