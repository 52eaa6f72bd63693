import type { ArmResource } from './tenant-types.js';
import { guidFor } from './ids.js';

export interface ContainerSpec {
  name: string;
  /** Full image reference as deployed (`host/repo:tag` or `host/repo@sha256:…`). */
  image: string;
  ports: number[];
  cpu: number;
  memoryInGB: number;
  /** `secure` variables come back from GET without their value, as ARM hides `secureValue`. */
  env: Array<{ name: string; value?: string; secure?: boolean }>;
  privileged?: boolean;
  startTime: string;
}

export interface ContainerGroupSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  containers: ContainerSpec[];
  ip: { type: 'Public' | 'Private'; address: string; ports: number[]; dnsNameLabel?: string };
  /** Registry logins: `username` (password never returned by GET) or a user-assigned identity id. */
  credentials: Array<{ server: string; username?: string; identity?: string }>;
  /** User-assigned identity resource id, when the group has one. */
  identity?: string;
  /** Log Analytics workspace (customer) id for container logs. */
  logAnalyticsWorkspaceId?: string;
  subnet?: { id: string; name: string };
}

export function containerGroupId(spec: Pick<ContainerGroupSpec, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/${spec.name}`;
}

function container(c: ContainerSpec): Record<string, unknown> {
  return {
    name: c.name,
    properties: {
      image: c.image,
      command: [],
      ports: c.ports.map((port) => ({ protocol: 'TCP', port })),
      environmentVariables: c.env.map((e) => (e.secure ? { name: e.name } : { name: e.name, value: e.value ?? '' })),
      instanceView: {
        restartCount: 0,
        currentState: { state: 'Running', startTime: c.startTime, detailStatus: '' },
        events: [],
      },
      resources: { requests: { memoryInGB: c.memoryInGB, cpu: c.cpu } },
      ...(c.privileged ? { securityContext: { privileged: true, allowPrivilegeEscalation: true } } : {}),
    },
  };
}

/** `GET …/Microsoft.ContainerInstance/containerGroups/{name}` (2023-05-01). */
export function containerGroupBody(spec: ContainerGroupSpec): ArmResource {
  const ip: Record<string, unknown> = {
    ports: spec.ip.ports.map((port) => ({ protocol: 'TCP', port })),
    type: spec.ip.type,
    ip: spec.ip.address,
  };
  if (spec.ip.dnsNameLabel) {
    ip.dnsNameLabel = spec.ip.dnsNameLabel;
    ip.fqdn = `${spec.ip.dnsNameLabel}.${spec.location}.azurecontainer.io`;
  }
  return {
    id: containerGroupId(spec),
    name: spec.name,
    type: 'Microsoft.ContainerInstance/containerGroups',
    location: spec.location,
    ...(spec.tags ? { tags: spec.tags } : {}),
    ...(spec.identity
      ? {
          identity: {
            type: 'UserAssigned',
            userAssignedIdentities: {
              [spec.identity]: { principalId: guidFor(`${spec.identity}#principal`), clientId: guidFor(`${spec.identity}#client`) },
            },
          },
        }
      : {}),
    properties: {
      sku: 'Standard',
      provisioningState: 'Succeeded',
      containers: spec.containers.map(container),
      initContainers: [],
      imageRegistryCredentials: spec.credentials.map((c) =>
        c.identity ? { server: c.server, identity: c.identity } : { server: c.server, username: c.username ?? '' },
      ),
      restartPolicy: 'Always',
      ipAddress: ip,
      osType: 'Linux',
      instanceView: { events: [], state: 'Running' },
      ...(spec.logAnalyticsWorkspaceId
        ? { diagnostics: { logAnalytics: { workspaceId: spec.logAnalyticsWorkspaceId, logType: 'ContainerInsights' } } }
        : {}),
      ...(spec.subnet ? { subnetIds: [spec.subnet] } : {}),
    },
  };
}

export interface ManagedClusterSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
  kubernetesVersion: string;
  tenantId: string;
  nodeCount: number;
  logAnalyticsWorkspaceResourceId: string;
  /** Who reaches the API server: public to all (default), listed ranges only, or a private cluster. */
  apiServer?: { authorizedRanges: string[] } | { private: true };
  /** The Azure Policy add-on (default on). */
  policyAddon?: boolean;
}

