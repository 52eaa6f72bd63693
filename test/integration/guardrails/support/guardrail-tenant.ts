import { containerGroupBody, managedClusterBody, managedClusterId, type ContainerGroupSpec } from '../../../../src/emulator/generate/workload-bodies.js';
import { diagnosticSettingBody, policyAssignmentBody, REGISTRY_LOG_CATEGORIES, resourceGroupBody, roleAssignmentBody, subscriptionBody } from '../../../../src/emulator/generate/scope-bodies.js';
import { personaPrincipals, PERSONA, TENANT_ID } from '../../../../src/emulator/generate/personas.js';

/**
 * A small tenant built to test each guardrail on its own: a compliant container group, and for every
 * guardrail groups that differ from it in exactly the one property that breaks (or weakens) it.
 * The group's name says which guardrail it is meant to trip; the tests check that against both the
 * tenant data and the bot's answer.
 */

export const SUB = '5a5a5a5a-0000-4000-8000-00000000aaaa';
const RG = 'rg-apps';
const WHEN = '2026-11-01T08:00:00.0000000Z';
const rg = (name: string): string => `/subscriptions/${SUB}/resourceGroups/${name}`;
const WORKSPACE = `${rg('rg-monitoring')}/providers/Microsoft.OperationalInsights/workspaces/law-guard`;
const IDENTITY = `${rg(RG)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-apps`;

/**
 * Values that must never be shown or logged. They are made up; the token is assembled at run time
 * so that secret scanners do not take this file for a leaked credential.
 */
export const TENANT_SECRETS = {
  token: ['ghp', 'guardrailDemo0123456789abcdefABCD'].join('_'),
  accountKey: 'Z3VhcmRyYWlsLWRlbW8tb25seS1rZXktMDEyMzQ1Njc=',
  password: 'made-up-value-for-a-test',
} as const;

function registry(name: string, adminUserEnabled = false): Record<string, unknown> {
  return {
    id: `${rg('rg-registries')}/providers/Microsoft.ContainerRegistry/registries/${name}`,
    name,
    type: 'Microsoft.ContainerRegistry/registries',
    location: 'westeurope',
    sku: { name: 'Premium', tier: 'Premium' },
    properties: { loginServer: `${name}.azurecr.io`, adminUserEnabled, publicNetworkAccess: 'Disabled', provisioningState: 'Succeeded' },
  };
}

/** The compliant group every other one is a variation of. */
function group(name: string, change: Partial<ContainerGroupSpec> = {}, container: Partial<ContainerGroupSpec['containers'][number]> = {}): Record<string, unknown> {
  return containerGroupBody({
    subscriptionId: SUB,
    resourceGroup: RG,
    name,
    location: 'westeurope',
    containers: [{ name: 'app', image: 'guardprod.azurecr.io/apps/web:1.0', ports: [8080], cpu: 1, memoryInGB: 1, startTime: WHEN, env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'API_TOKEN', secure: true }], ...container }],
    ip: { type: 'Private', address: '10.1.0.4', ports: [8080] },
    identity: IDENTITY,
    credentials: [{ server: 'guardprod.azurecr.io', identity: IDENTITY }],
    logAnalyticsWorkspaceId: 'a1b2c3d4-0000-4000-8000-000000000001',
    subnet: { id: `${rg('rg-net')}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aci`, name: 'aci' },
    ...change,
  }) as Record<string, unknown>;
}

/** Group name → the guardrail it breaks (`fail`) or weakens (`warn`); the keeper breaks none. */
export const DESIGNED: Record<string, { guardrail?: string; mark?: 'fail' | 'warn' }> = {
  'aci-keeps-all': {},
  'aci-registry-docker-hub': { guardrail: 'registries', mark: 'fail' },
  'aci-registry-mcr': {},
  'aci-secret-by-name': { guardrail: 'credentials', mark: 'fail' },
  'aci-secret-by-value': { guardrail: 'credentials', mark: 'fail' },
  'aci-admin-user-login': { guardrail: 'credentials', mark: 'fail' },
  'aci-privileged': { guardrail: 'privilege', mark: 'fail' },
  'aci-public-ip': { guardrail: 'network', mark: 'fail' },
  'aci-private-no-subnet': { guardrail: 'network', mark: 'warn' },
  'aci-no-log-analytics': { guardrail: 'monitoring', mark: 'fail' },
  'aci-unaudited-registry': { guardrail: 'monitoring', mark: 'warn' },
};

