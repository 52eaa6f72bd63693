import type { PlannedUnit } from '../findings/scan-plan.js';
import { ASSESSMENT_KEYS } from '../findings/sub-assessment-mapper.js';
import { SUBSCRIPTIONS_PER_QUERY } from './graph-reader.js';

/**
 * The findings query of a scan: the sub-assessments of exactly the registries and clusters the
 * per-subscription path would read (units), in as few queries as the service's limits allow, packed
 * server-side into one row per image (see {@link packedFindings}).
 */

/** Ids named in one query's filter list, to keep the query text short. */
const IDS_PER_QUERY = 100;

/** A Kusto string literal (double quotes, backslash escapes). */
export const lit = (value: string): string => JSON.stringify(value);

/** Where the assessed resource's id ends in a sub-assessment's id (lower case): `{resource id}/providers/Microsoft.Security/assessments/{key}/subassessments/{name}`. */
const ASSESSMENTS_SEGMENT = '/providers/microsoft.security/assessments/';

/**
 * One row's unit id, `{assessed resource id}|{assessment key}` in lower case, as {@link PlannedUnit}
 * ids are built: string cuts, not a regular expression, since every sub-assessment in scope is
 * evaluated (assessment keys are GUIDs, 36 characters).
 */
const UNIT_OF_ROW = `strcat(substring(lid, 0, at), "|", substring(lid, at + ${ASSESSMENTS_SEGMENT.length}, 36))`;

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

/**
 * What identifies an image in a sub-assessment (the row's group key, sent once per image): the MDVM
 * artifact, the Qualys repository and digest, the resource details id (only where neither names the
 * image, and for running images, where it may name the placement), and the running image's Kubernetes
 * workloads.
 * Positions are read back by {@link IMAGE_FIELDS}.
 */
const IMAGE_KEY = `tostring(pack_array(art.registryHost, art.repositoryName, art.digest, art.tags, art.lastPushedToRegistryUTC, ad.repositoryName, ad.imageDigest, iff((isnotempty(art.repositoryName) and isnotempty(art.digest) and not(unit endswith ${lit(ASSESSMENT_KEYS.runtime)})) or (isnotempty(ad.repositoryName) and isnotempty(ad.imageDigest)), "", tostring(properties.resourceDetails.id)), ad.kubernetesContext.workloads))`;

/** A finding's field, or 1 when it repeats the finding's own id (MDVM names a finding by its CVE three times). */
const sameAsOwnId = (field: string): string => `iff(tostring(${field}) == tostring(properties.id) and isnotempty(tostring(properties.id)), dynamic(1), ${field})`;

/**
 * The fields of one open finding that the finding record is made of, nothing else (no description,
 * references, CPE or remediation: nothing a scan aggregates reads them; one image's details read the
 * whole finding through {@link imageQuery}). Exploit data is three flags in one number, -1 when absent;
 * a title or CVE id equal to the finding's own id is sent as 1.
 * Positions are read back by {@link FINDING_FIELDS}.
 */
const FINDING = `pack_array(properties.id, iff(isempty(tostring(properties.id)), name, ""), ${sameAsOwnId('properties.displayName')}, properties.timeGenerated, properties.status.severity,
    vd.severity, ${sameAsOwnId('vd.cveId')}, coalesce(ad.cvssV30Score, vd.cvss["3.0"].base, ad.cvss["3.0"].base, ad.cvss["2.0"].base),
    iff(isnull(vd.exploitabilityAssessment), -1, toint(vd.exploitabilityAssessment.exploitStepsPublished == true) + 2 * toint(vd.exploitabilityAssessment.exploitStepsVerified == true) + 4 * toint(vd.exploitabilityAssessment.isInExploitKit == true)),
    ad.cve[0].title, isnotnull(sd), sd.packageName, sd.version, sd.fixedVersion, sd.fixStatus, sd.language, sd.category, ad.patchable)`;

/** Positions in {@link IMAGE_KEY}'s array. */
export const IMAGE_FIELDS = { registryHost: 0, repositoryName: 1, digest: 2, tags: 3, lastPushed: 4, qualysRepository: 5, qualysDigest: 6, resourceDetailsId: 7, workloads: 8 } as const;

/** Positions in {@link FINDING}'s array. */
export const FINDING_FIELDS = {
  ownId: 0,
  name: 1,
  displayName: 2,
  timeGenerated: 3,
  statusSeverity: 4,
  severity: 5,
  cveId: 6,
  cvss: 7,
  exploit: 8,
  qualysCve: 9,
  hasSoftware: 10,
  packageName: 11,
  version: 12,
  fixedVersion: 13,
  fixStatus: 14,
  language: 15,
  category: 16,
  patchable: 17,
} as const;

/**
 * One row per image and unit: `id` is `{unit}|{image key JSON}` (Resource Graph pages stably only
 * with an `id` column), `f` the open findings (each `{"f": [...]}`: a bag, so that no reading of
 * `make_list` can flatten it), `closed` how many resolved or not applicable ones the image has (they
 * only tell that the image exists).
 */
function queryFor(keep: 'in' | '!in', ids: readonly string[]): string {
  const keys = Object.values(ASSESSMENT_KEYS).map(lit).join(', ');
  const filter = ids.length === 0 ? '' : `\n| where unit ${keep} (${ids.map(lit).join(', ')})`;
  return `SecurityResources
| where type =~ 'microsoft.security/assessments/subassessments'
| extend lid = tolower(id)
| extend at = indexof(lid, ${lit(ASSESSMENTS_SEGMENT)})
| extend unit = ${UNIT_OF_ROW}
| where tostring(split(unit, "|")[1]) in (${keys})${filter}
| extend ad = properties.additionalData, open = tostring(properties.status.code) =~ "Unhealthy"
| extend art = ad.artifactDetails, vd = ad.vulnerabilityDetails, sd = ad.softwareDetails
| summarize f = make_list_if(bag_pack("f", ${FINDING}), open), closed = countif(not(open)) by id = strcat(unit, "|", ${IMAGE_KEY})`;
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

/** Where one image's findings are read: its registry (MDVM, else Qualys), or the clusters running it. */
export interface ImageSources {
  registryId?: string;
  clusterIds: readonly string[];
  digest: string;
}

/**
 * One image's sub-assessments, whole (its details show everything, remediation included): under its
 * registry's MDVM and Qualys assessments, or under the running-image assessment of the clusters named.
 * The digest test is loose (Qualys may spell a digest without `sha256:`); the caller keeps the image's own.
 */
export function imageQuery(sources: ImageSources): string {
  const under = sources.registryId
    ? [ASSESSMENT_KEYS.registry, ASSESSMENT_KEYS.qualys].map((key) => `${sources.registryId}/providers/Microsoft.Security/assessments/${key}/`)
    : sources.clusterIds.map((id) => `${id}/providers/Microsoft.Security/assessments/${ASSESSMENT_KEYS.runtime}/`);
  const hex = sources.digest.slice(sources.digest.indexOf(':') + 1);
  return `SecurityResources
| where type =~ 'microsoft.security/assessments/subassessments'
| where ${under.map((prefix) => `id startswith ${lit(prefix)}`).join(' or ')}
| where tostring(properties.additionalData.artifactDetails.digest) endswith ${lit(hex)} or tostring(properties.additionalData.imageDigest) endswith ${lit(hex)}
| project id, name, properties`;
}
