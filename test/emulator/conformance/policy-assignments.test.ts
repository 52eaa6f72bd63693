import { PolicyClient } from '@azure/arm-policy';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { all, caught } from './support/calls.js';
import { assertValid, exampleBody, openApiValidator } from './support/contracts.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO, type Resource } from './support/tenant.js';

/** Policy definitions, initiatives and assignments through @azure/arm-policy 7 (api-version 2025-03-01). */

const OPENAPI = 'policy/policyAssignments_2025-03-01_openapi.json';
const validAssignment = openApiValidator(OPENAPI, 'PolicyAssignment');
const validAssignmentList = openApiValidator(OPENAPI, 'PolicyAssignmentListResult');

const getExample = exampleBody<Resource>('policy/policyAssignments_Get_getPolicyAssignment_2025-03-01.json');
const rgListExample = exampleBody<{ value: Resource[] }>('policy/policyAssignments_ListForResourceGroup_listPolicyAssignmentsForResourceGroup_2025-03-01.json');
const builtInExample = exampleBody<Resource>('policy/policyDefinitions_GetBuiltIn_getBuiltinPolicyDefinition_2025-03-01.json');
const setExample = exampleBody<Resource>('policy/policySetDefinitions_GetBuiltIn_getBuiltInPolicySetDefinition_2025-03-01.json');

const S = SUB.policy;
const ACR_ADMIN = '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2';

/** Custom definitions the REST examples assign. */
function customDefinition(name: string): Resource {
  return {
    id: `/subscriptions/${S}/providers/Microsoft.Authorization/policyDefinitions/${name}`,
    name,
    type: 'Microsoft.Authorization/policyDefinitions',
    properties: { policyType: 'Custom', mode: 'All', displayName: name, version: '1.0.0', parameters: {}, policyRule: { if: { field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, then: { effect: 'audit' } } },
  };
}

const base = [
  subscription(S, 'Policy'),
  resourceGroup(S, 'TestResourceGroup'),
  resourceGroup(S, 'rg-apps'),
  customDefinition('ResourceNaming'),
  customDefinition('storageSkus'),
  customDefinition('TagKeyValue'),
  roleAssignment(`/subscriptions/${S}`, WHO.reader, ROLE.reader),
  roleAssignment(`/subscriptions/${S}`, WHO.policyWriter, ROLE.resourcePolicyContributor),
];

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(tenantOf([...base, getExample]));
});
afterAll(async () => env?.close());

const client = async (who: string) => new PolicyClient(await env.user(who), S, env.clientOptions);

describe('definitions and initiatives', () => {
  test('getBuiltIn returns the REST examples identical; built-ins from Azure/azure-policy are served', async () => {
    const reader = await env.user(WHO.reader);
    const def = await env.arm(reader, 'GET', `${String(builtInExample.id)}?api-version=2025-03-01`);
    expect(def.body).toEqual(builtInExample);
    const set = await env.arm(reader, 'GET', `${String(setExample.id)}?api-version=2025-03-01`);
    expect(set.body).toEqual(setExample);
    const acr = await (await client(WHO.reader)).policyDefinitions.getBuiltIn('dc921057-6b28-4fbe-9b83-f7bec05db6c2');
    expect(acr.displayName).toBe('Container registries should have local admin account disabled.');
    expect(acr.policyType).toBe('BuiltIn');
    const missing = await caught((await client(WHO.reader)).policyDefinitions.getBuiltIn('00000000-0000-0000-0000-00000000beef'));
    expect([missing.statusCode, missing.code]).toEqual([404, 'PolicyDefinitionNotFound']);
  });

  test('listBuiltIn filters by category; list at a subscription adds its custom definitions', async () => {
    const registry = await all((await client(WHO.reader)).policyDefinitions.listBuiltIn({ filter: "category eq 'Container Registry'" }));
    expect(registry.length).toBe(18);
    const atSub = await all((await client(WHO.reader)).policyDefinitions.list());
    expect(atSub.filter((d) => d.policyType === 'Custom').map((d) => d.name)).toEqual(['ResourceNaming', 'storageSkus', 'TagKeyValue']);
    expect(atSub.length).toBe(3 + 25);
    const exact = await all((await client(WHO.reader)).policyDefinitions.list({ filter: 'atExactScope()' }));
    expect(exact.map((d) => d.name)).toEqual(['ResourceNaming', 'storageSkus', 'TagKeyValue']);
    expect((await (await client(WHO.reader)).policyDefinitions.get('ResourceNaming')).policyType).toBe('Custom');
    expect((await (await client(WHO.reader)).policyDefinitions.get('dc921057-6b28-4fbe-9b83-f7bec05db6c2')).policyType).toBe('BuiltIn');
    const sets = await all((await client(WHO.reader)).policySetDefinitions.list());
    expect(sets.map((s) => s.name)).toEqual(['1f3afdf9-d0c9-4c3d-847f-89da613e70a8']);
    expect((await (await client(WHO.reader)).policySetDefinitions.getBuiltIn('1f3afdf9-d0c9-4c3d-847f-89da613e70a8')).policyDefinitions).toHaveLength(10);
  });

  test('subscription-level reads need access to the subscription', async () => {
    const denied = await caught(all((await client(WHO.nobody)).policyDefinitions.list()));
    expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);
  });
});

