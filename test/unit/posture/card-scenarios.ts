import { commands, createCommandRouter } from '../../../src/commands/index.js';
import type { CardReply, CommandContext, Reply } from '../../../src/commands/types.js';
import type { AssignmentInfo, PolicyStateView } from '../../../src/domain/compliance/index.js';
import type { RegistrySnapshot } from '../../../src/domain/posture/index.js';
import { FakeCompliancePort, FakePosturePort, postureContext, searched, SUBS } from './fakes.js';
import { hardened } from './support.js';

/**
 * Replies of the posture, compliance and assignments commands as the card tests render them: the
 * real commands, with fakes behind them. Exported so the project-wide card test can include them.
 */

const PROD = `/subscriptions/${SUBS[0]?.id ?? ''}`;

function registry(name: string, rg: string, overrides: Partial<RegistrySnapshot>): RegistrySnapshot {
  const id = `${PROD}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${name}`;
  const base = hardened({ id, name, resourceGroup: rg, loginServer: `${name}.azurecr.io` });
  return { ...base, privateEndpointConnections: base.privateEndpointConnections.map((c) => ({ ...c, id: `${id}/privateEndpointConnections/${c.name}` })), ...overrides };
}

export const SCENARIO_REGISTRIES: RegistrySnapshot[] = [
  registry('contosoprod', 'rg-registries-prod', { policies: { ...hardened().policies, armAudienceTokens: undefined } }),
  registry('contosopayments', 'rg-payments-prod', {
    adminUserEnabled: true, publicNetworkAccess: 'Enabled', networkDefaultAction: 'Allow', privateEndpointConnections: [], dataEndpointEnabled: false, dataEndpointHostNames: [],
    encryption: { status: 'disabled', keyIdentifier: undefined, versionedKeyIdentifier: undefined, keyRotationEnabled: undefined, lastKeyRotation: undefined },
    policies: { quarantine: 'disabled', trust: 'disabled', trustType: 'Notary', retention: 'disabled', retentionDays: 7, export: 'enabled', armAudienceTokens: undefined },
  }),
  registry('contosoweb', 'rg-web-prod', {
    sku: 'Standard', publicNetworkAccess: 'Enabled', networkDefaultAction: 'Allow', privateEndpointConnections: [], dataEndpointEnabled: false, dataEndpointHostNames: [], anonymousPullEnabled: undefined,
    encryption: { status: 'disabled', keyIdentifier: undefined, versionedKeyIdentifier: undefined, keyRotationEnabled: undefined, lastKeyRotation: undefined },
    policies: { quarantine: 'disabled', trust: 'disabled', trustType: 'Notary', retention: 'disabled', retentionDays: 7, export: 'enabled', armAudienceTokens: 'enabled' },
  }),
];

/** Many similar registries, to page a summary. */
export function manyRegistries(count: number): RegistrySnapshot[] {
  return Array.from({ length: count }, (_, i) => registry(`contosofleet${String(i + 1).padStart(3, '0')}`, 'rg-fleet', { adminUserEnabled: i % 3 === 0, anonymousPullEnabled: i % 4 === 0 }));
}

const ADMIN = `${PROD}/providers/Microsoft.Authorization/policyAssignments/acr-admin-account-disabled`;
const K8S = `${PROD}/resourceGroups/rg-aks-prod/providers/Microsoft.Authorization/policyAssignments/k8s-allowed-images`;
const AKS = `${PROD}/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-contoso-prod`;

function state(resourceId: string, assignmentId: string, definition: string, complianceState: string, evidence?: PolicyStateView['evidence']): PolicyStateView {
  return {
    resourceId, resourceType: resourceId.includes('managedClusters') ? 'Microsoft.ContainerService/managedClusters' : 'Microsoft.ContainerRegistry/registries',
    resourceGroup: resourceId.split('/')[4] ?? '', subscriptionId: SUBS[0]?.id ?? '', environment: 'prod',
    assignmentId, assignmentName: assignmentId.split('/').pop() ?? '', assignmentScope: assignmentId.split('/providers/')[0] ?? '',
    definitionId: `/providers/Microsoft.Authorization/policyDefinitions/${definition}`, definitionName: definition, effect: 'audit',
    state: complianceState, timestamp: '2026-11-20T09:58:00.000Z', ...(evidence ? { evidence } : {}),
  };
}

