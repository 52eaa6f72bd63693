import type { Container, ContainerGroup, EnvironmentVariable, InitContainerDefinition } from '@azure/arm-containerinstance';
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { Registry } from '@azure/arm-containerregistry';
import type { Environment } from '../../domain/environment.js';
import {
  AUDIT_CATEGORIES,
  looksLikeSecretValue,
  type ClusterFacts,
  type ContainerFacts,
  type ContainerGroupFacts,
  type EnvVarFacts,
  type RegistryAudit,
  type RegistryFacts,
  type RegistryLoginFacts,
} from '../../domain/guardrails/index.js';

/**
 * SDK models → guardrail facts. This is where secret values end: an environment variable's value is
 * judged here and dropped, registry passwords and Log Analytics workspace keys are never read.
 */

/** `…/resourceGroups/{name}/…` → `name`. */
export function resourceGroupOf(id: string): string {
  const parts = id.split('/');
  const at = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  return at >= 0 ? (parts[at + 1] ?? '') : '';
}

export function subscriptionOf(id: string): string {
  return id.split('/')[2] ?? '';
}

function envVar(e: EnvironmentVariable): EnvVarFacts {
  // ARM's GET never returns `secureValue`: a variable without `value` was set securely.
  const value = e.value;
  return { name: e.name, secure: value === undefined, hasValue: (value ?? '') !== '', valueLooksSecret: value !== undefined && looksLikeSecretValue(value) };
}

function container(c: Container | InitContainerDefinition, init: boolean): ContainerFacts {
  const ports = 'ports' in c && Array.isArray(c.ports) ? c.ports.map((p) => p.port) : [];
  return {
    name: c.name,
    image: c.image ?? '',
    ports,
    privileged: c.securityContext?.privileged === true,
    env: (c.environmentVariables ?? []).map(envVar),
    init,
  };
}

function login(server: string, username: string | undefined, identity: string | undefined): RegistryLoginFacts {
  const host = server.toLowerCase();
  // An Azure registry's admin user is named like the registry.
  const adminUser = !identity && username !== undefined && username.toLowerCase() === (host.split('.')[0] ?? '');
  return { server: host, method: identity ? 'identity' : 'password', adminUser };
}

export function toContainerGroupFacts(g: ContainerGroup & { id: string; name: string }, environment: Environment | undefined): ContainerGroupFacts {
  const ip = g.ipAddress;
  return {
    kind: 'aci',
    id: g.id,
    name: g.name,
    subscriptionId: subscriptionOf(g.id),
    resourceGroup: resourceGroupOf(g.id),
    environment,
    containers: [...(g.initContainers ?? []).map((c) => container(c, true)), ...(g.containers ?? []).map((c) => container(c, false))],
    logins: (g.imageRegistryCredentials ?? []).map((c) => login(c.server, c.username, c.identity)),
    ip: ip
      ? { type: ip.type?.toLowerCase() === 'public' ? 'Public' : 'Private', ports: (ip.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })), fqdn: ip.fqdn }
      : undefined,
    subnets: g.subnetIds?.length ?? 0,
    logAnalytics: Boolean(g.diagnostics?.logAnalytics?.workspaceId || g.diagnostics?.logAnalytics?.workspaceResourceId),
  };
}

function addonEnabled(cluster: ManagedCluster, ...names: string[]): boolean {
  const wanted = names.map((n) => n.toLowerCase());
  return Object.entries(cluster.addonProfiles ?? {}).some(([name, profile]) => wanted.includes(name.toLowerCase()) && profile.enabled === true);
}

export function toClusterFacts(c: ManagedCluster & { id: string; name: string }, environment: Environment | undefined): ClusterFacts {
  const defender = c.securityProfile?.defender;
  return {
    kind: 'aks',
    id: c.id,
    name: c.name,
    subscriptionId: subscriptionOf(c.id),
    resourceGroup: resourceGroupOf(c.id),
    location: c.location,
    environment,
    monitored: addonEnabled(c, 'omsagent', 'omsAgent') || (defender?.securityMonitoring?.enabled === true && Boolean(defender.logAnalyticsWorkspaceResourceId)),
    policyAddon: addonEnabled(c, 'azurepolicy'),
    apiServer: {
      privateCluster: c.apiServerAccessProfile?.enablePrivateCluster === true,
      authorizedRanges: [...(c.apiServerAccessProfile?.authorizedIPRanges ?? [])],
      fqdn: c.fqdn,
    },
  };
}

export function toRegistryFacts(r: Registry & { id: string; name: string }, environment: Environment | undefined, audit: RegistryAudit): RegistryFacts {
  return {
    id: r.id,
    name: r.name,
    loginServer: (r.loginServer ?? `${r.name}.azurecr.io`).toLowerCase(),
    subscriptionId: subscriptionOf(r.id),
    resourceGroup: resourceGroupOf(r.id),
    location: r.location,
    environment,
    adminUserEnabled: r.adminUserEnabled === true,
    audit,
  };
}

/** A diagnostic setting as the wire has it (category groups included, which the 2017 SDK model lacks). */
export interface RawDiagnosticSetting {
  properties?: {
    workspaceId?: string | null;
    logs?: Array<{ category?: string | null; categoryGroup?: string | null; enabled?: boolean }>;
  };
}

/** `allLogs` and `audit` both hold a registry's login and repository events. */
const COVERING_GROUPS: ReadonlySet<string> = new Set(['alllogs', 'audit']);

export function auditOf(settings: readonly RawDiagnosticSetting[]): RegistryAudit {
  const covered = new Set<string>();
  let workspaceId: string | undefined;
  for (const s of settings) {
    const workspace = s.properties?.workspaceId;
    if (!workspace) continue;
    workspaceId ??= workspace;
    for (const log of s.properties?.logs ?? []) {
      if (log.enabled !== true) continue;
      if (log.categoryGroup && COVERING_GROUPS.has(log.categoryGroup.toLowerCase())) AUDIT_CATEGORIES.forEach((c) => covered.add(c));
      const category = AUDIT_CATEGORIES.find((c) => c.toLowerCase() === (log.category ?? '').toLowerCase());
      if (category) covered.add(category);
    }
  }
  const missing = AUDIT_CATEGORIES.filter((c) => !covered.has(c));
  const state = missing.length === 0 ? 'complete' : missing.length === AUDIT_CATEGORIES.length ? 'none' : 'partial';
  return { state, missing, workspaceId };
}

export const UNKNOWN_AUDIT: RegistryAudit = { state: 'unknown', missing: [...AUDIT_CATEGORIES], workspaceId: undefined };
