/**
 * Small tenants for conformance tests, in the tenant-file format (every resource is an ARM GET body).
 * Subscription ids are those of the REST API examples, so example bodies load unchanged.
 */

export type Resource = { id: string; [key: string]: unknown };

export const TENANT_ID = '9d1c7e2a-0b3f-4c5d-8e6f-a7b8c9d0e1f2';

/** Subscriptions of the examples: ACR, Defender for Cloud and Azure Policy ones. */
export const SUB = {
  acr: '00000000-0000-0000-0000-000000000000',
  security: '20ff7fc3-e762-44dd-bd96-b71116dcdc23',
  policy: 'ae640e6b-ba3e-4256-9d62-2993eecfa6f2',
} as const;

export const ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  securityReader: '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
  resourcePolicyContributor: '36243c78-bf99-498c-9df9-86d9f8d28608',
} as const;

/** Test principals (object ids). */
export const WHO = {
  admin: '0a000000-0000-4000-8000-00000000000a',
  reader: '0b000000-0000-4000-8000-00000000000b',
  rgReader: '0c000000-0000-4000-8000-00000000000c',
  nobody: '0d000000-0000-4000-8000-00000000000d',
  policyWriter: '0e000000-0000-4000-8000-00000000000e',
  groupMember: '0f000000-0000-4000-8000-00000000000f',
  auditors: '1a000000-0000-4000-8000-00000000001a',
  app: '1b000000-0000-4000-8000-00000000001b',
} as const;

export const APP_PRINCIPAL = { appId: '1c000000-0000-4000-8000-00000000001c', secret: 'local-conformance-reader' } as const;

export const principals = [
  { id: WHO.admin, displayName: 'Ada Admin', userPrincipalName: 'ada@contoso.example', type: 'User' },
  { id: WHO.reader, displayName: 'Rita Reader', userPrincipalName: 'rita@contoso.example', type: 'User' },
  { id: WHO.rgReader, displayName: 'Gus Group-Reader', userPrincipalName: 'gus@contoso.example', type: 'User' },
  { id: WHO.nobody, displayName: 'Nora Nobody', userPrincipalName: 'nora@contoso.example', type: 'User' },
  { id: WHO.policyWriter, displayName: 'Pia Policy', userPrincipalName: 'pia@contoso.example', type: 'User' },
  { id: WHO.groupMember, displayName: 'Gil Member', userPrincipalName: 'gil@contoso.example', type: 'User', groups: [WHO.auditors] },
  { id: WHO.app, displayName: 'Digest reader', type: 'ServicePrincipal', appId: APP_PRINCIPAL.appId, clientSecret: APP_PRINCIPAL.secret },
];

export function subscription(subscriptionId: string, displayName: string, tags: Record<string, string> = {}): Resource {
  return {
    id: `/subscriptions/${subscriptionId}`,
    subscriptionId,
    tenantId: TENANT_ID,
    displayName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    tags,
  };
}

export function resourceGroup(subscriptionId: string, name: string, tags: Record<string, string> = {}, location = 'westus'): Resource {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${name}`,
    name,
    type: 'Microsoft.Resources/resourceGroups',
    location,
    tags,
    properties: { provisioningState: 'Succeeded' },
  };
}

let assignmentCounter = 0;

/** A role assignment body as ARM returns it (2022-04-01). */
export function roleAssignment(scope: string, principalId: string, role: string, principalType = 'User'): Resource {
  assignmentCounter += 1;
  const name = `9${String(assignmentCounter).padStart(7, '0')}-0000-4000-8000-${principalId.slice(-12)}`;
  const subscriptionPart = scope.split('/').slice(0, 3).join('/');
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: `${subscriptionPart}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId,
      principalType,
      scope,
    },
  };
}

/** A container registry as ACR's 2025-04-01 GET answers it. */
export function registry(subscriptionId: string, resourceGroupName: string, name: string, overrides: Record<string, unknown> = {}, sku = 'Standard'): Resource {
  const base = {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/${name}`,
    name,
    type: 'Microsoft.ContainerRegistry/registries',
    location: 'westus',
    tags: {},
    sku: { name: sku, tier: sku },
    properties: {
      loginServer: `${name.toLowerCase()}.azurecr.io`,
      creationDate: '2024-01-10T08:00:00.0000000Z',
      provisioningState: 'Succeeded',
      adminUserEnabled: false,
      networkRuleSet: { defaultAction: 'Allow', ipRules: [] },
      policies: {
        quarantinePolicy: { status: 'disabled' },
        trustPolicy: { type: 'Notary', status: 'disabled' },
        retentionPolicy: { days: 7, lastUpdatedTime: '2024-01-10T08:00:00.0000000+00:00', status: 'disabled' },
        exportPolicy: { status: 'enabled' },
      },
      encryption: { status: 'disabled' },
      dataEndpointEnabled: false,
      dataEndpointHostNames: [],
      privateEndpointConnections: [],
      publicNetworkAccess: 'Enabled',
      networkRuleBypassOptions: 'AzureServices',
      zoneRedundancy: 'Disabled',
    },
  };
  return { ...base, properties: { ...base.properties, ...overrides } };
}

export function tenantOf(resources: Resource[]): { tenantId: string; principals: typeof principals; resources: Resource[] } {
  return { tenantId: TENANT_ID, principals, resources };
}
