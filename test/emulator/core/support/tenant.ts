/** A tiny inline tenant for core tests: two subscriptions, a group, users and a service principal. */
export const TENANT_ID = '0c0ffee0-1111-4000-8000-00000000c0de';
export const SUB_A = '11111111-aaaa-4000-8000-000000000001';
export const SUB_B = '11111111-bbbb-4000-8000-000000000002';
export const APP = { clientId: '6c1e2f3a-4b5c-4d6e-8f70-000000000a99', clientSecret: 'core-test-app-secret' } as const;

export const IDS = {
  owner: 'a0000000-0000-4000-8000-000000000001',
  reader: 'a0000000-0000-4000-8000-000000000002',
  contributorRg: 'a0000000-0000-4000-8000-000000000003',
  auditor: 'a0000000-0000-4000-8000-000000000004',
  nobody: 'a0000000-0000-4000-8000-000000000005',
  disabled: 'a0000000-0000-4000-8000-000000000006',
  pusher: 'a0000000-0000-4000-8000-000000000007',
  custom: 'a0000000-0000-4000-8000-000000000008',
  rootReader: 'a0000000-0000-4000-8000-000000000009',
  digest: 'b0000000-0000-4000-8000-000000000001',
  auditorsGroup: 'c0000000-0000-4000-8000-000000000001',
} as const;

export const DIGEST_APP = { appId: 'd0000000-0000-4000-8000-00000000d16e', secret: 'core-test-digest-secret' } as const;

export const ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  securityReader: '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
  acrPush: '8311e382-0749-4cb8-b61a-304f252e45ec',
  custom: 'e0000000-0000-4000-8000-0000000000c1',
} as const;

export const RG_A = `/subscriptions/${SUB_A}/resourceGroups/rg-app`;
export const REGISTRY_A = `${RG_A}/providers/Microsoft.ContainerRegistry/registries/acrapp`;
export const REGISTRY_A2 = `${RG_A}/providers/Microsoft.ContainerRegistry/registries/acrother`;

function assignment(scope: string, n: number, principalId: string, role: string, principalType = 'User'): Record<string, unknown> {
  const name = `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: `/subscriptions/${SUB_A}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
      principalId,
      principalType,
      scope,
    },
  };
}

export function tinyTenant(): Record<string, unknown> {
  return {
    tenantId: TENANT_ID,
    principals: [
      { id: IDS.owner, displayName: 'Olivia Owner', userPrincipalName: 'olivia@core.example', type: 'User' },
      { id: IDS.reader, displayName: 'Rui Reader', userPrincipalName: 'rui@core.example', type: 'User' },
      { id: IDS.contributorRg, displayName: 'Cai Contributor', userPrincipalName: 'cai@core.example', type: 'User' },
      { id: IDS.auditor, displayName: 'Ada Auditor', userPrincipalName: 'ada@core.example', type: 'User', groups: [IDS.auditorsGroup] },
      { id: IDS.nobody, displayName: 'Nadia Nobody', userPrincipalName: 'nadia@core.example', type: 'User' },
      { id: IDS.disabled, displayName: 'Dora Disabled', userPrincipalName: 'dora@core.example', type: 'User', accountEnabled: false },
      { id: IDS.pusher, displayName: 'Pat Pusher', userPrincipalName: 'pat@core.example', type: 'User' },
      { id: IDS.custom, displayName: 'Cory Custom', userPrincipalName: 'cory@core.example', type: 'User' },
      { id: IDS.rootReader, displayName: 'Rhea Root', userPrincipalName: 'rhea@core.example', type: 'User' },
      { id: IDS.digest, displayName: 'Digest reader', type: 'ServicePrincipal', appId: DIGEST_APP.appId, clientSecret: DIGEST_APP.secret },
    ],
    resources: [
      { id: `/subscriptions/${SUB_A}`, subscriptionId: SUB_A, displayName: 'Core A', state: 'Enabled', tags: { env: 'prod' } },
      { id: `/subscriptions/${SUB_B}`, subscriptionId: SUB_B, displayName: 'Core B', state: 'Enabled' },
      { id: RG_A, name: 'rg-app', type: 'Microsoft.Resources/resourceGroups', location: 'westeurope', properties: { provisioningState: 'Succeeded' } },
      { id: `/subscriptions/${SUB_B}/resourceGroups/rg-b`, name: 'rg-b', type: 'Microsoft.Resources/resourceGroups', location: 'westeurope' },
      { id: REGISTRY_A, name: 'acrapp', type: 'Microsoft.ContainerRegistry/registries', location: 'westeurope', properties: {} },
      { id: REGISTRY_A2, name: 'acrother', type: 'Microsoft.ContainerRegistry/registries', location: 'westeurope', properties: {} },
      assignment(`/subscriptions/${SUB_A}`, 1, IDS.owner, ROLE.owner),
      assignment(`/subscriptions/${SUB_A}`, 2, IDS.reader, ROLE.reader),
      assignment(RG_A, 3, IDS.contributorRg, ROLE.contributor),
      assignment(`/subscriptions/${SUB_A}`, 4, IDS.auditorsGroup, ROLE.securityReader, 'Group'),
      assignment(REGISTRY_A, 5, IDS.pusher, ROLE.acrPush),
      assignment(`/subscriptions/${SUB_A}`, 6, IDS.digest, ROLE.reader, 'ServicePrincipal'),
      assignment(`/subscriptions/${SUB_A}`, 7, IDS.custom, ROLE.custom),
      assignment('/', 8, IDS.rootReader, ROLE.reader),
      {
        id: `/subscriptions/${SUB_A}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.custom}`,
        name: ROLE.custom,
        type: 'Microsoft.Authorization/roleDefinitions',
        properties: {
          roleName: 'Registry operator',
          type: 'CustomRole',
          assignableScopes: [`/subscriptions/${SUB_A}`],
          permissions: [{ actions: ['Microsoft.ContainerRegistry/*'], notActions: ['Microsoft.ContainerRegistry/registries/delete'] }],
        },
      },
    ],
  };
}
