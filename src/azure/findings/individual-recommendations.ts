/**
 * Defender for Cloud's individual recommendations: per-finding assessments replacing the grouped
 * container vulnerability recommendations (release notes, 4 March 2026). What Microsoft documents of
 * their shape is how to find them: `properties.metadata.recommendationCategory` `SoftwareUpdate` and
 * `properties.resourceDetails.ResourceType` `.containerimage` (registry images) or `K8s-container`
 * (running containers). ShipShape does not read their findings yet; it notes where they are, so an
 * answer says Defender reports findings there rather than calling the registry unscanned.
 */

/** The key scan-plan.ts looks for beside the assessment keys it reads. */
export const INDIVIDUAL_KEY = 'individual-recommendations';

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Property lookup ignoring case: the release note's queries spell `ResourceType` and `Source` capitalised. */
function field(o: unknown, name: string): unknown {
  if (!isJson(o)) return undefined;
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

const CONTAINER_TYPES = new Set(['.containerimage', 'k8s-container']);
const ASSESSMENTS = '/providers/microsoft.security/assessments/';

/** Whether a raw assessment body is an individual container vulnerability recommendation. */
export function isIndividualRecommendation(assessment: unknown): boolean {
  const properties = field(assessment, 'properties');
  const category = field(field(properties, 'metadata'), 'recommendationCategory');
  const type = field(field(properties, 'resourceDetails'), 'ResourceType');
  return String(category ?? '').toLowerCase() === 'softwareupdate' && CONTAINER_TYPES.has(String(type ?? '').toLowerCase());
}

/**
 * The registries and clusters (lower-case ids) that hold individual recommendations, from the raw
 * pages of an assessments list: the assessed resource is the id before the assessment, or the
 * resource id the details name.
 */
export function individualRecommendationHolders(pages: readonly string[]): Set<string> {
  const items: unknown[] = [];
  for (const page of pages) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(page);
    } catch {
      continue;
    }
    const value = field(parsed, 'value');
    if (Array.isArray(value)) items.push(...value);
  }
  return holdersOfItems(items);
}

/** The same from assessment bodies already parsed (a list page's items, or Resource Graph rows with `id` and `properties`). */
export function holdersOfItems(items: readonly unknown[]): Set<string> {
  const holders = new Set<string>();
  for (const item of items) {
    if (!isIndividualRecommendation(item)) continue;
    const id = String(field(item, 'id') ?? '').toLowerCase();
    const at = id.lastIndexOf(ASSESSMENTS);
    if (at > 0) holders.add(holderOf(id.slice(0, at)));
    const detailsId = field(field(field(item, 'properties'), 'resourceDetails'), 'Id');
    if (typeof detailsId === 'string' && detailsId !== '') holders.add(holderOf(detailsId.toLowerCase()));
  }
  return holders;
}

/** `…/registries/{name}/repositories/…` → the registry; `…/managedClusters/{name}/…` → the cluster. */
function holderOf(id: string): string {
  const m = /^(.*?\/providers\/microsoft\.(?:containerregistry\/registries|containerservice\/managedclusters)\/[^/]+)/.exec(id);
  return m?.[1] ?? id;
}
