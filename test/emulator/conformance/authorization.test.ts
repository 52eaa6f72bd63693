import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { all, caught } from './support/calls.js';
import { exampleBody } from './support/contracts.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { APP_PRINCIPAL, registry, resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO } from './support/tenant.js';

/** Role assignments, role definitions and permissions through @azure/arm-authorization 9 (2022-04-01). */

const S = SUB.acr;
const SUB_SCOPE = `/subscriptions/${S}`;
const RG = `${SUB_SCOPE}/resourceGroups/rg-dev`;
const REGISTRY = `${RG}/providers/Microsoft.ContainerRegistry/registries/devreg`;
const ACR_PUSH = '8311e382-0749-4cb8-b61a-304f252e45ec';

const assignments = {
  adminOwner: roleAssignment(SUB_SCOPE, WHO.admin, ROLE.owner),
  readerSub: roleAssignment(SUB_SCOPE, WHO.reader, ROLE.reader),
  rgReader: roleAssignment(RG, WHO.rgReader, ROLE.reader),
  rgPush: roleAssignment(REGISTRY, WHO.rgReader, ACR_PUSH),
  groupReader: roleAssignment(SUB_SCOPE, WHO.auditors, ROLE.securityReader, 'Group'),
  appReader: roleAssignment(SUB_SCOPE, WHO.app, ROLE.reader, 'ServicePrincipal'),
};

const tenant = tenantOf([
  subscription(S, 'Authorization'),
  resourceGroup(S, 'rg-dev'),
  resourceGroup(S, 'rg-other'),
  registry(S, 'rg-dev', 'devreg'),
  ...Object.values(assignments),
]);

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(tenant, { pageSize: 2 });
});
afterAll(async () => env?.close());

const client = async (who: string) => new AuthorizationManagementClient(await env.user(who), S, env.clientOptions);
const names = (list: readonly object[]) => list.map((a) => String((a as { name?: unknown }).name)).sort();

describe('role assignments', () => {
  test("listForSubscription with assignedTo('{oid}') finds a user's own and group assignments", async () => {
    const mine = await all((await client(WHO.groupMember)).roleAssignments.listForSubscription({ filter: `assignedTo('${WHO.groupMember}')` }));
    expect(names(mine)).toEqual([assignments.groupReader.name]);
    expect(mine[0]).toMatchObject({ principalId: WHO.auditors, principalType: 'Group', scope: SUB_SCOPE });
    const rgUser = await all((await client(WHO.rgReader)).roleAssignments.listForSubscription({ filter: `assignedTo('${WHO.rgReader}')` }));
    expect(names(rgUser)).toEqual(names([assignments.rgReader, assignments.rgPush]));
  });

  test('principalId eq is direct only; atScope() keeps assignments at or above the scope', async () => {
    const direct = await all((await client(WHO.admin)).roleAssignments.listForSubscription({ filter: `principalId eq '${WHO.groupMember}'` }));
    expect(direct).toEqual([]);
    const atRg = await all((await client(WHO.admin)).roleAssignments.listForScope(RG, { filter: 'atScope()' }));
    expect(names(atRg)).toEqual(names([assignments.adminOwner, assignments.readerSub, assignments.rgReader, assignments.groupReader, assignments.appReader]));
    const all4 = await all((await client(WHO.admin)).roleAssignments.listForResourceGroup('rg-dev'));
    expect(all4).toHaveLength(6);
    const onRegistry = await all((await client(WHO.admin)).roleAssignments.listForResource('rg-dev', 'Microsoft.ContainerRegistry', 'registries', 'devreg', { filter: 'atScope()' }));
    expect(onRegistry).toHaveLength(6);
  });

  test('a caller without rights sees only their own; with none at all, listing others is 403', async () => {
    const own = await all((await client(WHO.rgReader)).roleAssignments.listForSubscription());
    expect(names(own)).toEqual(names([assignments.rgReader, assignments.rgPush]));
    const nobody = await all((await client(WHO.nobody)).roleAssignments.listForSubscription({ filter: `assignedTo('${WHO.nobody}')` }));
    expect(nobody).toEqual([]);
    const denied = await caught(all((await client(WHO.nobody)).roleAssignments.listForSubscription()));
    expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);
  });

  test('get and getById return the tenant body; app-only callers work the same way', async () => {
    const sdk = await client(WHO.reader);
    const byName = await sdk.roleAssignments.get(SUB_SCOPE, assignments.readerSub.name as string);
    expect(byName.roleDefinitionId).toBe(`${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.reader}`);
    const byId = await sdk.roleAssignments.getById(assignments.rgPush.id);
    expect(byId.principalId).toBe(WHO.rgReader);
    const app = new AuthorizationManagementClient(env.app(APP_PRINCIPAL.appId, APP_PRINCIPAL.secret), S, env.clientOptions);
    const appOwn = await all(app.roleAssignments.listForSubscription({ filter: `assignedTo('${WHO.app}')` }));
    expect(names(appOwn)).toEqual([assignments.appReader.name]);
    const missing = await caught(sdk.roleAssignments.get(SUB_SCOPE, '00000000-dead-4000-8000-000000000000'));
    expect([missing.statusCode, missing.code]).toEqual([404, 'RoleAssignmentNotFound']);
  });
});

