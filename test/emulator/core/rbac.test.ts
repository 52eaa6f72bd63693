import { describe, expect, test } from 'vitest';
import { actionMatches } from '../../../src/emulator/authz/action-match.js';
import { BUILT_IN_ROLES } from '../../../src/emulator/authz/builtin-roles.js';
import { RbacAuthorizer } from '../../../src/emulator/authz/rbac.js';
import { ArmError } from '../../../src/emulator/http/types.js';
import type { Caller } from '../../../src/emulator/http/types.js';
import { loadTenantObject } from '../../../src/emulator/tenant/load-tenant.js';
import { IDS, REGISTRY_A, REGISTRY_A2, RG_A, ROLE, SUB_A, SUB_B, TENANT_ID, tinyTenant } from './support/tenant.js';

const tenant = loadTenantObject(tinyTenant());
const authz = new RbacAuthorizer(tenant.store, TENANT_ID);

function caller(id: string): Caller {
  const principal = tenant.principals.get(id)?.principal;
  if (!principal) throw new Error(`no principal ${id}`);
  return { principal, tenantId: TENANT_ID, objectId: id, delegated: principal.type === 'User' };
}

const SUB_A_ID = `/subscriptions/${SUB_A}`;
const SUB_B_ID = `/subscriptions/${SUB_B}`;
const ASSIGNMENT_WRITE = 'Microsoft.Authorization/roleAssignments/write';
const POLICY_WRITE = 'Microsoft.Authorization/policyAssignments/write';
const ACR_READ = 'Microsoft.ContainerRegistry/registries/read';
const ACR_WRITE = 'Microsoft.ContainerRegistry/registries/write';
const SUB_ASSESSMENT_READ = 'Microsoft.Security/assessments/subAssessments/read';
const FINDING = `${REGISTRY_A}/providers/Microsoft.Security/assessments/k1/subAssessments/f1`;

