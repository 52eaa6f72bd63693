import { randomUUID } from 'node:crypto';
import { NAMESPACES } from './namespaces.js';
import { isConcurrencyError, type KeyValueStore } from './types.js';

/**
 * Exactly-once primitives on any KeyValueStore, for work that several instances might start at
 * the same moment (executing an approval, sending a digest): a create-only write decides.
 */

export interface Claim<T> {
  key: string;
  value: T;
  etag: string;
}

/** True for exactly one caller per key, across every instance sharing the store. */
export async function claimOnce<T>(store: KeyValueStore, key: string, value: T, ttlSeconds?: number): Promise<Claim<T> | undefined> {
  try {
    const etag = await store.put(NAMESPACES.claims, key, value, { ifMatch: 'absent', ...(ttlSeconds === undefined ? {} : { ttlSeconds }) });
    return { key, value, etag };
  } catch (error) {
    if (isConcurrencyError(error)) return undefined;
    throw error;
  }
}

export interface AuditRecord {
  at: string;
  actor: string;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

/** Appends an audit record; keys sort by time, so `list('audit', '2026-03')` reads a month in order. */
export async function appendAudit(store: KeyValueStore, record: AuditRecord): Promise<string> {
  const key = `${record.at}#${randomUUID().slice(0, 8)}`;
  await store.put(NAMESPACES.audit, key, record, { ifMatch: 'absent' });
  return key;
}