export function guardrailTenant(): { tenantId: string; principals: unknown[]; resources: unknown[] } {
  const groups = [
    group('aci-keeps-all'),
    group('aci-registry-docker-hub', {}, { image: 'docker.io/library/nginx:1.25.3' }),
    group('aci-registry-mcr', {}, { image: 'mcr.microsoft.com/dotnet/aspnet:8.0' }),
    group('aci-secret-by-name', {}, { env: [{ name: 'DB_PASSWORD', value: TENANT_SECRETS.password }] }),
    group('aci-secret-by-value', {}, { env: [{ name: 'BLOB_STORE', value: `DefaultEndpointsProtocol=https;AccountName=guard;AccountKey=${TENANT_SECRETS.accountKey};EndpointSuffix=core.windows.net` }, { name: 'GH', value: TENANT_SECRETS.token }] }),
    group('aci-admin-user-login', { credentials: [{ server: 'guardadmin.azurecr.io', username: 'guardadmin' }] }, { image: 'guardadmin.azurecr.io/apps/web:1.0' }),
    group('aci-privileged', {}, { privileged: true }),
    group('aci-public-ip', { ip: { type: 'Public', address: '20.1.2.3', ports: [22, 443], dnsNameLabel: 'guard-public' }, subnet: undefined }),
    group('aci-private-no-subnet', { subnet: undefined }),
    group('aci-no-log-analytics', { logAnalyticsWorkspaceId: undefined }),
    group('aci-unaudited-registry', { credentials: [{ server: 'guardaudit.azurecr.io', identity: IDENTITY }] }, { image: 'guardaudit.azurecr.io/apps/web:1.0' }),
  ];
  const audited = (name: string) =>
    diagnosticSettingBody({ resourceId: `${rg('rg-registries')}/providers/Microsoft.ContainerRegistry/registries/${name}`, name: 'to-law', workspaceId: WORKSPACE, enabled: REGISTRY_LOG_CATEGORIES });
  const cluster = (name: string, group: string) => managedClusterBody({ subscriptionId: SUB, resourceGroup: group, name, location: 'westeurope', kubernetesVersion: '1.33.4', tenantId: TENANT_ID, nodeCount: 2, logAnalyticsWorkspaceResourceId: WORKSPACE });
  const k8sAssignment = (name: string, definition: string, parameters: Record<string, unknown>) =>
    policyAssignmentBody({
      scope: rg('rg-aks-assigned'), name, displayName: name, description: name, definition, parameters, instanceId: '00000000-0000-4000-8000-0000000000a1',
      assignedBy: 'Priya Raman', createdBy: PERSONA.priya, createdOn: WHEN,
    });
  return {
    tenantId: TENANT_ID,
    principals: personaPrincipals(),
    resources: [
      subscriptionBody({ subscriptionId: SUB, tenantId: TENANT_ID, displayName: 'Guardrail Lab', tags: { env: 'prod' } }),
      ...['rg-apps', 'rg-registries', 'rg-monitoring', 'rg-net', 'rg-aks-assigned', 'rg-aks-bare'].map((name) => resourceGroupBody({ subscriptionId: SUB, name, location: 'westeurope' })),
      roleAssignmentBody({ scope: `/subscriptions/${SUB}`, name: '7a7a7a7a-0000-4000-8000-000000000001', role: 'reader', principalId: PERSONA.priya, principalType: 'User', createdOn: WHEN, createdBy: PERSONA.priya }),
      registry('guardprod'),
      registry('guardaudit'),
      registry('guardadmin', true),
      audited('guardprod'),
      audited('guardadmin'),
      ...groups,
      cluster('aks-assigned', 'rg-aks-assigned'),
      cluster('aks-bare', 'rg-aks-bare'),
      k8sAssignment('k8s-allowed-images', 'febd0533-8e55-448f-b837-bd0e06f16469', { allowedContainerImagesRegex: '^guardprod\\.azurecr\\.io/.+$', effect: 'Audit' }),
      k8sAssignment('k8s-no-privileged', '95edb821-ddaf-4404-9732-666045e056b4', { effect: 'Audit' }),
    ],
  };
}

export const CLUSTERS = {
  assigned: managedClusterId({ subscriptionId: SUB, resourceGroup: 'rg-aks-assigned', name: 'aks-assigned' }),
  bare: managedClusterId({ subscriptionId: SUB, resourceGroup: 'rg-aks-bare', name: 'aks-bare' }),
};
