import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { all, caught } from './support/calls.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO, type Resource } from './support/tenant.js';

/** Container groups (@azure/arm-containerinstance) and AKS clusters (@azure/arm-containerservice). */

const S = SUB.acr;

function containerGroup(rg: string, name: string, image: string): Resource {
  return {
    id: `/subscriptions/${S}/resourceGroups/${rg}/providers/Microsoft.ContainerInstance/containerGroups/${name}`,
    name,
    type: 'Microsoft.ContainerInstance/containerGroups',
    location: 'westeurope',
    tags: { env: 'prod' },
    properties: {
      provisioningState: 'Succeeded',
      osType: 'Linux',
      restartPolicy: 'Always',
      sku: 'Standard',
      containers: [{ name: 'app', properties: { image, ports: [{ port: 80 }], resources: { requests: { cpu: 1, memoryInGB: 1.5 } } } }],
      ipAddress: { type: 'Public', ip: '20.1.2.3', ports: [{ protocol: 'TCP', port: 80 }] },
    },
  };
}

function cluster(rg: string, name: string): Resource {
  return {
    id: `/subscriptions/${S}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name,
    type: 'Microsoft.ContainerService/managedClusters',
    location: 'westeurope',
    tags: {},
    sku: { name: 'Base', tier: 'Standard' },
    identity: { type: 'SystemAssigned', principalId: '2a000000-0000-4000-8000-00000000002a', tenantId: '9d1c7e2a-0b3f-4c5d-8e6f-a7b8c9d0e1f2' },
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: '1.30.4',
      currentKubernetesVersion: '1.30.4',
      dnsPrefix: name,
      fqdn: `${name}-dns.hcp.westeurope.azmk8s.io`,
      agentPoolProfiles: [{ name: 'system', count: 3, vmSize: 'Standard_D4s_v5', mode: 'System', osType: 'Linux', type: 'VirtualMachineScaleSets' }],
      enableRBAC: true,
      securityProfile: { defender: { securityMonitoring: { enabled: true } } },
    },
  };
}

const tenant = tenantOf([
  subscription(S, 'Compute'),
  resourceGroup(S, 'rg-apps'),
  resourceGroup(S, 'rg-k8s'),
  containerGroup('rg-apps', 'web', 'contoso.azurecr.io/web:1.4.2'),
  containerGroup('rg-apps', 'worker', 'contoso.azurecr.io/worker@sha256:0f1e'),
  cluster('rg-k8s', 'aks-prod'),
  cluster('rg-apps', 'aks-edge'),
  roleAssignment(`/subscriptions/${S}`, WHO.reader, ROLE.reader),
  roleAssignment(`/subscriptions/${S}/resourceGroups/rg-k8s`, WHO.rgReader, ROLE.reader),
]);

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(tenant, { pageSize: 1 });
});
afterAll(async () => env?.close());

describe('container groups', () => {
  const client = async (who: string) => new ContainerInstanceManagementClient(await env.user(who), S, env.clientOptions);

  test('list, listByResourceGroup and get return the stored bodies', async () => {
    const groups = await all((await client(WHO.reader)).containerGroups.list());
    expect(groups.map((g) => g.name)).toEqual(['web', 'worker']);
    expect(groups[0]?.containers[0]?.image).toBe('contoso.azurecr.io/web:1.4.2');
    expect((await all((await client(WHO.reader)).containerGroups.listByResourceGroup('rg-apps'))).map((g) => g.name)).toEqual(['web', 'worker']);
    const worker = await (await client(WHO.reader)).containerGroups.get('rg-apps', 'worker');
    expect(worker.containers[0]?.image).toBe('contoso.azurecr.io/worker@sha256:0f1e');
    expect(worker.ipAddress?.ip).toBe('20.1.2.3');
  });

  test('callers without access to the group get nothing or 403', async () => {
    expect(await all((await client(WHO.rgReader)).containerGroups.list())).toEqual([]);
    const denied = await caught((await client(WHO.rgReader)).containerGroups.get('rg-apps', 'web'));
    expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);
    const missing = await caught((await client(WHO.reader)).containerGroups.get('rg-apps', 'nope'));
    expect(missing.message).toContain("The Resource 'Microsoft.ContainerInstance/containerGroups/nope' under resource group 'rg-apps' was not found.");
  });
});

describe('managed clusters', () => {
  const client = async (who: string) => new ContainerServiceClient(await env.user(who), S, env.clientOptions);

  test('list, listByResourceGroup and get', async () => {
    expect((await all((await client(WHO.reader)).managedClusters.list())).map((c) => c.name)).toEqual(['aks-prod', 'aks-edge']);
    expect((await all((await client(WHO.rgReader)).managedClusters.list())).map((c) => c.name)).toEqual(['aks-prod']);
    expect((await all((await client(WHO.reader)).managedClusters.listByResourceGroup('rg-k8s'))).map((c) => c.name)).toEqual(['aks-prod']);
    const aks = await (await client(WHO.rgReader)).managedClusters.get('rg-k8s', 'aks-prod');
    expect(aks.kubernetesVersion).toBe('1.30.4');
    expect(aks.agentPoolProfiles?.[0]?.count).toBe(3);
  });

  test('403 and 404 as ARM answers them', async () => {
    const denied = await caught((await client(WHO.rgReader)).managedClusters.get('rg-apps', 'aks-edge'));
    expect(denied.statusCode).toBe(403);
    expect(denied.message).toContain("'Microsoft.ContainerService/managedClusters/read'");
    const noGroup = await caught((await client(WHO.reader)).managedClusters.get('rg-missing', 'x'));
    expect([noGroup.statusCode, noGroup.code]).toEqual([404, 'ResourceGroupNotFound']);
  });
});
