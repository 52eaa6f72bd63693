import type { Registry } from '@azure/arm-containerregistry';
import type { Environment } from '../../domain/environment.js';
import type { RegistrySnapshot } from '../../domain/posture/index.js';

/** ARM ids: `/subscriptions/{s}/resourceGroups/{rg}/providers/…`. */
export function idParts(id: string): { subscriptionId: string; resourceGroup: string } {
  const parts = id.split('/');
  const sub = parts.findIndex((p) => p.toLowerCase() === 'subscriptions');
  const rg = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  return { subscriptionId: sub >= 0 ? (parts[sub + 1] ?? '') : '', resourceGroup: rg >= 0 ? (parts[rg + 1] ?? '') : '' };
}

/**
 * The SDK's registry model → the domain's snapshot. Values are copied as Azure sent them (casing
 * included); an absent property stays undefined so that the checks can tell "off" from "not reported".
 */
export function toRegistrySnapshot(registry: Registry, environmentOf: (subscriptionId: string, resourceGroup: string, tags: Record<string, string> | undefined) => Environment | undefined): RegistrySnapshot {
  const id = registry.id ?? '';
  const { subscriptionId, resourceGroup } = idParts(id);
  const tags = registry.tags ?? {};
  const keyVault = registry.encryption?.keyVaultProperties;
  const policies = registry.policies;
  return {
    id,
    name: registry.name ?? id.split('/').pop() ?? '',
    subscriptionId,
    resourceGroup,
    location: registry.location,
    loginServer: registry.loginServer ?? '',
    sku: registry.sku?.name,
    tags,
    environment: environmentOf(subscriptionId, resourceGroup, tags),
    adminUserEnabled: registry.adminUserEnabled,
    anonymousPullEnabled: registry.anonymousPullEnabled,
    publicNetworkAccess: registry.publicNetworkAccess,
    networkDefaultAction: registry.networkRuleSet?.defaultAction,
    ipRules: (registry.networkRuleSet?.ipRules ?? []).map((r) => r.iPAddressOrRange),
    dataEndpointEnabled: registry.dataEndpointEnabled,
    dataEndpointHostNames: registry.dataEndpointHostNames ?? [],
    privateEndpointConnections: (registry.privateEndpointConnections ?? []).map((c) => ({
      id: c.id ?? '',
      name: c.name ?? (c.id ?? '').split('/').pop() ?? '',
      status: c.privateLinkServiceConnectionState?.status,
      description: c.privateLinkServiceConnectionState?.description,
    })),
    encryption: {
      status: registry.encryption?.status,
      keyIdentifier: keyVault?.keyIdentifier,
      versionedKeyIdentifier: keyVault?.versionedKeyIdentifier,
      keyRotationEnabled: keyVault?.keyRotationEnabled,
      lastKeyRotation: keyVault?.lastKeyRotationTimestamp?.toISOString(),
    },
    policies: {
      quarantine: policies?.quarantinePolicy?.status,
      trust: policies?.trustPolicy?.status,
      trustType: policies?.trustPolicy?.type,
      retention: policies?.retentionPolicy?.status,
      retentionDays: policies?.retentionPolicy?.days,
      export: policies?.exportPolicy?.status,
      armAudienceTokens: policies?.azureADAuthenticationAsArmPolicy?.status,
    },
  };
}
