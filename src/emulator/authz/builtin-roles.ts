import type { ArmResource } from '../http/types.js';

/** One `permissions[]` block of a role definition. */
export interface PermissionBlock {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface BuiltInRole {
  guid: string;
  roleName: string;
  description: string;
  permissions: PermissionBlock[];
}

function block(actions: string[], notActions: string[] = []): PermissionBlock {
  return { actions, notActions, dataActions: [], notDataActions: [] };
}

/**
 * Azure's built-in roles the bot and the demo tenant rely on, with their real GUIDs and
 * permissions as published in the Azure built-in roles reference.
 */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  {
    guid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    roleName: 'Owner',
    description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    permissions: [block(['*'])],
  },
  {
    guid: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
    roleName: 'Contributor',
    description:
      'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    permissions: [
      block(
        ['*'],
        [
          'Microsoft.Authorization/*/Delete',
          'Microsoft.Authorization/*/Write',
          'Microsoft.Authorization/elevateAccess/Action',
          'Microsoft.Blueprint/blueprintAssignments/write',
          'Microsoft.Blueprint/blueprintAssignments/delete',
          'Microsoft.Compute/galleries/share/action',
          'Microsoft.Purview/consents/write',
          'Microsoft.Purview/consents/delete',
          'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
          'Microsoft.Subscription/cancel/action',
          'Microsoft.Subscription/enable/action',
        ],
      ),
    ],
  },
  {
    guid: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
    roleName: 'Reader',
    description: 'View all resources, but does not allow you to make any changes.',
    permissions: [block(['*/read'])],
  },
  {
    guid: '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
    roleName: 'Security Reader',
    description: 'Security Reader Role',
    permissions: [
      block([
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/read',
        'Microsoft.operationalInsights/workspaces/*/read',
        'Microsoft.Resources/deployments/*/read',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Security/*/read',
        'Microsoft.IoTSecurity/*/read',
        'Microsoft.Support/*/read',
        'Microsoft.Security/iotDefenderSettings/packageDownloads/action',
        'Microsoft.Security/iotDefenderSettings/downloadManagerActivation/action',
        'Microsoft.Security/iotSensors/downloadResetPassword/action',
        'Microsoft.IoTSecurity/defenderSettings/packageDownloads/action',
        'Microsoft.IoTSecurity/defenderSettings/downloadManagerActivation/action',
        'Microsoft.Management/managementGroups/read',
      ]),
    ],
  },
  {
    guid: 'fb1c8493-542b-48eb-b624-b4c8fea62acd',
    roleName: 'Security Admin',
    description: 'Security Admin Role',
    permissions: [
      block([
        'Microsoft.Authorization/*/read',
        'Microsoft.Authorization/policyAssignments/*',
        'Microsoft.Authorization/policyDefinitions/*',
        'Microsoft.Authorization/policyExemptions/*',
        'Microsoft.Authorization/policySetDefinitions/*',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Management/managementGroups/read',
        'Microsoft.operationalInsights/workspaces/*/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Security/*',
        'Microsoft.IoTSecurity/*',
        'Microsoft.IoTFirmwareDefense/*',
        'Microsoft.Support/*',
      ]),
    ],
  },
  {
    guid: '36243c78-bf99-498c-9df9-86d9f8d28608',
    roleName: 'Resource Policy Contributor',
    description: 'Users with rights to create/modify resource policy, create support ticket and read resources/hierarchy.',
    permissions: [
      block([
        '*/read',
        'Microsoft.Authorization/policyassignments/*',
        'Microsoft.Authorization/policydefinitions/*',
        'Microsoft.Authorization/policyexemptions/*',
        'Microsoft.Authorization/policysetdefinitions/*',
        'Microsoft.PolicyInsights/*',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Support/*',
      ]),
    ],
  },
  {
    guid: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
    roleName: 'User Access Administrator',
    description: 'Lets you manage user access to Azure resources.',
    permissions: [block(['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'])],
  },
  {
    guid: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
    roleName: 'AcrPull',
    description: 'acr pull',
    permissions: [block(['Microsoft.ContainerRegistry/registries/pull/read'])],
  },
  {
    guid: '8311e382-0749-4cb8-b61a-304f252e45ec',
    roleName: 'AcrPush',
    description: 'acr push',
    permissions: [block(['Microsoft.ContainerRegistry/registries/pull/read', 'Microsoft.ContainerRegistry/registries/push/write'])],
  },
];

const BY_GUID = new Map(BUILT_IN_ROLES.map((r) => [r.guid, r]));

export function builtInRole(guid: string): BuiltInRole | undefined {
  return BY_GUID.get(guid.toLowerCase());
}

/**
 * A built-in role as ARM's roleDefinitions GET returns it. ARM answers built-ins under whatever
 * scope was asked (`/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}`);
 * `scope` '' gives the tenant-level id.
 */
export function builtInRoleBody(role: BuiltInRole, scope = ''): ArmResource {
  const prefix = scope === '/' ? '' : scope;
  return {
    id: `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${role.guid}`,
    type: 'Microsoft.Authorization/roleDefinitions',
    name: role.guid,
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: role.permissions.map((p) => ({ ...p })),
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2024-04-17T17:00:00.0000000Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}

/** Every built-in role body at `scope`, for roleDefinitions list routes. */
export function builtInRoleBodies(scope = ''): ArmResource[] {
  return BUILT_IN_ROLES.map((r) => builtInRoleBody(r, scope));
}
