import type { TokenCredential } from '@azure/core-auth';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { PolicyInsightsClient, type PolicyState } from '@azure/arm-policyinsights';
import { scopeParts, type BlastRadius, type RegistrySettings } from '../../domain/approvals/index.js';
import type { armClientOptions } from '../clients.js';
import { allPolicyStates } from '../posture/policy-state-pages.js';
import { previewBlastRadius, previewRegistryChange, type Proposal } from './policy-preview-reader.js';

type Options = ReturnType<typeof armClientOptions>;
const SHOWN = 8;
const REGISTRY_TYPE = 'microsoft.containerregistry/registries';

interface Resource {
  id: string;
  name: string;
}

function kindName(resourceType: string, count: number): string {
  const one = resourceType.toLowerCase() === REGISTRY_TYPE ? 'registry' : 'cluster';
  return count === 1 ? one : one === 'registry' ? 'registries' : 'clusters';
}

async function resourcesIn(credential: TokenCredential, options: Options, scope: string, resourceType: string): Promise<Resource[]> {
  const { subscriptionId = '', resourceGroup, name } = scopeParts(scope);
  const out: Resource[] = [];
  if (name && scope.toLowerCase().includes(`/providers/${resourceType.toLowerCase()}/`)) return [{ id: scope, name }];
  if (resourceType.toLowerCase() === REGISTRY_TYPE) {
    const client = new ContainerRegistryManagementClient(credential, subscriptionId, options).registries;
    for await (const r of resourceGroup ? client.listByResourceGroup(resourceGroup) : client.list()) if (r.id && r.name) out.push({ id: r.id, name: r.name });
  } else {
    const client = new ContainerServiceClient(credential, subscriptionId, options).managedClusters;
    for await (const c of resourceGroup ? client.listByResourceGroup(resourceGroup) : client.list()) if (c.id && c.name) out.push({ id: c.id, name: c.name });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function statesIn(credential: TokenCredential, options: Options, scope: string): Promise<PolicyState[]> {
  const { subscriptionId = '', resourceGroup, name } = scopeParts(scope);
  const insights = new PolicyInsightsClient(credential, subscriptionId, options);
  const client = insights.policyStates;
  const list = name
    ? client.listQueryResultsForResource('latest', scope)
    : resourceGroup
      ? client.listQueryResultsForResourceGroup('latest', subscriptionId, resourceGroup)
      : client.listQueryResultsForSubscription('latest', subscriptionId);
  return allPolicyStates({ client: insights, endpoint: options.endpoint }, list);
}

/**
 * The resources a change reaches and how they comply today: with one assignment (remediation,
 * exemption, removal) or with every policy in force (a new assignment, a registry change).
 */
export async function readBlastRadius(
  credential: TokenCredential,
  options: Options,
  scope: string,
  focus: { resourceType: string; assignmentId?: string; definitionId?: string; proposal?: Proposal; settings?: RegistrySettings },
): Promise<BlastRadius> {
  // A registry settings change: Azure's SKU rules and each registry policy in force, before and after.
  if (focus.settings && focus.resourceType.toLowerCase() === REGISTRY_TYPE) return previewRegistryChange(credential, options, scope, { ...focus.settings });
  const resources = await resourcesIn(credential, options, scope, focus.resourceType);
  // A new assignment: what its own rule would report, not how resources fare with the policies in force today.
  let cannot = '';
  // A rule over other resources (private endpoints) has its own scope: it is previewed even where no registry is.
  if (focus.proposal) {
    const preview = await previewBlastRadius(credential, options, scope, resources, focus.proposal);
    if (!('cannot' in preview)) return preview;
    cannot = `${preview.cannot} Today:`;
  }
  const states = await statesIn(credential, options, scope).catch(() => undefined);
  const noun = kindName(focus.resourceType, resources.length);
  if (resources.length === 0) return { summary: `No ${kindName(focus.resourceType, 2)} in scope today: the change applies to ones created later.`, items: [], more: 0 };

  const byResource = new Map<string, PolicyState[]>();
  for (const row of states ?? []) {
    const key = (row.resourceId ?? '').toLowerCase();
    byResource.set(key, [...(byResource.get(key) ?? []), row]);
  }
  const matchesFocus = (row: PolicyState): boolean =>
    (focus.assignmentId !== undefined && row.policyAssignmentId?.toLowerCase() === focus.assignmentId.toLowerCase()) ||
    (focus.definitionId !== undefined && row.policyDefinitionId?.toLowerCase() === focus.definitionId.toLowerCase());

  let failing = 0;
  const items = resources.map((r) => {
    const rows = byResource.get(r.id.toLowerCase()) ?? [];
    const focused = rows.filter(matchesFocus);
    const nonCompliant = new Set(rows.filter((row) => row.complianceState === 'NonCompliant').map((row) => row.policyAssignmentId?.toLowerCase()));
    let detail: string;
    if (states === undefined) detail = 'compliance not readable';
    else if (focused.length > 0) detail = focused.some((row) => row.complianceState === 'NonCompliant') ? 'non-compliant with this policy' : `${focused[0]?.complianceState?.toLowerCase() ?? 'unknown'} with this policy`;
    else if (nonCompliant.size > 0) detail = `non-compliant with ${nonCompliant.size} ${nonCompliant.size === 1 ? 'policy' : 'policies'} in force`;
    else detail = rows.length > 0 ? 'compliant with the policies in force' : 'not evaluated by any policy yet';
    if (detail.startsWith('non-compliant')) failing++;
    return { name: r.name, detail };
  });
  const label = focus.assignmentId || focus.definitionId ? 'with this policy' : 'with policies in force';
  const today =
    states === undefined
      ? `${resources.length} ${noun} in scope (compliance could not be read).`
      : `${resources.length} ${noun} in scope; ${failing} non-compliant ${label} today.`;
  const summary = cannot ? `${cannot} ${today}` : today;
  return { summary, items: items.slice(0, SHOWN), more: Math.max(0, items.length - SHOWN) };
}
