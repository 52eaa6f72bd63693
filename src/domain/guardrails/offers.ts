import { findPolicy } from '../policy-catalog.js';

/**
 * Fixes ShipShape can offer for a flagged row: a built-in policy assignment, or a change made through
 * approval. A card button carries only a fix id (`kind|target resource id`); pressing it re-reads the
 * target as the person who pressed and answers with the exact request that would fix it.
 */

export type OfferKind = 'disable-admin-user' | 'assign-allowed-images' | 'assign-no-privileged' | 'registry-audit-logs';

export interface Offer {
  kind: OfferKind;
  /** The registry or cluster the change applies to. */
  targetId: string;
  /** The button. */
  label: string;
}

const KINDS: readonly OfferKind[] = ['disable-admin-user', 'assign-allowed-images', 'assign-no-privileged', 'registry-audit-logs'];
const ARM_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.()-]{1,90}\/providers\/[\w.]+\/[\w.]+\/[\w.-]{1,80}$/i;

export function fixIdOf(offer: Pick<Offer, 'kind' | 'targetId'>): string {
  return `${offer.kind}|${offer.targetId}`;
}

/** The inverse of {@link fixIdOf}; undefined for anything else (card data is untrusted). */
export function parseFixId(value: unknown): Pick<Offer, 'kind' | 'targetId'> | undefined {
  if (typeof value !== 'string' || value.length > 500) return undefined;
  const bar = value.indexOf('|');
  const kind = value.slice(0, bar) as OfferKind;
  const targetId = value.slice(bar + 1);
  return bar > 0 && KINDS.includes(kind) && ARM_ID.test(targetId) ? { kind, targetId } : undefined;
}

/** Built-in definitions behind the offers (GUID names, as in Azure/azure-policy). */
export const OFFER_POLICIES = {
  'disable-admin-user': '79fdfe03-ffcb-4e55-b4d0-b925b8241759',
  'assign-allowed-images': 'febd0533-8e55-448f-b837-bd0e06f16469',
  'assign-no-privileged': '95edb821-ddaf-4404-9732-666045e056b4',
} as const;

export const POLICY_ASSIGNMENT_API = '2025-03-01';
export const DIAGNOSTIC_SETTINGS_API = '2021-05-01-preview';
export const REGISTRY_API = '2025-11-01';

/** What a fix would change, shown before anything is changed. */
export interface Proposal {
  title: string;
  summary: string;
  /** The built-in policy, when that is the fix. */
  policy: { displayName: string; definitionId: string; effect: string } | undefined;
  request: { method: 'PUT' | 'PATCH'; path: string; body: Record<string, unknown> };
  /** Who can approve it: the role the change needs. */
  requires: string;
  caution: string;
  /** A broader or lasting alternative, when there is one. */
  tip: string;
  /** How to ask for it through approval, in words the approval commands understand; undefined when none can. */
  askFor: string | undefined;
}

export interface ProposalTarget {
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
}

