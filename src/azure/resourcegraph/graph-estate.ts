import type { Environment } from '../../domain/environment.js';
import { parseDeployedImage, type ClusterInfo, type SubscriptionInfo, type Workload } from '../../domain/findings/index.js';
import { environmentOf, resourceGroupOf, type RegistryRecord } from '../findings/estate-reader.js';
import { INDIVIDUAL_KEY, holdersOfItems } from '../findings/individual-recommendations.js';
import { ASSESSMENT_KEYS } from '../findings/sub-assessment-mapper.js';
import type { GraphRow } from './graph-reader.js';

/**
 * The estate around the findings from three Resource Graph queries per batch of subscriptions:
 * resource groups with their tags, the registries, clusters and container groups, and the state of
 * Defender's container assessments. The same facts the per-subscription lists give, in the same shapes.
 */

type Tags = Record<string, string> | undefined;

export interface SubscriptionEstate {
  groupTags: Map<string, Tags>;
  registries: RegistryRecord[];
  /** `assessed resource id|key` (lower case) → status code, as {@link EstateReader.assessmentStates}. */
  states: Map<string, string>;
  clusters: ClusterInfo[];
  workloads: Workload[];
}

/** What the estate needs of a Resource Graph client: every row of a query over some subscriptions. */
export interface GraphQueries {
  all(query: string, subscriptions: readonly string[] | undefined, signal: AbortSignal): Promise<GraphRow[]>;
}

const GROUPS = `ResourceContainers
| where type =~ 'microsoft.resources/subscriptions/resourcegroups'
| project subscriptionId, name, tags`;

const RESOURCES = `Resources
| where type in~ ('microsoft.containerregistry/registries', 'microsoft.containerservice/managedclusters', 'microsoft.containerinstance/containergroups')
| project id, name, type, subscriptionId, tags, properties`;

const ASSESSMENTS = `SecurityResources
| where type =~ 'microsoft.security/assessments'
| where name in~ (${Object.values(ASSESSMENT_KEYS).map((k) => `'${k}'`).join(', ')})
| project id, name, subscriptionId, code = tostring(properties.status.code)`;

// Defender's individual recommendations (one assessment per finding): only where they are, as the per-subscription path notes them.
const INDIVIDUAL = `SecurityResources
| where type =~ 'microsoft.security/assessments'
| where tostring(properties.metadata.recommendationCategory) =~ 'SoftwareUpdate'
| project id, subscriptionId, properties`;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const bag = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const tagsOf = (v: unknown): Tags => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : undefined);

export async function readEstate(reader: GraphQueries, subscriptions: readonly SubscriptionInfo[], signal: AbortSignal): Promise<Map<string, SubscriptionEstate>> {
  const ids = subscriptions.map((s) => s.id);
  const out = new Map<string, SubscriptionEstate>();
  for (const s of subscriptions) out.set(s.id.toLowerCase(), { groupTags: new Map(), registries: [], states: new Map(), clusters: [], workloads: [] });
  const at = (subscriptionId: unknown) => out.get(String(subscriptionId).toLowerCase());
  const [groups, resources, assessments, individual] = await Promise.all([
    reader.all(GROUPS, ids, signal),
    reader.all(RESOURCES, ids, signal),
    reader.all(ASSESSMENTS, ids, signal),
    reader.all(INDIVIDUAL, ids, signal),
  ]);
  for (const g of groups) at(g.subscriptionId)?.groupTags.set(String(g.name).toLowerCase(), tagsOf(g.tags));
  for (const a of assessments) {
    const id = String(a.id);
    const cut = id.toLowerCase().lastIndexOf('/providers/microsoft.security/assessments/');
    if (cut >= 0) at(a.subscriptionId)?.states.set(`${id.slice(0, cut).toLowerCase()}|${String(a.name).toLowerCase()}`, str(a.code) ?? 'Unknown');
  }
  for (const row of individual) {
    for (const holder of holdersOfItems([row])) at(row.subscriptionId)?.states.set(`${holder}|${INDIVIDUAL_KEY}`, 'Present');
  }
  const envOf = new Map(subscriptions.map((s) => [s.id.toLowerCase(), s.environment]));
  for (const r of resources) {
    const estate = at(r.subscriptionId);
    if (!estate) continue;
    const subEnv = envOf.get(String(r.subscriptionId).toLowerCase());
    const type = String(r.type).toLowerCase();
    if (type === 'microsoft.containerregistry/registries') estate.registries.push(registryOf(r));
    else if (type === 'microsoft.containerservice/managedclusters') estate.clusters.push(clusterOf(r, estate.groupTags, subEnv));
    else estate.workloads.push(...workloadsOf(r, estate.groupTags, subEnv));
  }
  return out;
}

function registryOf(r: GraphRow): RegistryRecord {
  const p = bag(r.properties);
  const name = String(r.name);
  const id = String(r.id);
  return {
    id,
    name,
    loginServer: (str(p.loginServer) ?? `${name}.azurecr.io`).toLowerCase(),
    resourceGroup: resourceGroupOf(id),
    tags: tagsOf(r.tags),
    posture: {
      publicNetworkAccess: (str(p.publicNetworkAccess) ?? 'Enabled') !== 'Disabled',
      adminUserEnabled: p.adminUserEnabled === true,
      anonymousPullEnabled: p.anonymousPullEnabled === true,
    },
  };
}

function clusterOf(r: GraphRow, groups: Map<string, Tags>, subEnv: Environment | undefined): ClusterInfo {
  const id = String(r.id);
  const resourceGroup = resourceGroupOf(id);
  // As the per-subscription path reads it: public unless private or limited to authorized IP ranges.
  const access = bag(bag(r.properties).apiServerAccessProfile);
  const ranges = Array.isArray(access.authorizedIPRanges) ? access.authorizedIPRanges : [];
  const publicApiServer = access.enablePrivateCluster !== true && ranges.length === 0;
  return { id, name: String(r.name), subscriptionId: String(r.subscriptionId), resourceGroup, environment: environmentOf(tagsOf(r.tags), groups.get(resourceGroup.toLowerCase()), subEnv), publicApiServer };
}

function workloadsOf(r: GraphRow, groups: Map<string, Tags>, subEnv: Environment | undefined): Workload[] {
  const id = String(r.id);
  const p = bag(r.properties);
  const resourceGroup = resourceGroupOf(id);
  const environment = environmentOf(tagsOf(r.tags), groups.get(resourceGroup.toLowerCase()), subEnv);
  const containers = Array.isArray(p.containers) ? p.containers : [];
  return containers.map((c) => {
    const container = bag(c);
    const image = str(bag(container.properties).image) ?? '';
    return {
      kind: 'aci' as const,
      resourceId: id,
      name: String(r.name),
      detail: String(container.name ?? ''),
      subscriptionId: String(r.subscriptionId),
      resourceGroup,
      environment,
      image,
      deployed: parseDeployedImage(image),
      publicIp: str(bag(p.ipAddress).type) === 'Public',
    };
  });
}
