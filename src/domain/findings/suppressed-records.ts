import { suppresses } from '../suppressions/suppression-store.js';
import type { Suppression } from '../suppressions/types.js';
import type { FindingRecord } from './types.js';

/** The suppressions in force: the approval flow's store, or nothing when suppressions are not set up. */
export interface SuppressionReader {
  active(now: Date): Promise<readonly Suppression[]>;
}

/** A key that changes whenever the set of suppressions in force changes (one added, one expired). */
export function suppressionKey(active: readonly Suppression[]): string {
  return active.map((s) => s.id).sort().join(',');
}

/** Whether a suppression in `active` covers the record's CVE on its repository (and registry). */
export function isSuppressed(record: FindingRecord, active: readonly Suppression[]): boolean {
  const finding = { cveId: record.cveId, repository: record.image.repository, registry: record.image.registryHost };
  return active.some((s) => suppresses(s, finding));
}

/**
 * Marks open findings covered by a suppression as not open, and flags them `suppressed`, so every
 * answer leaves them out of its counts yet can say how many it hid. Nothing else about the record
 * changes: the image still exists, still has tags, was still pushed when it was.
 */
export function suppressRecords(page: readonly FindingRecord[], active: readonly Suppression[]): readonly FindingRecord[] {
  if (active.length === 0) return page;
  let changed: FindingRecord[] | undefined;
  page.forEach((record, i) => {
    if (!record.open || !isSuppressed(record, active)) return;
    changed ??= [...page];
    changed[i] = { ...record, open: false, suppressed: true };
  });
  return changed ?? page;
}
