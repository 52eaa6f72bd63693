import type { ArmResource } from '../tenant-types.js';
import { POLICY, type RoleName } from '../builtins.js';
import { guidFor } from '../ids.js';
import { PERSONA, SECURITY_AUDITORS_GROUP, SUBSCRIPTION } from '../personas.js';
import {
  diagnosticSettingBody, policyAssignmentBody, policyExemptionBody, roleAssignmentBody, REGISTRY_LOG_CATEGORIES,
  type PolicyAssignmentInput,
} from '../scope-bodies.js';
import { WORKSPACE, rgId, subscriptionId } from './contoso-estate.js';
import { contosoRegistryId } from './contoso-registries.js';

/** Who may do what (exactly the plan's persona table, plus Noah), and the guardrails in force. */

const ALL_SUBSCRIPTIONS = [SUBSCRIPTION.prod, SUBSCRIPTION.staging, SUBSCRIPTION.dev].map(subscriptionId);
/** The administrator who granted the access (not a tenant principal: grants are history, not people). */
const GRANTOR = guidFor('contoso-cloud-admin');

type Grant = [scope: string, role: RoleName, principalId: string, type: 'User' | 'Group' | 'ServicePrincipal'];

export const GRANTS: readonly Grant[] = [
  ...ALL_SUBSCRIPTIONS.flatMap((s): Grant[] => [
    [s, 'securityAdmin', PERSONA.priya, 'User'],
    [s, 'resourcePolicyContributor', PERSONA.priya, 'User'],
    [s, 'reader', PERSONA.priya, 'User'],
  ]),
  [rgId('registriesProd'), 'contributor', PERSONA.priya, 'User'],
  [subscriptionId(SUBSCRIPTION.dev), 'reader', PERSONA.diego, 'User'],
  [contosoRegistryId('contosodev'), 'acrPush', PERSONA.diego, 'User'],
  ...ALL_SUBSCRIPTIONS.flatMap((s): Grant[] => [
    [s, 'reader', SECURITY_AUDITORS_GROUP, 'Group'],
    [s, 'securityReader', SECURITY_AUDITORS_GROUP, 'Group'],
    [s, 'reader', PERSONA.digestReader, 'ServicePrincipal'],
    [s, 'securityReader', PERSONA.digestReader, 'ServicePrincipal'],
  ]),
  [subscriptionId(SUBSCRIPTION.staging), 'reader', PERSONA.noah, 'User'],
  [rgId('platformStaging'), 'contributor', PERSONA.noah, 'User'],
  [contosoRegistryId('contosostaging'), 'acrPush', PERSONA.noah, 'User'],
  // The dev registry's settings are the security lead's to approve (the README's demo change).
  [contosoRegistryId('contosodev'), 'contributor', PERSONA.priya, 'User'],
];

function roleAssignments(): ArmResource[] {
  return GRANTS.map(([scope, role, principalId, principalType], i) =>
    roleAssignmentBody({
      scope, role, principalId, principalType,
      name: guidFor(`roleAssignment#${scope}#${role}#${principalId}`),
      createdOn: new Date(Date.parse('2025-02-03T09:00:00Z') + i * 3_600_000 * 7).toISOString().replace('.000Z', '.0000000Z'),
      createdBy: GRANTOR,
    }),
  );
}

const PRIYA_ASSIGNED = { assignedBy: 'Priya Raman', createdBy: PERSONA.priya };

type Assignment = Omit<PolicyAssignmentInput, 'instanceId' | 'assignedBy' | 'createdBy' | 'createdOn'>;

const PROD = subscriptionId(SUBSCRIPTION.prod);
const DEV = subscriptionId(SUBSCRIPTION.dev);