describe('role definitions', () => {
  test('getById of an assignment’s roleDefinitionId answers the built-in under that scope', async () => {
    const role = await (await client(WHO.rgReader)).roleDefinitions.getById(`${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PUSH}`);
    expect(role.roleName).toBe('AcrPush');
    expect(role.id).toBe(`${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PUSH}`);
    expect(role.roleType).toBe('BuiltInRole');
    const reader = await (await client(WHO.reader)).roleDefinitions.get(RG, ROLE.reader);
    expect(reader.permissions?.[0]?.actions).toEqual(['*/read']);
    const missing = await caught((await client(WHO.reader)).roleDefinitions.get(SUB_SCOPE, '00000000-0000-4000-8000-0000000000ff'));
    expect([missing.statusCode, missing.code]).toEqual([404, 'RoleDefinitionDoesNotExist']);
  });

  test('list with $filter by role name', async () => {
    const sdk = await client(WHO.reader);
    const named = await all(sdk.roleDefinitions.list(SUB_SCOPE, { filter: "roleName eq 'Security Reader'" }));
    expect(named.map((r) => r.name)).toEqual([ROLE.securityReader]);
    const every = await all(sdk.roleDefinitions.list(SUB_SCOPE));
    expect(every.length).toBeGreaterThanOrEqual(9);
  });
});

describe('permissions', () => {
  test('listForResourceGroup and listForResource give the caller’s effective actions', async () => {
    const rgUser = await client(WHO.rgReader);
    const atRg = await all(rgUser.permissions.listForResourceGroup('rg-dev'));
    expect(atRg.map((p) => p.actions)).toEqual([['*/read']]);
    const atRegistry = await all(rgUser.permissions.listForResource('rg-dev', 'Microsoft.ContainerRegistry', '', 'registries', 'devreg'));
    expect(atRegistry.flatMap((p) => p.actions ?? []).sort()).toEqual(['*/read', 'Microsoft.ContainerRegistry/registries/pull/read', 'Microsoft.ContainerRegistry/registries/push/write'].sort());
    expect(await all(rgUser.permissions.listForResourceGroup('rg-other'))).toEqual([]);
    const example = exampleBody<{ value: Array<Record<string, unknown>> }>('authorization/Permissions_ListForResourceGroup_GetPermissions_2018-01-01-preview-folder.json');
    const raw = await env.arm(await env.user(WHO.rgReader), 'GET', `${RG}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`);
    expect(Object.keys((raw.body as { value: Array<Record<string, unknown>> }).value[0] ?? {}).sort()).toEqual(Object.keys(example.value[0] ?? {}).sort());
    const missing = await caught(all(rgUser.permissions.listForResourceGroup('rg-ghost')));
    expect(missing.code).toBe('ResourceGroupNotFound');
  });
});
