import { exampleBody } from './contracts.js';
import { registry, resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO, type Resource } from './tenant.js';

/**
 * A tenant for compliance: registries judged by assigned Container Registry built-ins, Defender
 * assessments for the AuditIfNotExists one, an exemption, and one policy state written into the tenant
 * (Kubernetes policies judge objects inside clusters, which the emulator cannot evaluate).
 */

export const S = SUB.policy;
export const RG_APPS = `/subscriptions/${S}/resourceGroups/rg-apps`;
export const RG_EXEMPT = `/subscriptions/${S}/resourceGroups/rg-exempt`;
const sub = `/subscriptions/${S}`;

export const REG = {
  admin: `${RG_APPS}/providers/Microsoft.ContainerRegistry/registries/adminreg`,
  clean: `${RG_APPS}/providers/Microsoft.ContainerRegistry/registries/cleanreg`,
  exempt: `${RG_EXEMPT}/providers/Microsoft.ContainerRegistry/registries/exemptreg`,
};
export const AKS = `${RG_APPS}/providers/Microsoft.ContainerService/managedClusters/aks1`;

export const ASSIGNMENT = {
  adminAudit: `${sub}/providers/Microsoft.Authorization/policyAssignments/acr-admin-audit`,
  vulnerabilities: `${sub}/providers/Microsoft.Authorization/policyAssignments/acr-vulnerabilities`,
  publicDisabled: `${RG_APPS}/providers/Microsoft.Authorization/policyAssignments/acr-public-disabled`,
  adminModify: `${sub}/providers/Microsoft.Authorization/policyAssignments/acr-admin-modify`,
  k8sPrivileged: `${sub}/providers/Microsoft.Authorization/policyAssignments/k8s-no-privileged`,
};
export const MODIFY_IDENTITY = '3c000000-0000-4000-8000-00000000003c';

function builtIn(guid: string): string {
  return `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;
}

function assignment(id: string, definition: string, extra: Record<string, unknown> = {}, parameters: Record<string, unknown> = {}): Resource {
  const scope = id.split('/providers/Microsoft.Authorization/')[0] ?? sub;
  return {
    properties: { displayName: id.split('/').pop(), policyDefinitionId: builtIn(definition), parameters, notScopes: [], enforcementMode: 'Default', scope },
    id,
    type: 'Microsoft.Authorization/policyAssignments',
    name: id.split('/').pop(),
    ...extra,
  };
}

function assessment(resourceId: string, code: string): Resource {
  return {
    id: `${resourceId}/providers/Microsoft.Security/assessments/c0b7cfc6-3172-465a-b378-53c7ff2cc0d5`,
    name: 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5',
    type: 'Microsoft.Security/assessments',
    properties: { resourceDetails: { source: 'Azure', id: resourceId }, displayName: 'Azure registry container images should have vulnerabilities resolved', status: { code } },
  };
}

export const exemptionExample = exampleBody<Resource>('policy/policyExemptions_CreateOrUpdate_createOrUpdatePolicyExemption_2024-12-01-preview.json', '201');
export const remediationExample = exampleBody<Resource>('policyinsights/Remediations_CreateOrUpdateAtResourceGroup_Remediations_CreateResourceGroupScope_2024-10-01.json');
const remediationSub = String(remediationExample.id).split('/')[2] ?? '';

export function policyTenant() {
  return tenantOf([
    subscription(S, 'Policy'),
    subscription(remediationSub, 'Remediation example'),
    resourceGroup(S, 'rg-apps'),
    resourceGroup(S, 'rg-exempt'),
    resourceGroup(S, 'demoCluster'),
    resourceGroup(remediationSub, 'myResourceGroup'),
    registry(S, 'rg-apps', 'adminreg', { adminUserEnabled: true }),
    registry(S, 'rg-apps', 'cleanreg', { publicNetworkAccess: 'Disabled', networkRuleSet: { defaultAction: 'Deny', ipRules: [] } }, 'Premium'),
    registry(S, 'rg-exempt', 'exemptreg', { adminUserEnabled: true }),
    { id: AKS, name: 'aks1', type: 'Microsoft.ContainerService/managedClusters', location: 'westus', properties: { kubernetesVersion: '1.30.4' } },
    assessment(REG.admin, 'Unhealthy'),
    assessment(REG.clean, 'Healthy'),
    assignment(ASSIGNMENT.adminAudit, 'dc921057-6b28-4fbe-9b83-f7bec05db6c2'),
    assignment(ASSIGNMENT.vulnerabilities, '090c7b07-b4ed-4561-ad20-e9075f3ccaff'),
    assignment(ASSIGNMENT.publicDisabled, '0fdf0491-d080-4575-b627-ad0e843cba0f', {}, { effect: { value: 'Disabled' } }),
    assignment(ASSIGNMENT.adminModify, '79fdfe03-ffcb-4e55-b4d0-b925b8241759', { location: 'westus', identity: { type: 'SystemAssigned', principalId: MODIFY_IDENTITY, tenantId: '9d1c7e2a-0b3f-4c5d-8e6f-a7b8c9d0e1f2' } }),
    assignment(ASSIGNMENT.k8sPrivileged, '95edb821-ddaf-4404-9732-666045e056b4'),
    {
      id: `${RG_EXEMPT}/providers/Microsoft.Authorization/policyExemptions/exempt-admin`,
      name: 'exempt-admin',
      type: 'Microsoft.Authorization/policyExemptions',
      properties: { policyAssignmentId: ASSIGNMENT.adminAudit, exemptionCategory: 'Waiver', displayName: 'Legacy build agents' },
    },
    {
      id: `${AKS}/providers/Microsoft.PolicyInsights/policyStates/k8s-privileged`,
      resourceId: AKS,
      policyAssignmentId: ASSIGNMENT.k8sPrivileged,
      policyDefinitionId: builtIn('95edb821-ddaf-4404-9732-666045e056b4'),
      policyDefinitionAction: 'deny',
      complianceState: 'NonCompliant',
      resourceType: '/Microsoft.ContainerService/managedClusters',
      policyAssignmentName: 'k8s-no-privileged',
      subscriptionId: S,
      resourceGroup: 'rg-apps',
    },
    exemptionExample,
    remediationExample,
    roleAssignment(sub, WHO.reader, ROLE.reader),
    roleAssignment(sub, WHO.policyWriter, ROLE.resourcePolicyContributor),
    roleAssignment(`/subscriptions/${remediationSub}`, WHO.reader, ROLE.reader),
    roleAssignment(RG_APPS, WHO.rgReader, ROLE.reader),
  ]);
}
