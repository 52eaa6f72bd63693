import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { all, caught } from './support/calls.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { registry, resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO, type Resource } from './support/tenant.js';

/** A registry's tokens and cache rules through @azure/arm-containerregistry, and private endpoints over raw ARM. */

const RG = `/subscriptions/${SUB.acr}/resourceGroups/rg-dev`;
const REG = `${RG}/providers/Microsoft.ContainerRegistry/registries/devreg`;
const PE = `${RG}/providers/Microsoft.Network/privateEndpoints/pe-devreg`;
const child = (kind: string, name: string, properties: Record<string, unknown>): Resource => ({ id: `${REG}/${kind}/${name}`, name, type: `Microsoft.ContainerRegistry/registries/${kind}`, properties });

const tenant = tenantOf([
  subscription(SUB.acr, 'ACR'),
  resourceGroup(SUB.acr, 'rg-dev'),
  registry(SUB.acr, 'rg-dev', 'devreg', {}, 'Premium'),
  child('tokens', 'ci-pull', { status: 'enabled', scopeMapId: `${REG}/scopeMaps/_repositories_pull` }),
  child('tokens', 'old', { status: 'disabled' }),
  child('tokens', 'partner', { status: 'enabled' }),
  child('cacheRules', 'nginx', { sourceRepository: 'docker.io/library/nginx', targetRepository: 'upstream/nginx' }),
  { id: PE, name: 'pe-devreg', type: 'Microsoft.Network/privateEndpoints', location: 'westeurope', properties: { privateLinkServiceConnections: [{ name: 'c', properties: { groupIds: ['registry'] } }] } },
  { id: `${PE}/privateDnsZoneGroups/default`, name: 'default', type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups', properties: {} },
  roleAssignment(`/subscriptions/${SUB.acr}`, WHO.reader, ROLE.reader),
]);

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(tenant, { pageSize: 2 });
});
afterAll(async () => env?.close());

const client = async (who: string) => new ContainerRegistryManagementClient(await env.user(who), SUB.acr, env.clientOptions);

test('tokens and cache rules list (paged) and get for a reader; others get 403; an unknown registry or token 404', async () => {
  const reader = await client(WHO.reader);
  const tokens = await all(reader.tokens.list('rg-dev', 'devreg'));
  expect(tokens.map((t) => [t.name, t.status]).sort()).toEqual([['ci-pull', 'enabled'], ['old', 'disabled'], ['partner', 'enabled']]);
  expect((await all(reader.cacheRules.list('rg-dev', 'devreg'))).map((c) => c.sourceRepository)).toEqual(['docker.io/library/nginx']);
  expect((await reader.tokens.get('rg-dev', 'devreg', 'old')).status).toBe('disabled');
  expect((await caught(all((await client(WHO.nobody)).tokens.list('rg-dev', 'devreg')))).statusCode).toBe(403);
  expect((await caught(all(reader.tokens.list('rg-dev', 'nosuch')))).statusCode).toBe(404);
  expect((await caught(reader.tokens.get('rg-dev', 'devreg', 'nosuch'))).statusCode).toBe(404);
});

test('private endpoints list by group and their DNS zone groups list, for readers only', async () => {
  const reader = await env.user(WHO.reader);
  const list = await env.arm(reader, 'GET', `${RG}/providers/Microsoft.Network/privateEndpoints?api-version=2024-05-01`);
  expect(list.status).toBe(200);
  expect((list.body as { value: Resource[] }).value.map((e) => e.name)).toEqual(['pe-devreg']);
  const groups = await env.arm(reader, 'GET', `${PE}/privateDnsZoneGroups?api-version=2024-05-01`);
  expect((groups.body as { value: Resource[] }).value.map((g) => g.name)).toEqual(['default']);
  const nobody = await env.arm(await env.user(WHO.nobody), 'GET', `${PE}/privateDnsZoneGroups?api-version=2024-05-01`);
  expect(nobody.status).toBe(403);
});
