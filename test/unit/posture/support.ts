import type { RegistrySnapshot } from '../../../src/domain/posture/index.js';

/** A registry that passes every check (Premium, locked down); tests change what they examine. */
export function hardened(overrides: Partial<RegistrySnapshot> = {}): RegistrySnapshot {
  const id = '/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000001/resourceGroups/rg-reg/providers/Microsoft.ContainerRegistry/registries/reg';
  return {
    id,
    name: 'reg',
    subscriptionId: '1d6e3a2b-7c4f-4e5d-9a8b-000000000001',
    resourceGroup: 'rg-reg',
    location: 'westeurope',
    loginServer: 'reg.azurecr.io',
    sku: 'Premium',
    tags: {},
    environment: 'prod',
    adminUserEnabled: false,
    anonymousPullEnabled: false,
    publicNetworkAccess: 'Disabled',
    networkDefaultAction: 'Deny',
    ipRules: [],
    dataEndpointEnabled: true,
    dataEndpointHostNames: ['reg.westeurope.data.azurecr.io'],
    privateEndpointConnections: [{ id: `${id}/privateEndpointConnections/pe-reg.1`, name: 'pe-reg.1', status: 'Approved', description: 'Auto-Approved' }],
    encryption: { status: 'enabled', keyIdentifier: 'https://kv.vault.azure.net/keys/acr', versionedKeyIdentifier: 'https://kv.vault.azure.net/keys/acr/0123456789abcdef', keyRotationEnabled: true, lastKeyRotation: '2026-01-02T00:00:00.000Z' },
    policies: { quarantine: 'enabled', trust: 'enabled', trustType: 'Notary', retention: 'enabled', retentionDays: 30, export: 'disabled', armAudienceTokens: 'disabled' },
    ...overrides,
  };
}

export function withPolicies(overrides: Partial<RegistrySnapshot['policies']>, rest: Partial<RegistrySnapshot> = {}): RegistrySnapshot {
  const base = hardened(rest);
  return { ...base, policies: { ...base.policies, ...overrides } };
}