const payments = SCENARIO_REGISTRIES[1]?.id ?? '';
export const SCENARIO_STATES: PolicyStateView[] = [
  state(payments, ADMIN, 'dc921057-6b28-4fbe-9b83-f7bec05db6c2', 'NonCompliant', {
    expressions: [{ result: 'True', kind: 'Field', expression: 'Microsoft.ContainerRegistry/registries/adminUserEnabled', value: true, target: true, operator: 'Equals' }],
  }),
  state(SCENARIO_REGISTRIES[0]?.id ?? '', ADMIN, 'dc921057-6b28-4fbe-9b83-f7bec05db6c2', 'Compliant'),
  state(AKS, K8S, 'febd0533-8e55-448f-b837-bd0e06f16469', 'NonCompliant', {
    expressions: [],
    components: [{ id: 'web/storefront/storefront', name: 'docker.io/library/nginx:1.25', state: 'NonCompliant' }],
  }),
];

export const SCENARIO_ASSIGNMENTS: AssignmentInfo[] = [
  {
    id: ADMIN, name: 'acr-admin-account-disabled', displayName: 'Container registries should have local admin account disabled.', scope: PROD,
    definitionId: '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2', definitionDisplayName: 'Container registries should have local admin account disabled.',
    effect: 'Audit', enforcementMode: 'Default', createdBy: 'Priya Raman', createdOn: '2025-06-10T08:30:00.0000000Z', description: undefined,
  },
  {
    id: K8S, name: 'k8s-allowed-images', displayName: 'Only approved registries on prod clusters', scope: `${PROD}/resourceGroups/rg-aks-prod`,
    definitionId: '/providers/Microsoft.Authorization/policyDefinitions/febd0533-8e55-448f-b837-bd0e06f16469', definitionDisplayName: 'Kubernetes cluster containers should only use allowed images',
    effect: 'Audit', enforcementMode: 'DoNotEnforce', createdBy: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51', createdOn: '2025-08-21T08:30:00.0000000Z', description: undefined,
  },
];

function say(text: string, ctx: CommandContext): Promise<Reply> {
  return createCommandRouter(commands).handleText(text, ctx);
}

export function proposalIdsOf(reply: Reply): string[] {
  const rows = reply.kind === 'card' ? (reply.data.rows as Array<{ proposalId: string }> | undefined) : undefined;
  return (rows ?? []).map((r) => r.proposalId).filter((id) => id !== '');
}

async function fixOf(check: string, registry: RegistrySnapshot): Promise<Reply> {
  const ctx = postureContext({ posture: new FakePosturePort(SCENARIO_REGISTRIES) });
  const checklist = (await say(`is ${registry.name} hardened?`, ctx)) as CardReply;
  const rows = checklist.data.rows as Array<{ title: string; proposalId: string }>;
  const id = rows.find((r) => r.title === check)?.proposalId ?? '';
  return (await createCommandRouter(commands).handleAction('posture.fix', { proposalId: id }, ctx)).reply;
}

const rgScope = searched(SUBS, [{ subscriptionId: SUBS[0]?.id ?? '', name: 'rg-aks-prod' }]);

/** The card verbs these cards carry. */
export const POSTURE_VERBS = ['posture.fix', 'posture.registry'] as const;

export const POSTURE_SCENARIOS: Readonly<Record<string, () => Promise<Reply>>> = {
  'posture-registry': () => say('is contosoprod hardened?', postureContext({ posture: new FakePosturePort(SCENARIO_REGISTRIES) })),
  'posture-registry-standard': () => say('registry contosoweb posture', postureContext({ posture: new FakePosturePort(SCENARIO_REGISTRIES) })),
  'posture-summary': () => say('audit registries in prod', postureContext({ posture: new FakePosturePort(SCENARIO_REGISTRIES) })),
  'posture-summary-paged': () => say('audit registries', postureContext({ posture: new FakePosturePort(manyRegistries(11)) })),
  'posture-fix': () => fixOf('Admin user', SCENARIO_REGISTRIES[1] as RegistrySnapshot),
  'compliance-assignments': () => say('policy compliance in prod', postureContext({ compliance: new FakeCompliancePort(SCENARIO_STATES, SCENARIO_ASSIGNMENTS) })),
  'compliance-resources': () => say('which registries violate policies in prod', postureContext({ compliance: new FakeCompliancePort(SCENARIO_STATES, SCENARIO_ASSIGNMENTS) })),
  assignments: () => say('which policies are assigned to rg-aks-prod', postureContext({ compliance: new FakeCompliancePort([], SCENARIO_ASSIGNMENTS, rgScope) })),
};
