import type { TokenCredential } from '@azure/core-auth';
import { ContainerInstanceManagementClient, type ContainerGroup } from '@azure/arm-containerinstance';
import { ContainerRegistryManagementClient, type Registry } from '@azure/arm-containerregistry';
import { ContainerServiceClient, type ManagedCluster } from '@azure/arm-containerservice';
import { MonitorClient } from '@azure/arm-monitor';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { isRestError } from '@azure/core-rest-pipeline';
import type { AzureConfig } from '../../config/index.js';
import { environmentFromTags, type Environment } from '../../domain/environment.js';
import type { RegistryAudit, SubscriptionFacts, WorkloadEstate, WorkloadPort } from '../../domain/guardrails/index.js';
import type { UserIdentity } from '../../domain/identity.js';
import { armClientOptions } from '../clients.js';
import type { CredentialFactory } from '../credentials.js';
import { toUserError } from '../errors.js';
import { collect, mapLimit } from '../lists.js';
import { UNKNOWN_AUDIT, auditOf, resourceGroupOf, toClusterFacts, toContainerGroupFacts, toRegistryFacts, type RawDiagnosticSetting } from './mappers.js';

/**
 * The workload estate through the official SDK clients, with the person's own credential: container
 * groups, AKS clusters and registries of every subscription they can read, and each registry's
 * diagnostic settings (Microsoft.Insights; @azure/arm-monitor 7 sends api-version 2017-05-01-preview).
 */

type Tags = Record<string, string> | undefined;

/** Subscriptions (and registries) read at once: a handful of requests each. */
const FAN_OUT = 8;

function hasId<T extends { id?: string; name?: string }>(r: T): r is T & { id: string; name: string } {
  return typeof r.id === 'string' && typeof r.name === 'string';
}

/** A part that failed, for the answer's footnote: status and code only, never a response body. */
function reasonOf(error: unknown): string {
  if (isRestError(error)) return `${error.statusCode ?? 'no answer'}${error.code ? ` ${error.code}` : ''}`;
  return error instanceof Error && error.name === 'AbortError' ? 'timed out' : 'could not be read';
}

export class ArmWorkloads implements WorkloadPort {
  constructor(
    private readonly azure: AzureConfig,
    private readonly credentials: CredentialFactory,
  ) {}

  async estate(user: UserIdentity): Promise<WorkloadEstate> {
    try {
      const credential = await this.credentials.forUser(user);
      const options = armClientOptions(this.azure);
      const subs = (await collect(new SubscriptionClient(credential, options).subscriptions.list())).filter((s) => s.subscriptionId);
      const subscriptions: SubscriptionFacts[] = subs.map((s) => ({ id: s.subscriptionId as string, name: s.displayName ?? (s.subscriptionId as string), environment: environmentFromTags(s.tags) }));
      const estate: WorkloadEstate = { tenantId: subs[0]?.tenantId, subscriptions, groups: [], clusters: [], registries: [], failures: [] };
      await mapLimit(subscriptions, FAN_OUT, (sub) => this.readSubscription(credential, sub, estate));
      return estate;
    } catch (error) {
      throw toUserError(error, 'reading your container workloads');
    }
  }

  private async readSubscription(credential: TokenCredential, sub: SubscriptionFacts, estate: WorkloadEstate): Promise<void> {
    const options = armClientOptions(this.azure);
    const attempt = async <T>(label: string, read: () => Promise<T[]>): Promise<T[]> => {
      try {
        return await read();
      } catch (error) {
        estate.failures.push({ label: `${label} in ${sub.name}`, reason: reasonOf(error) });
        return [];
      }
    };
    const [groupTags, groups, clusters, registries] = await Promise.all([
      attempt('resource groups', () => collect(new ResourceManagementClient(credential, sub.id, options).resourceGroups.list())),
      attempt<ContainerGroup>('container groups', () => collect(new ContainerInstanceManagementClient(credential, sub.id, options).containerGroups.list())),
      attempt<ManagedCluster>('AKS clusters', () => collect(new ContainerServiceClient(credential, sub.id, options).managedClusters.list())),
      attempt<Registry>('registries', () => collect(new ContainerRegistryManagementClient(credential, sub.id, options).registries.list())),
    ]);
    const tags = new Map<string, Tags>(groupTags.filter((g) => g.name).map((g) => [(g.name as string).toLowerCase(), g.tags]));
    // The environment rule: the resource's own tag, else its resource group's, else its subscription's.
    const envOf = (id: string, own: Tags): Environment | undefined =>
      environmentFromTags(own) ?? environmentFromTags(tags.get(resourceGroupOf(id).toLowerCase())) ?? sub.environment;

    for (const g of groups.filter(hasId)) estate.groups.push(toContainerGroupFacts(g, envOf(g.id, g.tags)));
    for (const c of clusters.filter(hasId)) estate.clusters.push(toClusterFacts(c, envOf(c.id, c.tags)));
    // This older generated client builds URLs from `$host`, not from `endpoint`.
    const monitor = new MonitorClient(credential, sub.id, { ...options, $host: this.azure.armEndpoint });
    const readable = registries.filter(hasId);
    const audits = await mapLimit(readable, FAN_OUT, (r) => this.audit(monitor, r.id, sub, estate));
    readable.forEach((r, i) => estate.registries.push(toRegistryFacts(r, envOf(r.id, r.tags), audits[i] ?? UNKNOWN_AUDIT)));
  }

  /** Diagnostic settings of one registry, read from the wire so that category groups count too. */
  private async audit(monitor: MonitorClient, registryId: string, sub: SubscriptionFacts, estate: WorkloadEstate): Promise<RegistryAudit> {
    let raw: RawDiagnosticSetting[] | undefined;
    try {
      // The SDK puts a leading slash of its own before the resource URI.
      const listed = await monitor.diagnosticSettings.list(registryId.replace(/^\/+/, ''), {
        onResponse: (response) => {
          try {
            raw = (JSON.parse(response.bodyAsText ?? '{}') as { value?: RawDiagnosticSetting[] }).value;
          } catch {
            raw = undefined;
          }
        },
      });
      return auditOf(raw ?? (listed.value ?? []).map((s) => ({ properties: { workspaceId: s.workspaceId ?? null, logs: s.logs ?? [] } })));
    } catch (error) {
      estate.failures.push({ label: `diagnostic settings of ${registryId.split('/').pop() ?? registryId} in ${sub.name}`, reason: reasonOf(error) });
      return UNKNOWN_AUDIT;
    }
  }
}
