import type { ArmResource } from './tenant-types.js';
import { roleDefinitionId, policyDefinitionId, policyDefinitionVersion, type RoleName } from './builtins.js';

/** `GET /subscriptions/{id}` (2022-12-01 shape, with tags). */
export function subscriptionBody(input: {
  subscriptionId: string;
  tenantId: string;
  displayName: string;
  tags: Record<string, string>;
  quotaId?: string;
}): ArmResource {
  return {
    id: `/subscriptions/${input.subscriptionId}`,
    subscriptionId: input.subscriptionId,
    tenantId: input.tenantId,
    displayName: input.displayName,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: input.quotaId ?? 'EnterpriseAgreement_2014-09-01',
      spendingLimit: 'Off',
    },
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    tags: input.tags,
  };
}

/** `GET /subscriptions/{s}/resourcegroups/{name}`. */
export function resourceGroupBody(input: {
  subscriptionId: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
}): ArmResource {
  return {
    id: `/subscriptions/${input.subscriptionId}/resourceGroups/${input.name}`,
    name: input.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: input.location,
    ...(input.tags ? { tags: input.tags } : {}),
    properties: { provisioningState: 'Succeeded' },
  };
}

export interface RoleAssignmentInput {
  /** ARM id of the scope (subscription, resource group or resource). */
  scope: string;
  /** Assignment name (GUID). */
  name: string;
  role: RoleName;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  createdOn: string;
  createdBy: string;
  description?: string;
}

function subscriptionOf(scope: string): string {
  const match = /^\/subscriptions\/([^/]+)/i.exec(scope);
  if (!match?.[1]) throw new Error(`scope ${scope} is not under a subscription`);
  return match[1];
}

/** `GET {scope}/providers/Microsoft.Authorization/roleAssignments/{name}` (2022-04-01). */
export function roleAssignmentBody(input: RoleAssignmentInput): ArmResource {
  return {
    id: `${input.scope}/providers/Microsoft.Authorization/roleAssignments/${input.name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name: input.name,
    properties: {
      roleDefinitionId: roleDefinitionId(subscriptionOf(input.scope), input.role),
      principalId: input.principalId,
      principalType: input.principalType,
      scope: input.scope,
      condition: null,
      conditionVersion: null,
      createdOn: input.createdOn,
      updatedOn: input.createdOn,
      createdBy: input.createdBy,
      updatedBy: input.createdBy,
      delegatedManagedIdentityResourceId: null,
      description: input.description ?? null,
    },
  };
}

export interface PolicyAssignmentInput {
  scope: string;
  name: string;
  displayName: string;
  description: string;
  /** Built-in policy definition name (GUID). */
  definition: string;
  parameters?: Record<string, unknown>;
  enforcementMode?: 'Default' | 'DoNotEnforce';
  nonComplianceMessage?: string;
  instanceId: string;
  assignedBy: string;
  createdBy: string;
  createdOn: string;
}

/** `GET {scope}/providers/Microsoft.Authorization/policyAssignments/{name}` (2025-03-01). */
export function policyAssignmentBody(input: PolicyAssignmentInput): ArmResource {
  const parameters = Object.fromEntries(Object.entries(input.parameters ?? {}).map(([k, v]) => [k, { value: v }]));
  return {
    properties: {
      displayName: input.displayName,
      description: input.description,
      metadata: {
        assignedBy: input.assignedBy,
        createdBy: input.createdBy,
        createdOn: input.createdOn,
        updatedBy: null,
        updatedOn: null,
      },
      policyDefinitionId: policyDefinitionId(input.definition),
      definitionVersion: policyDefinitionVersion(input.definition),
      notScopes: [],
      parameters,
      enforcementMode: input.enforcementMode ?? 'Default',
      ...(input.nonComplianceMessage ? { nonComplianceMessages: [{ message: input.nonComplianceMessage }] } : {}),
      scope: input.scope,
      instanceId: input.instanceId,
    },
    id: `${input.scope}/providers/Microsoft.Authorization/policyAssignments/${input.name}`,
    type: 'Microsoft.Authorization/policyAssignments',
    name: input.name,
  };
}

/** `GET {scope}/providers/Microsoft.Authorization/policyExemptions/{name}`. */
export function policyExemptionBody(input: {
  scope: string;
  name: string;
  policyAssignmentId: string;
  displayName: string;
  description: string;
  expiresOn: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}): ArmResource {
  return {
    properties: {
      policyAssignmentId: input.policyAssignmentId,
      policyDefinitionReferenceIds: [],
      exemptionCategory: 'Waiver',
      displayName: input.displayName,
      description: input.description,
      expiresOn: input.expiresOn,
      metadata: { reason: input.reason },
    },
    systemData: {
      createdBy: input.createdBy,
      createdByType: 'User',
      createdAt: input.createdAt,
      lastModifiedBy: input.createdBy,
      lastModifiedByType: 'User',
      lastModifiedAt: input.createdAt,
    },
    id: `${input.scope}/providers/Microsoft.Authorization/policyExemptions/${input.name}`,
    type: 'Microsoft.Authorization/policyExemptions',
    name: input.name,
  };
}

export const REGISTRY_LOG_CATEGORIES = ['ContainerRegistryRepositoryEvents', 'ContainerRegistryLoginEvents'] as const;

/** `GET {resourceId}/providers/Microsoft.Insights/diagnosticSettings/{name}` (2021-05-01-preview). */
export function diagnosticSettingBody(input: {
  resourceId: string;
  name: string;
  workspaceId: string;
  /** Log categories switched on; the others are listed as disabled, as ARM lists every category. */
  enabled: readonly string[];
}): ArmResource {
  return {
    id: `${input.resourceId}/providers/Microsoft.Insights/diagnosticSettings/${input.name}`,
    type: 'Microsoft.Insights/diagnosticSettings',
    name: input.name,
    properties: {
      workspaceId: input.workspaceId,
      logs: REGISTRY_LOG_CATEGORIES.map((category) => ({
        category,
        categoryGroup: null,
        enabled: input.enabled.includes(category),
        retentionPolicy: { enabled: false, days: 0 },
      })),
      metrics: [{ category: 'AllMetrics', enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
      logAnalyticsDestinationType: null,
    },
  };
}
