import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyClient } from '@azure/arm-policy';
import { PolicyInsightsClient } from '@azure/arm-policyinsights';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { all, caught } from './support/calls.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { registry, resourceGroup, ROLE, subscription, TENANT_ID, tenantOf, WHO, type Resource } from './support/tenant.js';

/**
 * A management-group hierarchy (root → platform → workloads → subscription), as ARM applies it: role
 * and policy assignments at a group reach every subscription below it, and nothing beside it.
 */

const INSIDE = '3a000000-0000-4000-8000-0000000000a1';
const BESIDE = '3a000000-0000-4000-8000-0000000000b2';
const group = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;

function managementGroup(name: string, parent: string, children: string[] = []): Resource {
  return {
    id: group(name),
    name,
    type: 'Microsoft.Management/managementGroups',
    properties: { tenantId: TENANT_ID, displayName: name, details: { parent: { id: group(parent) } }, children: children.map((s) => ({ id: `/subscriptions/${s}`, type: '/subscriptions', name: s })) },
  };
}

const roleAt = (scope: string, principalId: string, role: string, name: string): Resource => ({
  id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
  name,
  type: 'Microsoft.Authorization/roleAssignments',
  properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${role}`, principalId, principalType: 'User', scope },
});

const MG_ASSIGNMENT = `${group('mg-platform')}/providers/Microsoft.Authorization/policyAssignments/no-admin-accounts`;

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(
    tenantOf([
      managementGroup('mg-platform', TENANT_ID),
      managementGroup('mg-workloads', 'mg-platform', [INSIDE]),
      subscription(INSIDE, 'Inside'),
      subscription(BESIDE, 'Beside'),
      resourceGroup(INSIDE, 'rg-in'),
      resourceGroup(BESIDE, 'rg-out'),
      registry(INSIDE, 'rg-in', 'inreg', { adminUserEnabled: true }),
      registry(BESIDE, 'rg-out', 'outreg', { adminUserEnabled: true }),
      roleAt(group('mg-platform'), WHO.reader, ROLE.reader, '3a000000-0000-4000-8000-000000000001'),
      roleAt(`/subscriptions/${BESIDE}`, WHO.admin, ROLE.reader, '3a000000-0000-4000-8000-000000000002'),
      {
        id: MG_ASSIGNMENT,
        name: 'no-admin-accounts',
        type: 'Microsoft.Authorization/policyAssignments',
        properties: { displayName: 'No admin accounts', policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2', scope: group('mg-platform'), enforcementMode: 'Default', parameters: {}, notScopes: [] },
      },
    ]),
  );
});
afterAll(async () => env?.close());

describe('role assignments at a management group', () => {
  test('reach the subscriptions below the group, not those beside it', async () => {
    const credential = await env.user(WHO.reader);
    const subs = await all(new SubscriptionClient(credential, env.clientOptions).subscriptions.list());
    expect(subs.map((s) => s.subscriptionId)).toEqual([INSIDE]);
    expect((await new ContainerRegistryManagementClient(credential, INSIDE, env.clientOptions).registries.get('rg-in', 'inreg')).name).toBe('inreg');
    const refused = await caught(new ContainerRegistryManagementClient(credential, BESIDE, env.clientOptions).registries.get('rg-out', 'outreg'));
    expect(refused.statusCode).toBe(403);
  });
});

describe('policy assignments at a management group', () => {
  test('are listed at the subscriptions below it (atScope() included) and judge their resources', async () => {
    const inside = new PolicyClient(await env.user(WHO.reader), INSIDE, env.clientOptions).policyAssignments;
    expect((await all(inside.list({ filter: 'atScope()' }))).map((a) => a.id)).toEqual([MG_ASSIGNMENT]);
    expect((await all(inside.listForResourceGroup('rg-in'))).map((a) => a.scope)).toEqual([group('mg-platform')]);
    const beside = new PolicyClient(await env.user(WHO.admin), BESIDE, env.clientOptions).policyAssignments;
    expect(await all(beside.list({ filter: 'atScope()' }))).toEqual([]);

    const states = await all(new PolicyInsightsClient(await env.user(WHO.reader), INSIDE, env.clientOptions).policyStates.listQueryResultsForSubscription('latest', INSIDE));
    expect(states.map((s) => [s.resourceId?.split('/').pop(), s.policyAssignmentId, s.complianceState])).toEqual([['inreg', MG_ASSIGNMENT.toLowerCase(), 'NonCompliant']]);
    const besideStates = await all(new PolicyInsightsClient(await env.user(WHO.admin), BESIDE, env.clientOptions).policyStates.listQueryResultsForSubscription('latest', BESIDE));
    expect(besideStates).toEqual([]);
  });
});
