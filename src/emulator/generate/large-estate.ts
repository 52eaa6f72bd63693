import type { ArmResource } from './tenant-types.js';
import { POLICY, daysAgo, type RoleName } from './builtins.js';
import { guidFor } from './ids.js';
import { PERSONA, SECURITY_AUDITORS_GROUP, TENANT_ID } from './personas.js';
import type { Prng } from './prng.js';
import { registryBody, registryId, type RegistrySpec } from './registry-body.js';
import { managedClusterBody, type ManagedClusterSpec } from './workload-bodies.js';
import {
  diagnosticSettingBody, policyAssignmentBody, REGISTRY_LOG_CATEGORIES, resourceGroupBody, roleAssignmentBody, subscriptionBody,
} from './scope-bodies.js';

/** Subscriptions, resource groups, access and registries of a generated tenant. */

export type Env = 'prod' | 'staging' | 'dev';
const ENVS: readonly Env[] = ['prod', 'staging', 'dev'];
/** Spellings seen in real estates; readers resolve them with the alias rule. */
const SPELLINGS: Record<Env, readonly string[]> = {
  prod: ['prod', 'production', 'Prod', 'PRODUCTION'],
  staging: ['staging', 'stg', 'stage', 'Staging'],
  dev: ['dev', 'development', 'Dev', 'DEV'],
};
const LOCATIONS = ['westeurope', 'northeurope', 'eastus2', 'westus3', 'swedencentral'] as const;

export interface GeneratedSubscription {
  index: number;
  id: string;
  env: Env;
  location: string;
  registriesRg: string;
  appsRg: string;
}

export function subscriptionPlan(index: number, seed: number): GeneratedSubscription {
  const env = ENVS[index % ENVS.length] as Env;
  return {
    index,
    id: guidFor(`generated#${seed}#subscription#${index}`),
    env,
    location: LOCATIONS[index % LOCATIONS.length] as string,
    registriesRg: `rg-registries-${env}-${index + 1}`,
    appsRg: `rg-apps-${env}-${index + 1}`,
  };
}

/** Subscription, its two resource groups; some groups carry their own (occasionally different) env tag. */
export function* subscriptionResources(sub: GeneratedSubscription, prng: Prng): Generator<ArmResource> {
  const envKey = prng.chance(0.8) ? 'env' : 'Environment';
  yield subscriptionBody({
    subscriptionId: sub.id,
    tenantId: TENANT_ID,
    displayName: `Contoso ${sub.env[0]?.toUpperCase()}${sub.env.slice(1)} ${String(sub.index + 1).padStart(3, '0')}`,
    tags: { [envKey]: prng.pick(SPELLINGS[sub.env]) },
  });
  const rgEnv = prng.chance(0.1) ? prng.pick(ENVS) : sub.env;
  yield resourceGroupBody({
    subscriptionId: sub.id,
    name: sub.registriesRg,
    location: sub.location,
    ...(prng.chance(0.5) ? { tags: { env: prng.pick(SPELLINGS[rgEnv]), owner: 'platform-team' } } : {}),
  });
  yield resourceGroupBody({ subscriptionId: sub.id, name: sub.appsRg, location: sub.location });
}

function grant(scope: string, role: RoleName, principalId: string, principalType: 'User' | 'Group' | 'ServicePrincipal'): ArmResource {
  return roleAssignmentBody({
    scope, role, principalId, principalType,
    name: guidFor(`roleAssignment#${scope}#${role}#${principalId}`),
    createdOn: '2025-02-03T09:00:00.0000000Z',
    createdBy: guidFor('contoso-cloud-admin'),
  });
}

/**
 * The demo personas' rights, spread over every generated subscription: Priya, Mei (through her
 * group) and the digest reader everywhere; Diego and Noah only where the plan puts them.
 */
export function* personaGrants(sub: GeneratedSubscription, firstOfEnv: boolean, firstRegistry?: string): Generator<ArmResource> {
  const scope = `/subscriptions/${sub.id}`;
  yield grant(scope, 'securityAdmin', PERSONA.priya, 'User');
  yield grant(scope, 'resourcePolicyContributor', PERSONA.priya, 'User');
  yield grant(scope, 'reader', PERSONA.priya, 'User');
  yield grant(scope, 'reader', SECURITY_AUDITORS_GROUP, 'Group');
  yield grant(scope, 'securityReader', SECURITY_AUDITORS_GROUP, 'Group');
  yield grant(scope, 'reader', PERSONA.digestReader, 'ServicePrincipal');
  yield grant(scope, 'securityReader', PERSONA.digestReader, 'ServicePrincipal');
  if (!firstOfEnv) return;
  const rg = `${scope}/resourceGroups/${sub.registriesRg}`;
  if (sub.env === 'prod') yield grant(rg, 'contributor', PERSONA.priya, 'User');
  if (sub.env === 'dev') {
    yield grant(scope, 'reader', PERSONA.diego, 'User');
    if (firstRegistry) yield grant(firstRegistry, 'acrPush', PERSONA.diego, 'User');
  }
  if (sub.env === 'staging') {
    yield grant(scope, 'reader', PERSONA.noah, 'User');
    yield grant(rg, 'contributor', PERSONA.noah, 'User');
  }
}

