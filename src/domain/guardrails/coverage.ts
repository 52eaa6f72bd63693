import type { WorkloadEstate } from './types.js';

const MAX_NAMES = 3;

/**
 * Parts of the estate that could not be read, for the top of a guardrail answer; empty when nothing
 * failed. Subscriptions read only in part and an asked environment none of the asker's subscriptions
 * carries are said for every answer alike (`scope-limits.ts`).
 */
export function coverageLines(estate: Pick<WorkloadEstate, 'failures'>): string[] {
  const failed = estate.failures;
  if (failed.length === 0) return [];
  return [`Not read, so not included: ${failed.slice(0, MAX_NAMES).map((f) => `${f.label} (${f.reason})`).join('; ')}${failed.length > MAX_NAMES ? `; +${failed.length - MAX_NAMES} more` : ''}.`];
}
