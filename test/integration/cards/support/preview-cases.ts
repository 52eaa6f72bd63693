import { POLICY_TOPICS, type PolicyDefinitionInfo } from '../../../../src/domain/policy-catalog.js';
import { readTenant } from '../../../harness/personas.js';

/**
 * For each built-in, how a person asks for it on a generated tenant and which resources its rule
 * judges there: registries, their tokens or cache rules, clusters, or private endpoints. Everything is read from the
 * tenant file, never named in advance.
 */

type Resource = Record<string, unknown>;

export interface PreviewCase {
  ask: string;
  group: string;
  /** Names as the card shows them: registries and clusters by name, children as `registry/child`. */
  subjects: string[];
}

const CHILD = /\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)\/(tokens|cacheRules)\/([^/]+)$/i;
const REGISTRY = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i;
const CLUSTER = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i;
const GROUP = /\/resourceGroups\/([^/]+)\//i;
const ENDPOINT = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateEndpoints\/([^/]+)$/i;

function judges(policy: PolicyDefinitionInfo): 'registries' | 'tokens' | 'cacheRules' | 'clusters' | 'privateEndpoints' {
  if (policy.topic === 'private-dns') return 'privateEndpoints';
  if (policy.category === 'Kubernetes' || policy.topic === 'running-image-vulnerability-assessment') return 'clusters';
  if (policy.topic === 'scoped-tokens') return 'tokens';
  if (policy.topic === 'cache-rules') return 'cacheRules';
  return 'registries';
}

/** Subjects by resource group. */
function subjectsByGroup(resources: readonly Resource[], kind: ReturnType<typeof judges>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (group: string, name: string): void => void out.set(group, [...(out.get(group) ?? []), name]);
  for (const r of resources) {
    const id = String(r.id);
    const group = GROUP.exec(id)?.[1] ?? '';
    if (kind === 'privateEndpoints') {
      const m = ENDPOINT.exec(id);
      if (m) add(m[1] ?? '', m[2] ?? '');
    } else if (kind === 'clusters') {
      const m = CLUSTER.exec(id);
      if (m) add(m[1] ?? '', m[2] ?? '');
    } else if (kind === 'registries') {
      const m = REGISTRY.exec(id);
      if (m) add(m[1] ?? '', m[2] ?? '');
    } else {
      const m = CHILD.exec(id);
      if (m && (m[2] ?? '').toLowerCase() === kind.toLowerCase()) add(group, `${m[1] ?? ''}/${m[3] ?? ''}`);
    }
  }
  return out;
}

/** Parameters a definition needs without a default, with values taken from the tenant. */
function requiredValues(policy: PolicyDefinitionInfo, subscriptionId: string, group: string): string {
  const values: Record<string, string> = {
    allowedContainerImagesRegex: '^[^/]+\\.azurecr\\.io/.+$',
    privateEndpointSubnetId: `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Network/virtualNetworks/vnet-shared/subnets/private-endpoints`,
    privateDnsZoneId: `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`,
  };
  return policy.requiredParameters.map((p) => ` ${p}=${values[p] ?? 'x'}`).join('');
}

/** The subscription holding a resource group of the tenant. */
export function subscriptionOfGroup(resources: readonly Resource[], group: string): string {
  return resources.map((r) => new RegExp(`^/subscriptions/([^/]+)/resourceGroups/${group}$`, 'i').exec(String(r.id))?.[1]).find(Boolean) ?? '';
}

/** One case per resource group holding resources the definition judges. */
export function previewCases(policy: PolicyDefinitionInfo, tenantFile: string): PreviewCase[] {
  const resources = readTenant(tenantFile).resources;
  const groups = [...subjectsByGroup(resources, judges(policy)).entries()].sort((a, b) => a[0].localeCompare(b[0]));
  const words = POLICY_TOPICS[policy.topic].aliases[0] ?? policy.topicLabel;
  const qualys = policy.deprecated ? 'qualys ' : '';
  const verb = policy.kind === 'modify' || policy.kind === 'deploy' ? `configure ${words}: assign that policy` : `assign the ${qualys}${words} policy`;
  const effect = policy.defaultEffect.toLowerCase() === 'disabled' ? ` with effect ${policy.allowedEffects.find((e) => e.toLowerCase() !== 'disabled') ?? ''}` : '';
  return groups.map(([group, subjects]) => {
    const subscriptionId = subscriptionOfGroup(resources, group);
    return { ask: `${verb} to ${group}${effect}${requiredValues(policy, subscriptionId, group)}`, group, subjects };
  });
}