/** The API server's address (public or private) and `apiServerAccessProfile`, as ARM returns them. */
function apiServerProperties(spec: ManagedClusterSpec, dnsPrefix: string, hash: string): { address: Record<string, string>; profile: Record<string, unknown> } {
  const access = spec.apiServer;
  if (access && 'private' in access) {
    // Without a public FQDN, ARM returns only the private one.
    return {
      address: { privateFQDN: `${dnsPrefix}-${hash}.${guidFor(`${dnsPrefix}#zone`)}.privatelink.${spec.location}.azmk8s.io` },
      profile: { enablePrivateCluster: true, privateDNSZone: 'system', enablePrivateClusterPublicFQDN: false },
    };
  }
  const ranges = access?.authorizedRanges ?? [];
  return {
    address: { fqdn: `${dnsPrefix}-${hash}.hcp.${spec.location}.azmk8s.io` },
    profile: ranges.length > 0 ? { authorizedIPRanges: ranges, enablePrivateCluster: false } : { enablePrivateCluster: false },
  };
}

export function managedClusterId(spec: Pick<ManagedClusterSpec, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${spec.name}`;
}

/** A minimal but realistic `GET …/Microsoft.ContainerService/managedClusters/{name}`. */
export function managedClusterBody(spec: ManagedClusterSpec): ArmResource {
  const id = managedClusterId(spec);
  const nodeRg = `MC_${spec.resourceGroup}_${spec.name}_${spec.location}`;
  const kubelet = `/subscriptions/${spec.subscriptionId}/resourceGroups/${nodeRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${spec.name}-agentpool`;
  const policyAddon = `/subscriptions/${spec.subscriptionId}/resourceGroups/${nodeRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/azurepolicy-${spec.name}`;
  const dnsPrefix = `${spec.name}-dns`;
  const fqdnHash = guidFor(`${id}#fqdn`).slice(0, 8);
  const apiServer = apiServerProperties(spec, dnsPrefix, fqdnHash);
  return {
    id,
    location: spec.location,
    name: spec.name,
    type: 'Microsoft.ContainerService/ManagedClusters',
    ...(spec.tags ? { tags: spec.tags } : {}),
    sku: { name: 'Base', tier: 'Standard' },
    identity: { type: 'SystemAssigned', principalId: guidFor(`${id}#principal`), tenantId: spec.tenantId },
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: spec.kubernetesVersion,
      currentKubernetesVersion: spec.kubernetesVersion,
      dnsPrefix,
      ...apiServer.address,
      azurePortalFQDN: `${dnsPrefix}-${fqdnHash}.portal.hcp.${spec.location}.azmk8s.io`,
      agentPoolProfiles: [
        {
          name: 'system',
          count: spec.nodeCount,
          vmSize: 'Standard_D4ds_v5',
          osDiskSizeGB: 128,
          osDiskType: 'Ephemeral',
          kubeletDiskType: 'OS',
          maxPods: 110,
          type: 'VirtualMachineScaleSets',
          availabilityZones: ['1', '2', '3'],
          enableAutoScaling: true,
          minCount: spec.nodeCount,
          maxCount: spec.nodeCount * 2,
          provisioningState: 'Succeeded',
          powerState: { code: 'Running' },
          orchestratorVersion: spec.kubernetesVersion,
          currentOrchestratorVersion: spec.kubernetesVersion,
          mode: 'System',
          osType: 'Linux',
          osSKU: 'AzureLinux',
          enableFIPS: false,
        },
      ],
      servicePrincipalProfile: { clientId: 'msi' },
      addonProfiles: {
        azurepolicy: {
          enabled: spec.policyAddon ?? true,
          config: null,
          identity: { resourceId: policyAddon, clientId: guidFor(`${policyAddon}#client`), objectId: guidFor(`${policyAddon}#object`) },
        },
      },
      nodeResourceGroup: nodeRg,
      enableRBAC: true,
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkPolicy: 'cilium',
        networkDataplane: 'cilium',
        loadBalancerSku: 'standard',
        podCidr: '10.244.0.0/16',
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
        outboundType: 'loadBalancer',
      },
      aadProfile: { managed: true, enableAzureRBAC: true, tenantID: spec.tenantId },
      maxAgentPools: 100,
      identityProfile: {
        kubeletidentity: { resourceId: kubelet, clientId: guidFor(`${kubelet}#client`), objectId: guidFor(`${kubelet}#object`) },
      },
      disableLocalAccounts: true,
      securityProfile: {
        defender: {
          logAnalyticsWorkspaceResourceId: spec.logAnalyticsWorkspaceResourceId,
          securityMonitoring: { enabled: true },
        },
      },
      oidcIssuerProfile: { enabled: true, issuerURL: `https://${spec.location}.oic.prod-aks.azure.com/${spec.tenantId}/${guidFor(`${id}#oidc`)}/` },
      apiServerAccessProfile: apiServer.profile,
    },
  };
}