export function policyResources(sub: GeneratedSubscription): ArmResource[] {
  const scope = `/subscriptions/${sub.id}`;
  const common = { assignedBy: 'Priya Raman', createdBy: PERSONA.priya, createdOn: '2025-06-10T08:30:00.0000000Z' };
  return [
    policyAssignmentBody({
      ...common, scope, name: 'acr-admin-account-disabled', definition: POLICY.acrAdminAccountDisabled, parameters: { effect: 'Audit' },
      displayName: 'Container registries should have local admin account disabled.', description: 'Generated guardrail',
      instanceId: guidFor(`${scope}#acr-admin-account-disabled`),
    }),
    policyAssignmentBody({
      ...common, scope, name: 'acr-public-network-disabled', definition: POLICY.acrPublicNetworkDisabled, parameters: { effect: 'Audit' },
      displayName: 'Public network access should be disabled for Container registries', description: 'Generated guardrail',
      instanceId: guidFor(`${scope}#acr-public-network-disabled`),
    }),
  ];
}

export interface GeneratedRegistry {
  id: string;
  name: string;
  loginServer: string;
  adminUserEnabled: boolean;
  sub: GeneratedSubscription;
}

/** A registry whose posture leans on its environment: production is mostly locked down, dev mostly not. */
export function registryResources(index: number, sub: GeneratedSubscription, prng: Prng): { registry: GeneratedRegistry; resources: ArmResource[] } {
  const strict = sub.env === 'prod' ? 0.7 : sub.env === 'staging' ? 0.4 : 0.1;
  const sku: RegistrySpec['sku'] = prng.chance(strict) ? 'Premium' : prng.pick(['Basic', 'Standard', 'Premium'] as const);
  const premium = sku === 'Premium';
  const locked = premium && prng.chance(strict);
  const spec: RegistrySpec = {
    subscriptionId: sub.id,
    resourceGroup: sub.registriesRg,
    name: `contoso${sub.env}${String(index + 1).padStart(5, '0')}`,
    location: sub.location,
    ...(prng.chance(0.15) ? { tags: { env: prng.pick(SPELLINGS[prng.pick(ENVS)]) } } : {}),
    sku,
    creationDate: daysAgo(prng.int(120, 1500)),
    createdBy: 'platform-automation@contoso.example',
    lastModifiedAt: daysAgo(prng.int(1, 110)),
    adminUserEnabled: !locked && prng.chance(0.4),
    publicNetworkAccess: locked ? 'Disabled' : 'Enabled',
    ...(premium ? { networkDefaultAction: locked ? 'Deny' : 'Allow' } : {}),
    anonymousPullEnabled: !locked && sku !== 'Basic' && prng.chance(0.05),
    dataEndpointEnabled: premium && prng.chance(0.5),
    ...(premium && prng.chance(strict) ? { cmk: { keyVault: `kv-${sub.env}-${sub.index + 1}-cmk`, keyName: `acr-${index + 1}`, rotation: prng.chance(0.7) } } : {}),
    ...(locked ? { privateEndpoint: { status: prng.chance(0.9) ? 'Approved' : 'Pending', networkResourceGroup: sub.appsRg, description: 'Auto-Approved' } } : {}),
    quarantine: premium && prng.chance(0.3),
    trust: premium && prng.chance(0.3),
    ...(prng.chance(0.5) ? { retentionDays: prng.pick([7, 14, 30]) } : {}),
    exportEnabled: !locked,
    zoneRedundancy: premium && prng.chance(0.5),
  };
  const id = registryId(spec);
  const resources = [registryBody(spec)];
  if (prng.chance(0.5)) {
    const workspace = `/subscriptions/${sub.id}/resourceGroups/${sub.appsRg}/providers/Microsoft.OperationalInsights/workspaces/law-${sub.env}-${sub.index + 1}`;
    const enabled = prng.chance(0.8) ? REGISTRY_LOG_CATEGORIES : ['ContainerRegistryRepositoryEvents'];
    resources.push(diagnosticSettingBody({ resourceId: id, name: 'to-log-analytics', workspaceId: workspace, enabled }));
  }
  return {
    registry: { id, name: spec.name, loginServer: `${spec.name}.azurecr.io`, adminUserEnabled: spec.adminUserEnabled, sub },
    resources,
  };
}

/**
 * AKS clusters of the first subscription of each environment, one per API server access mode: public
 * to all, limited to authorized IP ranges, and private. In production one more public cluster carries
 * its own environment tag, so that the resource's tag (not its subscription's) decides its environment.
 * A handful per tenant, whatever its size.
 */
export function* clusterResources(sub: GeneratedSubscription, prng: Prng): Generator<ArmResource> {
  const resourceGroup = `rg-clusters-${sub.env}-${sub.index + 1}`;
  yield resourceGroupBody({ subscriptionId: sub.id, name: resourceGroup, location: sub.location });
  const workspace = `/subscriptions/${sub.id}/resourceGroups/${sub.appsRg}/providers/Microsoft.OperationalInsights/workspaces/law-${sub.env}-${sub.index + 1}`;
  const access: Array<ManagedClusterSpec['apiServer'] | undefined> = [undefined, { authorizedRanges: ['203.0.113.0/24', `198.51.100.${prng.int(1, 254)}/32`] }, { private: true }];
  const base = { subscriptionId: sub.id, resourceGroup, location: sub.location, kubernetesVersion: '1.33.4', tenantId: TENANT_ID, nodeCount: 3, logAnalyticsWorkspaceResourceId: workspace };
  for (const [i, apiServer] of access.entries()) {
    yield managedClusterBody({ ...base, name: `aks-${sub.env}-${sub.index + 1}-${i + 1}`, ...(apiServer ? { apiServer } : {}) });
  }
  if (sub.env === 'prod') {
    const other = prng.pick(ENVS.filter((e) => e !== 'prod'));
    yield managedClusterBody({ ...base, name: `aks-${sub.env}-${sub.index + 1}-4`, tags: { env: prng.pick(SPELLINGS[other]) } });
  }
}
