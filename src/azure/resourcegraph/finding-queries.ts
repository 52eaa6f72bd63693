import type { PlannedUnit } from '../findings/scan-plan.js';
import { ASSESSMENT_KEYS } from '../findings/sub-assessment-mapper.js';
import { SUBSCRIPTIONS_PER_QUERY } from './graph-reader.js';

/**
 * The findings query of a scan: the sub-assessments of exactly the registries and clusters the
 * per-subscription path would read (units), in as few queries as the service's limits allow.
 */

/** Ids named in one query's filter list, to keep the query text short. */
const IDS_PER_QUERY = 100;

/** A Kusto string literal (double quotes, backslash escapes). */
export const lit = (value: string): string => JSON.stringify(value);

/** One row's unit id, `{assessed resource id}|{assessment key}` in lower case, as {@link PlannedUnit} ids are built. */
const UNIT_OF_ROW = `tolower(strcat(extract(@"(?i)^(.+)/providers/Microsoft\\.Security/assessments/[^/]+/subassessments/[^/]+$", 1, id), "|", extract(@"(?i)/providers/Microsoft\\.Security/assessments/([^/]+)/subassessments/", 1, id)))`;

export interface FindingsBatch {
  subscriptions: string[];
  query: string;
}

export interface SubscriptionUnits {
  subscriptionId: string;
  planned: readonly PlannedUnit[];
  /** Assessed resources with one of the container assessments that the plan leaves out (`id|key`, lower case). */
  skipped: readonly string[];
}

function queryFor(keep: 'in' | '!in', ids: readonly string[]): string {
  const keys = Object.values(ASSESSMENT_KEYS).map(lit).join(', ');
  const filter = ids.length === 0 ? '' : `\n| where unit ${keep} (${ids.map(lit).join(', ')})`;
  return `SecurityResources
| where type =~ 'microsoft.security/assessments/subassessments'
| extend unit = ${UNIT_OF_ROW}
| where tostring(split(unit, "|")[1]) in (${keys})${filter}
| project unit, id, name, properties`;
}

/**
 * Groups subscriptions into queries: each names the units to read (`in`) or the ones to leave out
 * (`!in`), whichever list is shorter, and no query names more than {@link IDS_PER_QUERY} ids or
 * {@link SUBSCRIPTIONS_PER_QUERY} subscriptions.
 */
export function findingsBatches(subs: readonly SubscriptionUnits[]): FindingsBatch[] {
  const batches: FindingsBatch[] = [];
  let current: SubscriptionUnits[] = [];
  const close = (): void => {
    if (current.length === 0) return;
    const planned = current.flatMap((s) => s.planned.map((p) => p.unit.id));
    const skipped = current.flatMap((s) => s.skipped);
    const keepIn = planned.length <= skipped.length;
    batches.push({ subscriptions: current.map((s) => s.subscriptionId), query: queryFor(keepIn ? 'in' : '!in', keepIn ? planned : skipped) });
    current = [];
  };
  const size = (list: readonly SubscriptionUnits[]): number =>
    Math.min(
      list.reduce((n, s) => n + s.planned.length, 0),
      list.reduce((n, s) => n + s.skipped.length, 0),
    );
  for (const sub of subs) {
    if (sub.planned.length === 0) continue;
    if (current.length > 0 && (current.length >= SUBSCRIPTIONS_PER_QUERY || size([...current, sub]) > IDS_PER_QUERY)) close();
    current.push(sub);
  }
  close();
  return batches;
}

/** One image's MDVM registry findings: the registry's assessment, that digest. */
export function imageQuery(registryId: string, digest: string): string {
  return `SecurityResources
| where type =~ 'microsoft.security/assessments/subassessments'
| where id startswith ${lit(`${registryId}/providers/Microsoft.Security/assessments/${ASSESSMENT_KEYS.registry}/`)}
| where tostring(properties.additionalData.artifactDetails.digest) =~ ${lit(digest)}
| project id, name, properties`;
}