export const POLICY_ASSIGNMENTS: readonly Assignment[] = [
  { scope: PROD, name: 'acr-admin-account-disabled', definition: POLICY.acrAdminAccountDisabled, parameters: { effect: 'Audit' },
    displayName: 'Container registries should have local admin account disabled.', description: 'Registries authenticate with Entra ID only.' },
  { scope: PROD, name: 'acr-cmk-encryption', definition: POLICY.acrCustomerManagedKey, parameters: { effect: 'Audit' },
    displayName: 'Container registries should be encrypted with a customer-managed key', description: 'PCI scope requires keys we control.' },
  { scope: PROD, name: 'acr-public-network-disabled', definition: POLICY.acrPublicNetworkDisabled, parameters: { effect: 'Audit' },
    displayName: 'Public network access should be disabled for Container registries', description: 'Production registries are reached over private link.' },
  { scope: rgId('registriesProd'), name: 'acr-private-link', definition: POLICY.acrPrivateLink, parameters: { effect: 'Audit' },
    displayName: 'Container registries should use private link', description: 'Audit registries without an approved private endpoint.' },
  { scope: PROD, name: 'defender-registry-image-vulns', definition: POLICY.mdvmRegistryImages, parameters: { effect: 'AuditIfNotExists' },
    displayName: 'Azure registry container images should have vulnerabilities resolved (powered by Microsoft Defender Vulnerability Management)',
    description: 'Surface Defender image findings in compliance.' },
  { scope: PROD, name: 'defender-running-image-vulns', definition: POLICY.mdvmRunningImages, parameters: { effect: 'AuditIfNotExists' },
    displayName: 'Azure running container images should have vulnerabilities resolved (powered by Microsoft Defender Vulnerability Management)',
    description: 'Surface findings of images running on AKS.' },
  { scope: subscriptionId(SUBSCRIPTION.staging), name: 'acr-sku-private-link', definition: POLICY.acrSkuSupportsPrivateLink,
    parameters: { effect: 'Audit' }, displayName: 'Container registries should have SKUs that support Private Links',
    description: 'Staging mirrors production networking.' },
  { scope: DEV, name: 'acr-anonymous-pull-disabled', definition: POLICY.acrAnonymousPullDisabled, parameters: { effect: 'Deny' },
    displayName: 'Container registries should have anonymous authentication disabled.', description: 'No anonymous pulls, even in dev.',
    nonComplianceMessage: 'Anonymous pull is not allowed. Ask the security team for a waiver.' },
  { scope: rgId('aksProd'), name: 'k8s-allowed-images', definition: POLICY.k8sAllowedImages,
    parameters: { effect: 'Audit', allowedContainerImagesRegex: '^(contosoprod|contosopayments|contosotools)\\.azurecr\\.io/.+$' },
    displayName: 'Kubernetes cluster containers should only use allowed images',
    description: 'Only images from approved Contoso registries (audit first, deny after the migration).' },
  { scope: rgId('aksProd'), name: 'k8s-no-privileged-containers', definition: POLICY.k8sNoPrivilegedContainers, parameters: { effect: 'Deny' },
    displayName: 'Kubernetes cluster should not allow privileged containers', description: 'No privileged pods outside system namespaces.',
    nonComplianceMessage: 'Privileged containers are blocked on production clusters.' },
];

function policyAssignments(): ArmResource[] {
  return POLICY_ASSIGNMENTS.map((a, i) =>
    policyAssignmentBody({
      ...a, ...PRIYA_ASSIGNED,
      instanceId: guidFor(`policyAssignment#${a.scope}#${a.name}`),
      createdOn: new Date(Date.parse('2025-06-10T08:30:00Z') + i * 86_400_000 * 9).toISOString().replace('.000Z', '.0000000Z'),
    }),
  );
}

function exemption(): ArmResource {
  return policyExemptionBody({
    scope: contosoRegistryId('contosodev'),
    name: 'contosodev-anonymous-pull-waiver',
    policyAssignmentId: `${DEV}/providers/Microsoft.Authorization/policyAssignments/acr-anonymous-pull-disabled`,
    displayName: 'contosodev: anonymous pull for the public workshop',
    description: 'Workshop attendees pull sample images without credentials until the end of the year.',
    expiresOn: '2026-12-31T23:59:59Z',
    reason: 'Requested by Diego Alvarez, approved by Priya Raman',
    createdBy: PERSONA.priya,
    createdAt: '2026-09-14T10:02:00.0000000Z',
  });
}

/** Registry logs go to the security workspace for some registries only; contosoweb ships no login events. */
function diagnosticSettings(): ArmResource[] {
  const all = REGISTRY_LOG_CATEGORIES;
  const settings: Array<[Parameters<typeof contosoRegistryId>[0], readonly string[]]> = [
    ['contosoprod', all],
    ['contosotools', all],
    ['contosostaging', all],
    ['contosoweb', ['ContainerRegistryRepositoryEvents']],
  ];
  return settings.map(([registry, enabled]) =>
    diagnosticSettingBody({ resourceId: contosoRegistryId(registry), name: 'to-law-contoso-security', workspaceId: WORKSPACE.resourceId, enabled }),
  );
}

export function governanceResources(): ArmResource[] {
  return [...roleAssignments(), ...policyAssignments(), exemption(), ...diagnosticSettings()];
}
