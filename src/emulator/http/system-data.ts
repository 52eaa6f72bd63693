import type { ArmResource, Caller } from './types.js';

/** ARM's `systemData` block (common-types v5). */
export interface SystemData {
  createdBy?: string;
  createdByType?: CreatedByType;
  createdAt?: string;
  lastModifiedBy: string;
  lastModifiedByType: CreatedByType;
  lastModifiedAt: string;
}

export type CreatedByType = 'User' | 'Application' | 'ManagedIdentity' | 'Key';

export function createdByTypeOf(caller: Caller): CreatedByType {
  return caller.principal.type === 'User' ? 'User' : 'Application';
}

/**
 * `systemData` after `caller` wrote a resource at `now`. Callers are recorded by object id, as the
 * tenant format asks. A replaced resource keeps its creation fields; one from the tenant file that
 * has none gets none invented.
 */
export function systemDataFor(caller: Caller, now: Date, previous?: ArmResource): SystemData {
  const at = now.toISOString();
  const type = createdByTypeOf(caller);
  const modified = { lastModifiedBy: caller.objectId, lastModifiedByType: type, lastModifiedAt: at };
  if (previous === undefined) return { createdBy: caller.objectId, createdByType: type, createdAt: at, ...modified };
  const prior = previous.systemData as Partial<SystemData> | undefined;
  if (prior?.createdBy === undefined) return modified;
  const kept: SystemData = { createdBy: prior.createdBy, ...modified };
  if (prior.createdByType !== undefined) kept.createdByType = prior.createdByType;
  if (prior.createdAt !== undefined) kept.createdAt = prior.createdAt;
  return kept;
}

/** `resource` with `systemData` stamped for this write (a new object; the input is not changed). */
export function withSystemData<T extends ArmResource>(resource: T, caller: Caller, now: Date, previous?: ArmResource): T {
  return { ...resource, systemData: systemDataFor(caller, now, previous) };
}
