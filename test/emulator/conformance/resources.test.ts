import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exampleBody } from './support/contracts.js';
import { caught } from './support/calls.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO, type Resource } from './support/tenant.js';

/** Subscriptions (arm-resources-subscriptions) and resource groups (arm-resources) through the real SDKs. */

const listExample = exampleBody<{ value: Resource[] }>('resources/Subscriptions_List_GetSubscriptions_2022-12-01.json');
const [exampleSub1, exampleSub2] = listExample.value as [Resource, Resource];
const rgExample = exampleBody<Resource>('resources/ResourceGroups_CreateOrUpdate_CreateResourceGroup_2025-04-01.json');
const exampleSubId = String(exampleSub1.subscriptionId);
const rgExampleSub = String(rgExample.id).split('/')[2] ?? '';

const tenant = tenantOf([
  exampleSub1,
  exampleSub2,
  subscription(SUB.acr, 'ACR examples', { env: 'prod' }),
  subscription(SUB.security, 'Security examples', { env: 'dev' }),
  resourceGroup(SUB.acr, 'rg-prod', { env: 'prod' }),
  resourceGroup(SUB.acr, 'rg-dev', { env: 'dev' }),
  resourceGroup(SUB.acr, 'rg-secret'),
  rgExample,
  roleAssignment(`/subscriptions/${exampleSubId}`, WHO.admin, ROLE.owner),
  roleAssignment(`/subscriptions/${SUB.acr}`, WHO.admin, ROLE.owner),
  roleAssignment(`/subscriptions/${SUB.security}`, WHO.admin, ROLE.owner),
  roleAssignment(`/subscriptions/${SUB.acr}`, WHO.reader, ROLE.reader),
  roleAssignment(`/subscriptions/${SUB.acr}/resourceGroups/rg-dev`, WHO.rgReader, ROLE.reader),
  roleAssignment(`/subscriptions/${SUB.security}`, WHO.auditors, ROLE.reader, 'Group'),
]);

// The resource group example lives in the all-zero subscription, shared with the ACR examples.
expect(rgExampleSub).toBe(SUB.acr);

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(tenant, { pageSize: 2 });
});
afterAll(async () => env?.close());

async function subscriptionsOf(who: string) {
  const client = new SubscriptionClient(await env.user(who), env.clientOptions);
  const seen = [];
  for await (const s of client.subscriptions.list()) seen.push(s);
  return { client, seen };
}


describe('subscriptions', () => {
  test('list shows exactly the subscriptions the caller can read, across pages', async () => {
    const admin = await subscriptionsOf(WHO.admin);
    expect(admin.seen.map((s) => s.subscriptionId).sort()).toEqual([exampleSubId, SUB.acr, SUB.security].sort());
    expect((await subscriptionsOf(WHO.reader)).seen.map((s) => s.subscriptionId)).toEqual([SUB.acr]);
    // A role on one resource group makes its subscription visible; a group membership counts too.
    expect((await subscriptionsOf(WHO.rgReader)).seen.map((s) => s.subscriptionId)).toEqual([SUB.acr]);
    expect((await subscriptionsOf(WHO.groupMember)).seen.map((s) => s.subscriptionId)).toEqual([SUB.security]);
    expect((await subscriptionsOf(WHO.nobody)).seen).toEqual([]);
  });

  test('get returns the tenant body unchanged (the REST example reads back identical)', async () => {
    const raw = await env.arm(await env.user(WHO.admin), 'GET', `/subscriptions/${exampleSubId}?api-version=2022-12-01`);
    expect(raw.status).toBe(200);
    expect(raw.body).toEqual(exampleSub1);
    const { client } = await subscriptionsOf(WHO.admin);
    const sdk = await client.subscriptions.get(SUB.acr);
    expect(sdk.displayName).toBe('ACR examples');
    expect(sdk.tags).toEqual({ env: 'prod' });
  });

  test('get: 403 without access, 404 SubscriptionNotFound for an unknown id', async () => {
    const { client } = await subscriptionsOf(WHO.reader);
    const denied = await caught(client.subscriptions.get(SUB.security));
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe('AuthorizationFailed');
    expect(denied.message).toContain("'Microsoft.Resources/subscriptions/read'");
    const missing = await caught(client.subscriptions.get('99999999-9999-4999-8999-999999999999'));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('SubscriptionNotFound');
  });
});

describe('resource groups', () => {
  const client = async (who: string) => new ResourceManagementClient(await env.user(who), SUB.acr, env.clientOptions);

  test('list pages through every group for a subscription reader and filters by tag', async () => {
    const names = [];
    for await (const rg of (await client(WHO.reader)).resourceGroups.list()) names.push(rg.name);
    expect(names).toEqual(['rg-prod', 'rg-dev', 'rg-secret', 'my-resource-group']);
    const prod = [];
    for await (const rg of (await client(WHO.reader)).resourceGroups.list({ filter: "tagName eq 'env' and tagValue eq 'prod'" })) prod.push(rg.name);
    expect(prod).toEqual(['rg-prod']);
  });

  test('list leaves out groups the caller cannot read; no access at all is 403', async () => {
    const names = [];
    for await (const rg of (await client(WHO.rgReader)).resourceGroups.list()) names.push(rg.name);
    expect(names).toEqual(['rg-dev']);
    const denied = await caught((async () => {
      for await (const _ of (await client(WHO.nobody)).resourceGroups.list()) void _;
    })());
    expect(denied.statusCode).toBe(403);
    expect(denied.code).toBe('AuthorizationFailed');
  });

  test('get: example body identical; 403 outside the caller’s group; ResourceGroupNotFound', async () => {
    const raw = await env.arm(await env.user(WHO.reader), 'GET', `/subscriptions/${SUB.acr}/resourcegroups/my-resource-group?api-version=2025-04-01`);
    expect(raw.body).toEqual(rgExample);
    const rg = await (await client(WHO.rgReader)).resourceGroups.get('rg-dev');
    expect(rg.tags).toEqual({ env: 'dev' });
    const denied = await caught((await client(WHO.rgReader)).resourceGroups.get('rg-prod'));
    expect(denied.statusCode).toBe(403);
    const missing = await caught((await client(WHO.reader)).resourceGroups.get('rg-none'));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('ResourceGroupNotFound');
    expect(missing.message).toBe("Resource group 'rg-none' could not be found.");
  });

  test('scopes sent with a doubled slash are served', async () => {
    const raw = await env.arm(await env.user(WHO.reader), 'GET', `//subscriptions/${SUB.acr}/resourcegroups/rg-prod?api-version=2025-04-01`);
    expect(raw.status).toBe(200);
  });
});