describe('assignments', () => {
  const rgScope = `/subscriptions/${S}/resourceGroups/rg-apps`;

  test('get returns the REST example identical and valid', async () => {
    const raw = await env.arm(await env.user(WHO.reader), 'GET', `${String(getExample.id)}?api-version=2025-03-01`);
    expect(raw.body).toEqual(getExample);
    assertValid(validAssignment, raw.body, 'assignment');
    const sdk = await (await client(WHO.reader)).policyAssignments.get(`subscriptions/${S}`, 'EnforceNaming');
    expect(sdk.displayName).toBe('Enforce resource naming rules');
  });

  test('create answers 201 (all the SDK accepts), records the caller, and re-create keeps the creation record', async () => {
    const sdk = await client(WHO.policyWriter);
    const created = await sdk.policyAssignments.create(rgScope, 'acr-no-admin', {
      displayName: 'No admin user on registries',
      policyDefinitionId: ACR_ADMIN,
      parameters: { effect: { value: 'Audit' } },
      metadata: { ticket: 'SEC-42' },
    });
    expect(created.id).toBe(`${rgScope}/providers/Microsoft.Authorization/policyAssignments/acr-no-admin`);
    expect(created.scope).toBe(rgScope);
    expect(created.definitionVersion).toBe('1.*.*');
    expect(created.enforcementMode).toBe('Default');
    expect(created.metadata).toMatchObject({ ticket: 'SEC-42', createdBy: WHO.policyWriter, updatedBy: null });
    expect(created.systemData?.createdBy).toBe(WHO.policyWriter);
    const raw = await env.arm(await env.user(WHO.reader), 'GET', `${created.id ?? ''}?api-version=2025-03-01`);
    assertValid(validAssignment, raw.body, 'created assignment');

    const again = await sdk.policyAssignments.create(rgScope, 'acr-no-admin', { policyDefinitionId: ACR_ADMIN, enforcementMode: 'DoNotEnforce' });
    expect(again.instanceId).toBe(created.instanceId);
    expect(again.metadata).toMatchObject({ createdBy: WHO.policyWriter, updatedBy: WHO.policyWriter });
    expect(again.enforcementMode).toBe('DoNotEnforce');
  });

  test('identity, 403 for readers, 404 for unknown definitions and scopes', async () => {
    const withIdentity = await (await client(WHO.policyWriter)).policyAssignments.create(rgScope, 'with-identity', {
      policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/79fdfe03-ffcb-4e55-b4d0-b925b8241759',
      location: 'westeurope',
      identity: { type: 'SystemAssigned' },
    });
    expect(withIdentity.identity?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const denied = await caught((await client(WHO.reader)).policyAssignments.create(rgScope, 'nope', { policyDefinitionId: ACR_ADMIN }));
    expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);
    expect(denied.message).toContain("'Microsoft.Authorization/policyAssignments/write'");
    const unknown = await caught((await client(WHO.policyWriter)).policyAssignments.create(rgScope, 'bad', { policyDefinitionId: `/subscriptions/${S}/providers/Microsoft.Authorization/policyDefinitions/none` }));
    expect([unknown.statusCode, unknown.code]).toEqual([404, 'PolicyDefinitionNotFound']);
    const noGroup = await caught((await client(WHO.policyWriter)).policyAssignments.create(`/subscriptions/${S}/resourceGroups/ghost`, 'x', { policyDefinitionId: ACR_ADMIN }));
    expect(noGroup.code).toBe('ResourceGroupNotFound');
  });

  test('list semantics: atScope() includes inherited, unfiltered includes below; valid list bodies', async () => {
    const sdk = await client(WHO.reader);
    const atRg = await all(sdk.policyAssignments.listForResourceGroup('rg-apps', { filter: 'atScope()' }));
    expect(atRg.map((a) => a.name).sort()).toEqual(['EnforceNaming', 'acr-no-admin', 'with-identity']);
    const exact = await all(sdk.policyAssignments.listForResourceGroup('rg-apps', { filter: 'atExactScope()' }));
    expect(exact.map((a) => a.name).sort()).toEqual(['acr-no-admin', 'with-identity']);
    expect((await all(sdk.policyAssignments.list({ filter: 'atScope()' }))).map((a) => a.name)).toEqual(['EnforceNaming']);
    expect((await all(sdk.policyAssignments.list())).map((a) => a.name).sort()).toEqual(['EnforceNaming', 'acr-no-admin', 'with-identity']);
    const byDefinition = await all(sdk.policyAssignments.list({ filter: `policyDefinitionId eq '${ACR_ADMIN}'` }));
    expect(byDefinition.map((a) => a.name)).toEqual(['acr-no-admin']);
    const raw = await env.arm(await env.user(WHO.reader), 'GET', `/subscriptions/${S}/providers/Microsoft.Authorization/policyAssignments?api-version=2025-03-01`);
    assertValid(validAssignmentList, raw.body, 'assignment list');
  });

  test('delete answers the deleted assignment, then 204; get afterwards is PolicyAssignmentNotFound', async () => {
    const sdk = await client(WHO.policyWriter);
    const deleted = await sdk.policyAssignments.delete(rgScope, 'with-identity');
    expect(deleted.name).toBe('with-identity');
    const raw = await env.arm(await env.user(WHO.policyWriter), 'DELETE', `${rgScope}/providers/Microsoft.Authorization/policyAssignments/with-identity?api-version=2025-03-01`);
    expect(raw.status).toBe(204);
    const gone = await caught(sdk.policyAssignments.get(rgScope, 'with-identity'));
    expect([gone.statusCode, gone.code]).toEqual([404, 'PolicyAssignmentNotFound']);
    expect(gone.message).toBe("The policy assignment 'with-identity' is not found.");
  });
});

describe('the list-for-resource-group example', () => {
  let only: TestEmulator;
  beforeAll(async () => {
    only = await startTestEmulator(tenantOf([...base, ...rgListExample.value]));
  });
  afterAll(async () => only?.close());

  test('reads back identical with $filter=atScope() and $expand', async () => {
    const raw = await only.arm(
      await only.user(WHO.reader),
      'GET',
      `/subscriptions/${S}/resourceGroups/TestResourceGroup/providers/Microsoft.Authorization/policyAssignments?api-version=2025-03-01&$filter=atScope()&$expand=LatestDefinitionVersion,%20EffectiveDefinitionVersion`,
    );
    expect(raw.body).toEqual(rgListExample);
    assertValid(validAssignmentList, raw.body, 'example list');
  });
});