export interface ProposalInputs {
  /** Approved registries (login servers, configured hosts or `host/path` prefixes), for the allowed-images pattern. */
  approved: readonly string[];
  /** The workspace the other registries' audit logs go to, when one is known. */
  workspaceId: string | undefined;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `^(contosoprod\.azurecr\.io|mcr\.microsoft\.com)/.+$`; a `*.` entry allows any subdomain, a path only that prefix. */
export function allowedImagesRegex(entries: readonly string[]): string {
  const parts = [...new Set(entries.map((h) => h.toLowerCase()))].sort().map((h) => (h.startsWith('*.') ? `[a-z0-9.-]+${escapeRegex(h.slice(1))}` : escapeRegex(h)));
  return `^(${parts.join('|')})/.+$`;
}

function assignment(kind: keyof typeof OFFER_POLICIES, target: ProposalTarget, parameters: Record<string, unknown>): Proposal['request'] {
  const scope = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
  const policy = findPolicy(OFFER_POLICIES[kind]);
  return {
    method: 'PUT',
    path: `${scope}/providers/Microsoft.Authorization/policyAssignments/shipshape-${kind}?api-version=${POLICY_ASSIGNMENT_API}`,
    body: {
      properties: {
        displayName: policy?.displayName ?? kind,
        policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${OFFER_POLICIES[kind]}`,
        enforcementMode: 'Default',
        parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }])),
      },
    },
  };
}

function policyOf(kind: keyof typeof OFFER_POLICIES, effect: string): Proposal['policy'] {
  const policy = findPolicy(OFFER_POLICIES[kind]);
  return { displayName: policy?.displayName ?? kind, definitionId: `/providers/Microsoft.Authorization/policyDefinitions/${OFFER_POLICIES[kind]}`, effect };
}

export function proposalFor(kind: OfferKind, target: ProposalTarget, inputs: ProposalInputs): Proposal {
  switch (kind) {
    case 'disable-admin-user': {
      const policy = policyOf(kind, 'Modify');
      return {
        title: `Disable the admin user of ${target.name}`,
        summary: `Switch off the local admin account of ${target.name}, so that no username and password can sign in to it.`,
        policy: undefined,
        request: { method: 'PATCH', path: `${target.id}?api-version=${REGISTRY_API}`, body: { properties: { adminUserEnabled: false } } },
        requires: `Contributor on ${target.name}`,
        caution: 'Container groups that still sign in with the admin user can no longer pull: move them to a managed identity (AcrPull) first.',
        tip: `To keep every registry in ${target.resourceGroup} that way, assign the built-in policy “${policy?.displayName ?? kind}” (Modify).`,
        askFor: `disable the admin user on registry ${target.name}`,
      };
    }
    case 'assign-allowed-images':
      return {
        title: `Allow only approved registries on ${target.name}`,
        summary: `Assign the built-in policy “allowed images” to ${target.resourceGroup}, allowing images from the approved registries only.`,
        policy: policyOf(kind, 'Audit'),
        request: assignment(kind, target, { effect: 'Audit', allowedContainerImagesRegex: allowedImagesRegex(inputs.approved) }),
        requires: `Resource Policy Contributor on ${target.resourceGroup}`,
        caution: 'Audit first: once the cluster reports compliant, change the effect to Deny so that unapproved images are refused.',
        tip: '',
        askFor: `assign the allowed images policy to ${target.resourceGroup} with effect Audit allowedContainerImagesRegex=${allowedImagesRegex(inputs.approved)}`,
      };
    case 'assign-no-privileged':
      return {
        title: `No privileged containers on ${target.name}`,
        summary: `Assign the built-in policy “no privileged containers” to ${target.resourceGroup}.`,
        policy: policyOf(kind, 'Audit'),
        request: assignment(kind, target, { effect: 'Audit' }),
        requires: `Resource Policy Contributor on ${target.resourceGroup}`,
        caution: 'Audit first: once the cluster reports compliant, change the effect to Deny so that privileged pods are refused.',
        tip: '',
        askFor: `assign the privileged containers policy to ${target.resourceGroup} with effect Audit`,
      };
    case 'registry-audit-logs':
      return {
        title: `Send ${target.name}’s audit trail to a workspace`,
        summary: `Add a diagnostic setting to ${target.name} that sends its login and repository events to ${inputs.workspaceId ? workspaceName(inputs.workspaceId) : 'your Log Analytics workspace'}.`,
        policy: undefined,
        request: {
          method: 'PUT',
          path: `${target.id}/providers/Microsoft.Insights/diagnosticSettings/shipshape-audit-trail?api-version=${DIAGNOSTIC_SETTINGS_API}`,
          body: {
            properties: {
              workspaceId: inputs.workspaceId ?? '<your Log Analytics workspace resource id>',
              logs: [
                { category: 'ContainerRegistryLoginEvents', enabled: true },
                { category: 'ContainerRegistryRepositoryEvents', enabled: true },
              ],
            },
          },
        },
        requires: `Monitoring Contributor on ${target.name}, and Log Analytics Contributor on the workspace`,
        caution: inputs.workspaceId ? 'The workspace is the one your other registries send to; pick another if this registry’s data must stay apart.' : 'No workspace is known yet: fill one in before approving.',
        tip: 'Azure Policy can keep this in place for every registry: a DeployIfNotExists policy for ContainerRegistry diagnostic settings.',
        // No approval command changes diagnostic settings yet.
        askFor: undefined,
      };
  }
}

export function workspaceName(workspaceId: string): string {
  return workspaceId.split('/').filter(Boolean).pop() ?? workspaceId;
}

export const OFFER_LABELS: Readonly<Record<OfferKind, string>> = {
  'disable-admin-user': 'Disable the admin user',
  'assign-allowed-images': 'Assign “allowed images” (policy)',
  'assign-no-privileged': 'Assign “no privileged containers” (policy)',
  'registry-audit-logs': 'Send audit logs to a workspace',
};
