/**
 * Store throughput for the records approvals and the audit log write,
 * on both implementations: the embedded SQLite file (WAL, both sync levels) and Azure Blob Storage
 * (Azurite on this machine, so network and service limits are not part of the figure).
 *
 * - approvals: create-only claim, then a conditional update with the etag read back (request →
 *   decision), 20 at a time, as several people approving at once;
 * - audit: append-only records, 20 at a time, then one read of the whole log in order.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BlobStore } from '../src/store/blob-store.js';
import { appendAudit, claimOnce } from '../src/store/claims.js';
import { NAMESPACES } from '../src/store/namespaces.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { KeyValueStore } from '../src/store/types.js';
import { startAzurite } from '../test/unit/store/support/azurite.js';
import type { BenchResult } from './support/result.js';

const PARALLEL = 20;
const log = (line: string): void => console.log(`  ${line}`);

async function inBatches(count: number, work: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i += PARALLEL) await Promise.all(Array.from({ length: Math.min(PARALLEL, count - i) }, (_, j) => work(i + j)));
  return performance.now() - started;
}

async function measure(label: string, store: KeyValueStore, count: number): Promise<BenchResult[]> {
  const approvals = await inBatches(count, async (i) => {
    const claim = await claimOnce(store, `approval-${i}`, { state: 'pending', requestedBy: 'diego' });
    if (!claim) throw new Error(`approval-${i} claimed twice`);
    await store.put(NAMESPACES.claims, claim.key, { state: 'approved', by: 'priya' }, { ifMatch: claim.etag });
  });
  const audit = await inBatches(count, (i) =>
    appendAudit(store, { at: new Date(Date.UTC(2026, 2, 30, 7, 0, 0, i)).toISOString(), actor: 'priya', action: 'approval.approve', target: `approval-${i}` }),
  );
  const readStarted = performance.now();
  let read = 0;
  for await (const _ of store.list(NAMESPACES.audit, '2026-03-30')) read++;
  const readMs = performance.now() - readStarted;
  if (read !== count) throw new Error(`audit log has ${read} records, wrote ${count}`);
  log(`${label}: ${count} approvals in ${approvals.toFixed(0)} ms, ${count} audit records in ${audit.toFixed(0)} ms, read back in ${readMs.toFixed(0)} ms`);
  return [
    { name: `${label}: approvals (claim + decision) per second`, value: (count / approvals) * 1000, unit: '/s' },
    { name: `${label}: audit records appended per second`, value: (count / audit) * 1000, unit: '/s' },
    { name: `${label}: audit log read back, records per second`, value: (count / readMs) * 1000, unit: '/s' },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-bench-store-'));
  const results: BenchResult[] = [];
  try {
    for (const sync of ['normal', 'full'] as const) {
      const store = new SqliteStore(path.join(workdir, `${sync}.db`), { sync });
      results.push(...(await measure(`SQLite (sync ${sync})`, store, 2_000)));
      await store.close();
    }
    const azurite = await startAzurite();
    try {
      const blob = await BlobStore.open({ connectionString: azurite.connectionString, container: 'bench' });
      results.push(...(await measure('Azure Blob (Azurite)', blob, 300)));
    } finally {
      await azurite.close();
    }
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
  return results;
}
