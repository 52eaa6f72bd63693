import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyClient } from '@azure/arm-policy';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { caught } from './support/calls.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { registry, resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO } from './support/tenant.js';

/**
 * What ACR and ARM answer around operations that take time (RegistryUpdate example: 201 with
 * `Azure-AsyncOperation` and `provisioningState: Updating`), and the 409 `AnotherOperationInProgress`
 * ARM answers a write to a resource another operation is changing — through the official SDKs.
 */

const S = SUB.acr;
const REGISTRY = `/subscriptions/${S}/resourceGroups/rg-dev/providers/Microsoft.ContainerRegistry/registries/devreg`;
const ASYNC = { asyncRegistryUpdates: { polls: 2 } };

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(
    tenantOf([subscription(S, 'ACR'), resourceGroup(S, 'rg-dev'), registry(S, 'rg-dev', 'devreg', { adminUserEnabled: true }), roleAssignment(`/subscriptions/${S}`, WHO.admin, ROLE.contributor), roleAssignment(`/subscriptions/${S}`, WHO.admin, ROLE.resourcePolicyContributor)]),
    { faults: ASYNC },
  );
});
afterAll(async () => env?.close());

const registries = async () => new ContainerRegistryManagementClient(await env.user(WHO.admin), S, env.clientOptions).registries;

describe('asynchronous registry updates', () => {
  test('201 Updating with Azure-AsyncOperation; the status reports InProgress, then Succeeded; the SDK poller completes', async () => {
    const first: Array<{ status: number; asyncOperation: string | undefined }> = [];
    const sdk = await registries();
    const updated = await sdk.beginUpdateAndWait('rg-dev', 'devreg', { adminUserEnabled: false }, {
      onResponse: (r) => {
        if (first.length === 0) first.push({ status: r.status, asyncOperation: r.headers.get('azure-asyncoperation') });
      },
    });
    expect(first[0]?.status).toBe(201);
    expect(first[0]?.asyncOperation).toMatch(new RegExp(`${REGISTRY}/operationStatuses/registries-[0-9a-f-]+\\?api-version=`, 'i'));
    expect(updated).toMatchObject({ adminUserEnabled: false, provisioningState: 'Succeeded' });
  });

  test('a write while an update runs is refused with 409 AnotherOperationInProgress; the operation still ends', async () => {
    const credential = await env.user(WHO.admin);
    const started = await env.arm(credential, 'PATCH', `${REGISTRY}?api-version=2025-04-01`, { properties: { adminUserEnabled: true } });
    expect(started.status).toBe(201);
    expect((started.body as { properties: { provisioningState: string } }).properties.provisioningState).toBe('Updating');
    const refused = await caught((await registries()).beginUpdateAndWait('rg-dev', 'devreg', { anonymousPullEnabled: true }));
    expect(refused.statusCode).toBe(409);
    expect(refused.code).toBe('AnotherOperationInProgress');
    expect(refused.message).toMatch(/Another operation on this or dependent resource is in progress\. To retrieve status of the operation use uri: .*operationStatuses/);
    const statusPath = refused.message.replace(/^.*use uri: /, '').replace(/\.$/, '').replace(env.baseUrl, '');
    const states: string[] = [];
    for (let i = 0; i < 5 && states.at(-1) !== 'Succeeded'; i++) states.push(((await env.arm(credential, 'GET', statusPath)).body as { status: string }).status);
    expect(states).toEqual(['InProgress', 'InProgress', 'Succeeded']);
    expect((await (await registries()).get('rg-dev', 'devreg')).provisioningState).toBe('Succeeded');
  });
});

describe('resources another operation is changing', () => {
  test('policy assignments and exemptions another operation is changing refuse writes with 409; others are untouched', async () => {
    const scope = `/subscriptions/${S}`;
    const busy = `${scope}/providers/Microsoft.Authorization/policyAssignments/being-changed`;
    env.emulator.setFaults({ ...ASYNC, busyResources: [busy.toLowerCase()] });
    try {
      const policy = new PolicyClient(await env.user(WHO.admin), S, env.clientOptions).policyAssignments;
      const definition = { policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2' };
      const refused = await caught(policy.create(scope, 'being-changed', definition));
      expect([refused.statusCode, refused.code]).toEqual([409, 'AnotherOperationInProgress']);
      const free = await policy.create(scope, 'free-to-change', definition);
      expect(free.name).toBe('free-to-change');

      // An exemption another operation is changing is refused the same way.
      const exemption = `${scope}/providers/Microsoft.Authorization/policyExemptions/being-waived`;
      env.emulator.setFaults({ ...ASYNC, busyResources: [exemption] });
      const body = { properties: { policyAssignmentId: free.id, exemptionCategory: 'Waiver', displayName: 'Waived' } };
      const waived = await env.arm(await env.user(WHO.admin), 'PUT', `${exemption}?api-version=2022-07-01-preview`, body);
      expect([waived.status, (waived.body as { error: { code: string } }).error.code]).toEqual([409, 'AnotherOperationInProgress']);
      env.emulator.setFaults(ASYNC);
      expect((await env.arm(await env.user(WHO.admin), 'PUT', `${exemption}?api-version=2022-07-01-preview`, body)).status).toBe(201);
    } finally {
      env.emulator.setFaults(ASYNC);
    }
  });
});
