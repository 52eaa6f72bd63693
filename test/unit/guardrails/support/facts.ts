import type { Environment } from '../../../../src/domain/environment.js';
import {
  ApprovedRegistries,
  NO_KUBERNETES_POLICIES,
  type ClusterFacts,
  type ContainerFacts,
  type ContainerGroupFacts,
  type EnvVarFacts,
  type ImageFacts,
  type ImageIntel,
  type KubernetesPolicies,
  type RegistryFacts,
  type RuleContext,
  type WorkloadEstate,
  type WorkloadPort,
} from '../../../../src/domain/guardrails/index.js';

/** Small guardrail facts for rule tests: a compliant default, changed one property at a time. */

export const SUB = { prod: '1d6e3a2b-7c4f-4e5d-9a8b-000000000001', dev: '1d6e3a2b-7c4f-4e5d-9a8b-000000000003' } as const;
export const NOW = new Date('2026-11-20T06:00:00Z');

export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 86_400_000).toISOString();
}

export function envVar(name: string, how: 'secure' | 'plain' | 'empty' | 'secret-value' = 'plain'): EnvVarFacts {
  return { name, secure: how === 'secure', hasValue: how === 'plain' || how === 'secret-value', valueLooksSecret: how === 'secret-value' };
}

export function container(over: Partial<ContainerFacts> = {}): ContainerFacts {
  return { name: 'app', image: 'contosoprod.azurecr.io/web/app:1.0', ports: [8080], privileged: false, env: [envVar('LOG_LEVEL')], init: false, ...over };
}

export function group(name: string, over: Partial<ContainerGroupFacts> = {}): ContainerGroupFacts {
  const sub = SUB.prod;
  return {
    kind: 'aci',
    id: `/subscriptions/${sub}/resourceGroups/rg-apps/providers/Microsoft.ContainerInstance/containerGroups/${name}`,
    name,
    subscriptionId: sub,
    resourceGroup: 'rg-apps',
    environment: 'prod',
    containers: [container()],
    logins: [{ server: 'contosoprod.azurecr.io', method: 'identity', adminUser: false }],
    ip: { type: 'Private', ports: [{ port: 8080, protocol: 'TCP' }], fqdn: undefined },
    subnets: 1,
    logAnalytics: true,
    ...over,
  };
}

export function cluster(name: string, over: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    kind: 'aks',
    id: `/subscriptions/${SUB.prod}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/${name}`,
    name,
    subscriptionId: SUB.prod,
    resourceGroup: 'rg-aks',
    location: 'westeurope',
    environment: 'prod',
    monitored: true,
    policyAddon: true,
    apiServer: { privateCluster: true, authorizedRanges: [], fqdn: undefined },
    ...over,
  };
}

export function registry(name: string, over: Partial<RegistryFacts> = {}): RegistryFacts {
  return {
    id: `/subscriptions/${SUB.prod}/resourceGroups/rg-registries/providers/Microsoft.ContainerRegistry/registries/${name}`,
    name,
    loginServer: `${name}.azurecr.io`,
    subscriptionId: SUB.prod,
    resourceGroup: 'rg-registries',
    location: 'westeurope',
    environment: 'prod' as Environment,
    adminUserEnabled: false,
    audit: { state: 'complete', missing: [], workspaceId: '/subscriptions/x/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law' },
    ...over,
  };
}

/** Images by reference; clusters by id. Anything else is unknown to "Defender". */
export function imageIntel(byReference: Record<string, ImageFacts>, byCluster: Record<string, ImageFacts[]> = {}, state: Partial<Pick<ImageIntel, 'available' | 'complete'>> = {}): ImageIntel {
  return {
    available: state.available ?? true,
    complete: state.complete ?? true,
    lastScan: daysAgo(0.1),
    forReference: (reference) => byReference[reference],
    forCluster: (id) => byCluster[id] ?? [],
  };
}

export function image(name: string, critical: number, high: number, pushedDaysAgo: number): ImageFacts {
  return { name, critical, high, lastPushed: daysAgo(pushedDaysAgo) };
}

export function ruleContext(over: Partial<RuleContext> & { registries?: RegistryFacts[]; configured?: string[] } = {}): RuleContext {
  const registries = over.registries ?? [registry('contosoprod')];
  return {
    approved: over.approved ?? new ApprovedRegistries(registries.map((r) => r.loginServer), over.configured ?? ['mcr.microsoft.com']),
    images: over.images ?? imageIntel({ 'contosoprod.azurecr.io/web/app:1.0': image('web/app:1.0', 0, 0, 3) }),
    registriesByServer: new Map(registries.map((r) => [r.loginServer, r])),
    kubernetes: over.kubernetes ?? NO_KUBERNETES_POLICIES,
    staleDays: over.staleDays ?? 90,
    now: over.now ?? NOW,
  };
}

export function kubernetesPolicies(over: Partial<KubernetesPolicies> = {}): KubernetesPolicies {
  return { available: true, byCluster: new Map(), assigned: [], ...over };
}

export function estate(over: Partial<WorkloadEstate> = {}): WorkloadEstate {
  return {
    tenantId: '72f988bf-0000-4000-8000-00000000c0de',
    subscriptions: [{ id: SUB.prod, name: 'Contoso Prod', environment: 'prod' }],
    groups: [],
    clusters: [],
    registries: [registry('contosoprod')],
    failures: [],
    ...over,
  };
}

export class FakeWorkloads implements WorkloadPort {
  calls = 0;
  constructor(private readonly value: WorkloadEstate | (() => WorkloadEstate)) {}
  async estate(): Promise<WorkloadEstate> {
    this.calls++;
    return typeof this.value === 'function' ? this.value() : this.value;
  }
}
