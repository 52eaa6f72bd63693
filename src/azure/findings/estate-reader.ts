import type { TokenCredential } from '@azure/core-auth';
import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { SecurityCenter } from '@azure/arm-security';
import type { AzureConfig } from '../../config/index.js';
import { environmentFromTags, type Environment } from '../../domain/environment.js';
import { parseDeployedImage, type ClusterInfo, type RegistryPosture, type SubscriptionInfo, type Workload } from '../../domain/findings/index.js';
import { findingsClientOptions, type ArmHttpOptions } from './arm-reader.js';
import { INDIVIDUAL_KEY, individualRecommendationHolders } from './individual-recommendations.js';

/**
 * The estate around the findings, read with the official SDK clients: subscriptions, resource
 * groups (for their environment tags), registries, Defender assessments, AKS clusters and ACI
 * container groups. These lists are short; the findings themselves are read elsewhere, raw.
 */

export interface RegistryRecord {
  id: string;
  name: string;
  loginServer: string;
  resourceGroup: string;
  tags: Record<string, string> | undefined;
  posture: RegistryPosture;
}

type Tags = Record<string, string> | undefined;

/** `…/resourceGroups/{name}/…` → `name`. */
export function resourceGroupOf(id: string): string {
  const parts = id.split('/');
  const at = parts.findIndex((p) => p.toLowerCase() === 'resourcegroups');
  return at >= 0 ? (parts[at + 1] ?? '') : '';
}

/** The environment rule: the resource's own tag, else its resource group's, else its subscription's. */
export function environmentOf(resourceTags: Tags, groupTags: Tags, subscription: Environment | undefined): Environment | undefined {
  return environmentFromTags(resourceTags) ?? environmentFromTags(groupTags) ?? subscription;
}

export class EstateReader {
  private readonly options: ReturnType<typeof findingsClientOptions>;

  constructor(
    azure: AzureConfig,
    private readonly credential: TokenCredential,
    http: ArmHttpOptions,
  ) {
    this.options = findingsClientOptions(azure, http);
  }

  async subscriptions(signal: AbortSignal): Promise<SubscriptionInfo[]> {
    const out: SubscriptionInfo[] = [];
    for await (const s of new SubscriptionClient(this.credential, this.options).subscriptions.list({ abortSignal: signal })) {
      if (!s.subscriptionId) continue;
      out.push({ id: s.subscriptionId, name: s.displayName ?? s.subscriptionId, tenantId: s.tenantId, environment: environmentFromTags(s.tags) });
    }
    return out;
  }

  /** Resource group name (lower case) → tags. */
  async groupTags(subscriptionId: string, signal: AbortSignal): Promise<Map<string, Tags>> {
    const out = new Map<string, Tags>();
    for await (const g of new ResourceManagementClient(this.credential, subscriptionId, this.options).resourceGroups.list({ abortSignal: signal })) {
      if (g.name) out.set(g.name.toLowerCase(), g.tags);
    }
    return out;
  }

  async registries(subscriptionId: string, signal: AbortSignal): Promise<RegistryRecord[]> {
    const out: RegistryRecord[] = [];
    const client = new ContainerRegistryManagementClient(this.credential, subscriptionId, this.options);
    for await (const r of client.registries.list({ abortSignal: signal })) {
      if (!r.id || !r.name) continue;
      out.push({
        id: r.id,
        name: r.name,
        loginServer: (r.loginServer ?? `${r.name}.azurecr.io`).toLowerCase(),
        resourceGroup: resourceGroupOf(r.id),
        tags: r.tags,
        posture: {
          publicNetworkAccess: (r.publicNetworkAccess ?? 'Enabled') !== 'Disabled',
          adminUserEnabled: r.adminUserEnabled === true,
          anonymousPullEnabled: r.anonymousPullEnabled === true,
        },
      });
    }
    return out;
  }

  /** Status code of every Defender assessment in the subscription, by `assessed resource id|key` (lower case). */
  async assessmentStates(subscriptionId: string, keys: readonly string[], signal: AbortSignal): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const wanted = new Set(keys.map((k) => k.toLowerCase()));
    const client = new SecurityCenter(this.credential, subscriptionId, this.options);
    // The SDK's model drops the fields that mark individual recommendations: they are read from the raw pages.
    const pages: string[] = [];
    const onResponse = (response: { bodyAsText?: string | null }) => {
      if (response.bodyAsText) pages.push(response.bodyAsText);
    };
    for await (const a of client.assessments.list(`subscriptions/${subscriptionId}`, { abortSignal: signal, onResponse })) {
      const key = a.name?.toLowerCase();
      if (!a.id || !key || !wanted.has(key)) continue;
      const at = a.id.toLowerCase().lastIndexOf('/providers/microsoft.security/assessments/');
      if (at < 0) continue;
      out.set(`${a.id.slice(0, at).toLowerCase()}|${key}`, a.status?.code ?? 'Unknown');
    }
    for (const holder of individualRecommendationHolders(pages)) out.set(`${holder}|${INDIVIDUAL_KEY}`, 'Present');
    return out;
  }

  /** `groups` may still be loading: the list is read first, environments resolved after. */
  async clusters(subscriptionId: string, groups: Promise<Map<string, Tags>>, subscriptionEnv: Environment | undefined, signal: AbortSignal): Promise<ClusterInfo[]> {
    const listed: { id: string; name: string; tags: Tags; publicApiServer: boolean }[] = [];
    const client = new ContainerServiceClient(this.credential, subscriptionId, this.options);
    for await (const c of client.managedClusters.list({ abortSignal: signal })) {
      const access = c.apiServerAccessProfile;
      const publicApiServer = access?.enablePrivateCluster !== true && (access?.authorizedIPRanges ?? []).length === 0;
      if (c.id && c.name) listed.push({ id: c.id, name: c.name, tags: c.tags, publicApiServer });
    }
    const tags = await groups;
    return listed.map((c) => {
      const resourceGroup = resourceGroupOf(c.id);
      return { id: c.id, name: c.name, subscriptionId, resourceGroup, environment: environmentOf(c.tags, tags.get(resourceGroup.toLowerCase()), subscriptionEnv), publicApiServer: c.publicApiServer };
    });
  }

  /** One workload per container of every ACI container group. */
  async containerWorkloads(subscriptionId: string, groups: Promise<Map<string, Tags>>, subscriptionEnv: Environment | undefined, signal: AbortSignal): Promise<Workload[]> {
    const out: Workload[] = [];
    const client = new ContainerInstanceManagementClient(this.credential, subscriptionId, this.options);
    const listed = [];
    for await (const g of client.containerGroups.list({ abortSignal: signal })) listed.push(g);
    const tags = await groups;
    for (const g of listed) {
      if (!g.id || !g.name) continue;
      const resourceGroup = resourceGroupOf(g.id);
      const environment = environmentOf(g.tags, tags.get(resourceGroup.toLowerCase()), subscriptionEnv);
      for (const c of g.containers ?? []) {
        out.push({
          kind: 'aci',
          resourceId: g.id,
          name: g.name,
          detail: c.name,
          subscriptionId,
          resourceGroup,
          environment,
          image: c.image,
          deployed: parseDeployedImage(c.image),
          publicIp: g.ipAddress?.type === 'Public',
        });
      }
    }
    return out;
  }
}