describe('role assignments, inheritance and matching', () => {
  test.for([
    // Owner at the subscription: everything below it, nothing in another subscription.
    { who: 'owner', id: IDS.owner, action: ASSIGNMENT_WRITE, scope: REGISTRY_A, allowed: true },
    { who: 'owner', id: IDS.owner, action: ACR_READ, scope: `${SUB_B_ID}/resourceGroups/rg-b`, allowed: false },
    // Reader: any read (case-insensitive), no writes.
    { who: 'reader', id: IDS.reader, action: 'MICROSOFT.CONTAINERREGISTRY/REGISTRIES/READ', scope: REGISTRY_A, allowed: true },
    { who: 'reader', id: IDS.reader, action: ACR_WRITE, scope: REGISTRY_A, allowed: false },
    { who: 'reader', id: IDS.reader, action: SUB_ASSESSMENT_READ, scope: FINDING, allowed: true },
    // Contributor on the resource group: writes there, but notActions keep Authorization writes out.
    { who: 'rg contributor', id: IDS.contributorRg, action: ACR_WRITE, scope: REGISTRY_A, allowed: true },
    { who: 'rg contributor', id: IDS.contributorRg, action: ASSIGNMENT_WRITE, scope: REGISTRY_A, allowed: false },
    { who: 'rg contributor', id: IDS.contributorRg, action: POLICY_WRITE, scope: RG_A, allowed: false },
    { who: 'rg contributor', id: IDS.contributorRg, action: 'Microsoft.Authorization/locks/delete', scope: RG_A, allowed: false },
    { who: 'rg contributor', id: IDS.contributorRg, action: 'Microsoft.Authorization/roleAssignments/read', scope: RG_A, allowed: true },
    { who: 'rg contributor', id: IDS.contributorRg, action: ACR_WRITE, scope: SUB_A_ID, allowed: false },
    // Group membership: Security Reader through the auditors group.
    { who: 'auditor (group)', id: IDS.auditor, action: SUB_ASSESSMENT_READ, scope: FINDING, allowed: true },
    { who: 'auditor (group)', id: IDS.auditor, action: 'Microsoft.Resources/subscriptions/resourceGroups/read', scope: RG_A, allowed: true },
    { who: 'auditor (group)', id: IDS.auditor, action: ACR_READ, scope: REGISTRY_A, allowed: false },
    { who: 'auditor (group)', id: IDS.auditor, action: 'Microsoft.Security/pricings/write', scope: SUB_A_ID, allowed: false },
    // AcrPush on one registry only; pull/read and push/write, nothing on the sibling.
    { who: 'pusher', id: IDS.pusher, action: 'Microsoft.ContainerRegistry/registries/push/write', scope: REGISTRY_A, allowed: true },
    { who: 'pusher', id: IDS.pusher, action: 'Microsoft.ContainerRegistry/registries/pull/read', scope: REGISTRY_A2, allowed: false },
    { who: 'pusher', id: IDS.pusher, action: ACR_READ, scope: REGISTRY_A, allowed: false },
    // A scope that merely shares a prefix is not below the assignment.
    { who: 'pusher', id: IDS.pusher, action: 'Microsoft.ContainerRegistry/registries/push/write', scope: `${REGISTRY_A}x`, allowed: false },
    // Custom role from the tenant: wildcard actions minus a notAction.
    { who: 'custom role', id: IDS.custom, action: ACR_WRITE, scope: REGISTRY_A, allowed: true },
    { who: 'custom role', id: IDS.custom, action: 'Microsoft.ContainerRegistry/registries/delete', scope: REGISTRY_A, allowed: false },
    { who: 'custom role', id: IDS.custom, action: 'Microsoft.Security/assessments/read', scope: REGISTRY_A, allowed: false },
    // Tenant root assignment reaches every subscription.
    { who: 'root reader', id: IDS.rootReader, action: 'Microsoft.Resources/subscriptions/read', scope: SUB_B_ID, allowed: true },
    // No assignment, no access.
    { who: 'nobody', id: IDS.nobody, action: ACR_READ, scope: REGISTRY_A, allowed: false },
    // Service principal with Reader.
    { who: 'digest app', id: IDS.digest, action: SUB_ASSESSMENT_READ, scope: FINDING, allowed: true },
  ])('$who → $action at …$scope: $allowed', ({ id, action, scope, allowed }) => {
    expect(authz.allows(caller(id), action, scope)).toBe(allowed);
  });

  test('scopes compare case-insensitively and tolerate double slashes', () => {
    expect(authz.allows(caller(IDS.pusher), 'Microsoft.ContainerRegistry/registries/push/write', `/${REGISTRY_A.toUpperCase()}`)).toBe(true);
  });

  test('demand throws the 403 ArmError', () => {
    expect(() => authz.demand(caller(IDS.reader), ACR_WRITE, REGISTRY_A)).toThrow(ArmError);
    try {
      authz.demand(caller(IDS.reader), ACR_WRITE, REGISTRY_A);
    } catch (error) {
      expect((error as ArmError).status).toBe(403);
      expect((error as ArmError).code).toBe('AuthorizationFailed');
    }
  });

  test('assignments added at run time take effect at once', () => {
    const id = `${SUB_B_ID}/providers/Microsoft.Authorization/roleAssignments/f0000000-0000-4000-8000-0000000000ff`;
    expect(authz.allows(caller(IDS.nobody), ACR_READ, `${SUB_B_ID}/resourceGroups/rg-b`)).toBe(false);
    tenant.store.put({ id, properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${ROLE.reader}`, principalId: IDS.nobody } });
    expect(authz.allows(caller(IDS.nobody), ACR_READ, `${SUB_B_ID}/resourceGroups/rg-b`)).toBe(true);
    tenant.store.delete(id);
    expect(authz.allows(caller(IDS.nobody), ACR_READ, `${SUB_B_ID}/resourceGroups/rg-b`)).toBe(false);
  });
});

describe('permissions and role definitions', () => {
  test('permissions() lists the blocks of every role reaching the scope', () => {
    const blocks = authz.permissions(caller(IDS.contributorRg), REGISTRY_A);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.actions).toEqual(['*']);
    expect(blocks[0]?.notActions).toContain('Microsoft.Authorization/*/Write');
    expect(authz.permissions(caller(IDS.contributorRg), SUB_A_ID)).toEqual([]);
    expect(authz.permissions(caller(IDS.auditor), REGISTRY_A)[0]?.actions).toContain('Microsoft.Security/*/read');
  });

  test('built-in roles carry their real GUIDs and answer under any scope', () => {
    expect(BUILT_IN_ROLES.map((r) => [r.roleName, r.guid])).toEqual([
      ['Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'],
      ['Contributor', 'b24988ac-6180-42a0-ab88-20f7382dd24c'],
      ['Reader', 'acdd72a7-3385-48ef-bd42-f606fba81ae7'],
      ['Security Reader', '39bc4728-0917-49c7-9d2c-d95423bc2eb4'],
      ['Security Admin', 'fb1c8493-542b-48eb-b624-b4c8fea62acd'],
      ['Resource Policy Contributor', '36243c78-bf99-498c-9df9-86d9f8d28608'],
      ['User Access Administrator', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'],
      ['AcrPull', '7f951dda-4ed3-4680-a7ca-43fe172d538d'],
      ['AcrPush', '8311e382-0749-4cb8-b61a-304f252e45ec'],
    ]);
    const body = authz.roleDefinition(`${SUB_A_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.reader}`);
    expect(body?.id).toBe(`${SUB_A_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.reader}`);
    expect(body?.properties).toMatchObject({ roleName: 'Reader', type: 'BuiltInRole', permissions: [{ actions: ['*/read'] }] });
    expect(authz.roleDefinition(ROLE.custom)?.properties).toMatchObject({ roleName: 'Registry operator' });
    expect(authz.roleDefinition('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  test.for([
    ['*', 'Microsoft.Anything/at/all', true],
    ['*/read', 'Microsoft.Security/assessments/subAssessments/read', true],
    ['*/read', 'Microsoft.Security/assessments/write', false],
    ['Microsoft.Authorization/*/Write', 'microsoft.authorization/policyassignments/write', true],
    ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/policyAssignments/exempt/action', false],
    ['Microsoft.Security/*', 'Microsoft.SecurityInsights/incidents/read', false],
    ['Microsoft.Security/*', 'Microsoft.Security/pricings/write', true],
    ['Microsoft.Resources/deployments/*/read', 'Microsoft.Resources/deployments/operations/read', true],
    ['Microsoft.Web/sites/config.list/action', 'Microsoft.Web/sites/configXlist/action', false],
  ] as const)('pattern %s vs %s → %s', ([pattern, action, expected]) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });
});
