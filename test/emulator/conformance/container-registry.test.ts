import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertValid, exampleBody, openApiValidator } from './support/contracts.js';
import { caught } from './support/calls.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { registry, resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO, type Resource } from './support/tenant.js';

/** Registries through @azure/arm-containerregistry: list, listByResourceGroup, get, update (LRO). */

const FRAGMENT = 'containerregistry/containerregistry_2025-04-01_openapi_EXTRACT_registry_definitions.jsonfrag';
const validRegistry = openApiValidator(FRAGMENT, 'Registry');
const validList = openApiValidator(FRAGMENT, 'RegistryListResult');

const example = exampleBody<Resource>('containerregistry/Registries_Get_RegistryGet_2025-04-01.json');
const previewExample = exampleBody<Resource>('containerregistry/Registries_Get_RegistryGet_2025-03-01-preview.json');
const listExample = exampleBody<{ value: Resource[] }>('containerregistry/Registries_List_RegistryList_2025-04-01.json');
// The preview example describes the same registry id; it is served under another name here.
const previewRegistry = {
  ...previewExample,
  id: String(previewExample.id).replace('/myRegistry', '/myPreviewRegistry'),
  name: 'myPreviewRegistry',
};

const tenant = tenantOf([
  subscription(SUB.acr, 'ACR'),
  resourceGroup(SUB.acr, 'myResourceGroup'),
  resourceGroup(SUB.acr, 'rg-dev'),
  example,
  previewRegistry,
  registry(SUB.acr, 'rg-dev', 'devreg', { adminUserEnabled: true }),
  registry(SUB.acr, 'rg-dev', 'premiumreg', {}, 'Premium'),
  roleAssignment(`/subscriptions/${SUB.acr}`, WHO.admin, ROLE.contributor),
  roleAssignment(`/subscriptions/${SUB.acr}`, WHO.reader, ROLE.reader),
  roleAssignment(`/subscriptions/${SUB.acr}/resourceGroups/rg-dev`, WHO.rgReader, ROLE.reader),
]);

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(tenant, { pageSize: 2 });
});
afterAll(async () => env?.close());

const client = async (who: string) => new ContainerRegistryManagementClient(await env.user(who), SUB.acr, env.clientOptions);


async function names(iter: AsyncIterable<{ name?: string }>): Promise<string[]> {
  const out = [];
  for await (const r of iter) out.push(r.name ?? '');
  return out;
}

describe('read', () => {
  test('the REST examples read back identical and match the OpenAPI Registry schema', async () => {
    const admin = await env.user(WHO.admin);
    for (const [path, expected] of [
      [`${example.id}?api-version=2025-04-01`, example],
      [`${previewRegistry.id}?api-version=2025-03-01-preview`, previewRegistry],
    ] as const) {
      const raw = await env.arm(admin, 'GET', path);
      expect(raw.status).toBe(200);
      expect(raw.body).toEqual(expected);
      assertValid(validRegistry, raw.body, path);
    }
    const list = await env.arm(admin, 'GET', `/subscriptions/${SUB.acr}/resourceGroups/myResourceGroup/providers/Microsoft.ContainerRegistry/registries?api-version=2025-04-01`);
    assertValid(validList, list.body, 'registry list');
    expect((list.body as { value: Resource[] }).value[0]).toEqual(listExample.value[0]);
  });

  test('list and listByResourceGroup page through what the caller can read', async () => {
    expect(await names((await client(WHO.reader)).registries.list())).toEqual(['myRegistry', 'myPreviewRegistry', 'devreg', 'premiumreg']);
    expect(await names((await client(WHO.rgReader)).registries.list())).toEqual(['devreg', 'premiumreg']);
    expect(await names((await client(WHO.reader)).registries.listByResourceGroup('rg-dev'))).toEqual(['devreg', 'premiumreg']);
    const denied = await caught(names((await client(WHO.nobody)).registries.list()));
    expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);
  });

  test('get through the SDK; 403 and ARM-worded 404s', async () => {
    const reg = await (await client(WHO.rgReader)).registries.get('rg-dev', 'devreg');
    expect(reg.adminUserEnabled).toBe(true);
    expect(reg.sku.name).toBe('Standard');
    const denied = await caught((await client(WHO.rgReader)).registries.get('myResourceGroup', 'myRegistry'));
    expect(denied.statusCode).toBe(403);
    expect(denied.message).toContain("'Microsoft.ContainerRegistry/registries/read'");
    const missing = await caught((await client(WHO.reader)).registries.get('rg-dev', 'ghost'));
    expect([missing.statusCode, missing.code]).toEqual([404, 'ResourceNotFound']);
    expect(missing.message).toBe(
      "The Resource 'Microsoft.ContainerRegistry/registries/ghost' under resource group 'rg-dev' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    );
    const noGroup = await caught((await client(WHO.reader)).registries.get('rg-none', 'ghost'));
    expect(noGroup.code).toBe('ResourceGroupNotFound');
  });
});

describe('update (PATCH, a long-running operation in the SDK)', () => {
  test('merges the change, records the caller, and finishes at once', async () => {
    const sdk = await client(WHO.admin);
    const updated = await sdk.registries.beginUpdateAndWait('rg-dev', 'devreg', {
      adminUserEnabled: false,
      policies: { exportPolicy: { status: 'disabled' } },
      tags: { owner: 'platform' },
    });
    expect(updated.adminUserEnabled).toBe(false);
    expect(updated.policies?.exportPolicy?.status).toBe('disabled');
    expect(updated.policies?.quarantinePolicy?.status).toBe('disabled');
    expect(updated.provisioningState).toBe('Succeeded');
    expect(updated.tags).toEqual({ owner: 'platform' });
    expect(updated.systemData?.lastModifiedBy).toBe(WHO.admin);
    expect(updated.systemData?.lastModifiedByType).toBe('User');
    const raw = await env.arm(await env.user(WHO.reader), 'GET', `/subscriptions/${SUB.acr}/resourceGroups/rg-dev/providers/Microsoft.ContainerRegistry/registries/devreg?api-version=2025-11-01`);
    assertValid(validRegistry, raw.body, 'updated registry');
    expect((raw.body as { properties: Record<string, unknown> }).properties.publicNetworkAccess).toBe('Enabled');
  });

  test('Premium-only features are refused on Standard as ACR refuses them, allowed on Premium', async () => {
    const sdk = await client(WHO.admin);
    const refused = await caught(sdk.registries.beginUpdateAndWait('rg-dev', 'devreg', { dataEndpointEnabled: true }));
    expect(refused.statusCode).toBe(400);
    expect(refused.code).toBe('DataEndpointNotSupported');
    const publicOff = await caught(sdk.registries.beginUpdateAndWait('rg-dev', 'devreg', { publicNetworkAccess: 'Disabled' }));
    expect(publicOff.code).toBe('DisablingPublicNetworkAccessNotSupported');
    const premium = await sdk.registries.beginUpdateAndWait('rg-dev', 'premiumreg', { dataEndpointEnabled: true, publicNetworkAccess: 'Disabled' });
    expect(premium.dataEndpointEnabled).toBe(true);
    expect(premium.dataEndpointHostNames).toEqual(['premiumreg.westus.data.azurecr.io']);
    expect(premium.publicNetworkAccess).toBe('Disabled');
  });

  test('a reader may not update (403 on the write action)', async () => {
    const denied = await caught((await client(WHO.reader)).registries.beginUpdateAndWait('rg-dev', 'devreg', { adminUserEnabled: true }));
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe('AuthorizationFailed');
    expect(denied.message).toContain("'Microsoft.ContainerRegistry/registries/write'");
  });
});
