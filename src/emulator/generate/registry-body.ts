import type { ArmResource } from './tenant-types.js';
import { guidFor, hexFor } from './ids.js';

/** Everything that varies between registries; the rest of the body is what ARM fills in. */
export interface RegistrySpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  sku: 'Basic' | 'Standard' | 'Premium';
  creationDate: string;
  createdBy: string;
  lastModifiedAt: string;
  adminUserEnabled: boolean;
  publicNetworkAccess: 'Enabled' | 'Disabled';
  /** Premium only: firewall default action and allowed IP ranges. */
  networkDefaultAction?: 'Allow' | 'Deny';
  ipRules?: readonly string[];
  anonymousPullEnabled: boolean;
  dataEndpointEnabled: boolean;
  /** Geo-replicas; data endpoints exist in every replica region. */
  replicaLocations?: readonly string[];
  cmk?: { keyVault: string; keyName: string; rotation: boolean; lastRotation?: string };
  privateEndpoint?: { status: 'Approved' | 'Pending' | 'Rejected'; networkResourceGroup: string; description: string };
  quarantine: boolean;
  trust: boolean;
  /** Days to keep untagged manifests; absent = retention disabled. */
  retentionDays?: number;
  exportEnabled: boolean;
  zoneRedundancy: boolean;
}

export function registryId(spec: Pick<RegistrySpec, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${spec.name}`;
}

function identity(spec: RegistrySpec): Record<string, unknown> | undefined {
  if (!spec.cmk) return undefined;
  const uami = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${spec.name}-cmk`;
  return {
    type: 'UserAssigned',
    userAssignedIdentities: {
      [uami]: { principalId: guidFor(`${uami}#principal`), clientId: guidFor(`${uami}#client`) },
    },
  };
}

function encryption(spec: RegistrySpec): Record<string, unknown> {
  if (!spec.cmk) return { status: 'disabled' };
  const key = `https://${spec.cmk.keyVault}.vault.azure.net/keys/${spec.cmk.keyName}`;
  const uami = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${spec.name}-cmk`;
  const version = hexFor(`${key}#version`, 32);
  return {
    status: 'enabled',
    keyVaultProperties: {
      // Auto-rotation needs a versionless key id; a pinned key carries its version in keyIdentifier too.
      keyIdentifier: spec.cmk.rotation ? key : `${key}/${version}`,
      versionedKeyIdentifier: `${key}/${version}`,
      identity: guidFor(`${uami}#client`),
      keyRotationEnabled: spec.cmk.rotation,
      ...(spec.cmk.lastRotation ? { lastKeyRotationTimestamp: spec.cmk.lastRotation } : {}),
    },
  };
}

function privateEndpointConnections(spec: RegistrySpec, id: string): unknown[] {
  if (!spec.privateEndpoint) return [];
  const pe = spec.privateEndpoint;
  const peName = `pe-${spec.name}`;
  const connectionName = `${peName}.${guidFor(`${id}#pec`)}`;
  return [
    {
      id: `${id}/privateEndpointConnections/${connectionName}`,
      name: connectionName,
      type: 'Microsoft.ContainerRegistry/registries/privateEndpointConnections',
      properties: {
        privateEndpoint: {
          id: `/subscriptions/${spec.subscriptionId}/resourceGroups/${pe.networkResourceGroup}/providers/Microsoft.Network/privateEndpoints/${peName}`,
        },
        privateLinkServiceConnectionState: { status: pe.status, description: pe.description, actionsRequired: 'None' },
        provisioningState: 'Succeeded',
      },
    },
  ];
}

/**
 * A registry as `GET …/registries/{name}` returns it in the 2025-04-01 shape, plus
 * `anonymousPullEnabled` (present from the 2025-03-01-preview onwards, including the
 * api-version the installed SDK sends). Note the lower-case `enabled`/`disabled` of
 * `encryption.status` and `policies.*.status`, unlike `publicNetworkAccess`.
 */
export function registryBody(spec: RegistrySpec): ArmResource {
  const id = registryId(spec);
  const ident = identity(spec);
  const regions = [spec.location, ...(spec.replicaLocations ?? [])];
  return {
    id,
    name: spec.name,
    type: 'Microsoft.ContainerRegistry/registries',
    location: spec.location,
    ...(spec.tags ? { tags: spec.tags } : {}),
    sku: { name: spec.sku, tier: spec.sku },
    ...(ident ? { identity: ident } : {}),
    systemData: {
      createdBy: spec.createdBy,
      createdByType: 'User',
      createdAt: spec.creationDate,
      lastModifiedBy: spec.createdBy,
      lastModifiedByType: 'User',
      lastModifiedAt: spec.lastModifiedAt,
    },
    properties: {
      loginServer: `${spec.name}.azurecr.io`,
      creationDate: spec.creationDate,
      provisioningState: 'Succeeded',
      adminUserEnabled: spec.adminUserEnabled,
      networkRuleSet: {
        defaultAction: spec.networkDefaultAction ?? 'Allow',
        ipRules: (spec.ipRules ?? []).map((value) => ({ action: 'Allow', value })),
      },
      policies: {
        quarantinePolicy: { status: spec.quarantine ? 'enabled' : 'disabled' },
        trustPolicy: { type: 'Notary', status: spec.trust ? 'enabled' : 'disabled' },
        retentionPolicy: {
          days: spec.retentionDays ?? 7,
          lastUpdatedTime: spec.lastModifiedAt.replace(/Z$/, '+00:00'),
          status: spec.retentionDays === undefined ? 'disabled' : 'enabled',
        },
        exportPolicy: { status: spec.exportEnabled ? 'enabled' : 'disabled' },
      },
      encryption: encryption(spec),
      status: null,
      dataEndpointEnabled: spec.dataEndpointEnabled,
      dataEndpointHostNames: spec.dataEndpointEnabled ? regions.map((r) => `${spec.name}.${r}.data.azurecr.io`) : [],
      privateEndpointConnections: privateEndpointConnections(spec, id),
      publicNetworkAccess: spec.publicNetworkAccess,
      networkRuleBypassOptions: 'AzureServices',
      zoneRedundancy: spec.zoneRedundancy ? 'Enabled' : 'Disabled',
      anonymousPullEnabled: spec.anonymousPullEnabled,
    },
  };
}
