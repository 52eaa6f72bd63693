import { KnownVersions, type Registry } from '@azure/arm-containerregistry';
import { isRestError } from '@azure/core-rest-pipeline';
import type { AzureConfig } from '../../config/index.js';
import { environmentFromTags } from '../../domain/environment.js';
import type { UserIdentity } from '../../domain/identity.js';
import type { PosturePort, RegistryListing, RegistrySnapshot, ScopeQuery } from '../../domain/posture/index.js';
import type { CredentialFactory } from '../credentials.js';
import { toUserError } from '../errors.js';
import { armClientOptions } from '../clients.js';
import { PostureClients, type ArmOptions } from './clients.js';
import { readEstate } from './estate.js';
import { idParts, toRegistrySnapshot } from './registry-mapper.js';

/**
 * Registries through @azure/arm-containerregistry, with the person's own credential: one listing per
 * subscription they can read, side by side with that subscription's resource groups (whose tags give
 * environments). Lists only ever contain what the person may read; ARM leaves the rest out.
 */
export class ArmPosture implements PosturePort {
  readonly apiVersion: string = KnownVersions.V20251101;

  private readonly options: ArmOptions;

  constructor(
    azure: AzureConfig,
    private readonly credentials: CredentialFactory,
  ) {
    this.options = armClientOptions(azure);
  }

  private async clients(user: UserIdentity): Promise<PostureClients> {
    return new PostureClients(this.options, await this.credentials.forUser(user));
  }

  async registries(user: UserIdentity, query: ScopeQuery): Promise<RegistryListing> {
    try {
      const clients = await this.clients(user);
      const { estate, results } = await readEstate(clients, query, async (sub) => {
        const found: Registry[] = [];
        for await (const registry of clients.registries(sub.id).registries.list()) found.push(registry);
        return found;
      });
      const groups = new Set(estate.resourceGroups.map((g) => `${g.subscriptionId}/${g.name}`.toLowerCase()));
      const registries = estate.searched
        .flatMap((sub) => results.get(sub.id.toLowerCase()) ?? [])
        .map((r) => toRegistrySnapshot(r, (s, rg, tags) => estate.environmentOf(s, rg, tags)))
        .filter((r) => groups.size === 0 || groups.has(`${r.subscriptionId}/${r.resourceGroup}`.toLowerCase()));
      return { registries, scope: estate.scope() };
    } catch (error) {
      throw toUserError(error, 'reading your container registries');
    }
  }

  async registry(user: UserIdentity, registryId: string): Promise<RegistrySnapshot | undefined> {
    const { subscriptionId, resourceGroup } = idParts(registryId);
    const name = registryId.split('/').filter(Boolean).pop() ?? '';
    if (subscriptionId === '' || resourceGroup === '' || name === '') return undefined;
    try {
      const clients = await this.clients(user);
      const [registry, group, subscription] = await Promise.all([
        clients.registries(subscriptionId).registries.get(resourceGroup, name),
        // The group and subscription only add an environment; reading them may be refused.
        clients.resources(subscriptionId).resourceGroups.get(resourceGroup).catch(() => undefined),
        clients.subscriptions().subscriptions.get(subscriptionId).catch(() => undefined),
      ]);
      return toRegistrySnapshot(registry, (_s, _rg, tags) => environmentFromTags(tags) ?? environmentFromTags(group?.tags) ?? environmentFromTags(subscription?.tags));
    } catch (error) {
      // Gone, or not readable by this person: both mean "not for you".
      if (isRestError(error) && (error.statusCode === 404 || error.statusCode === 403)) return undefined;
      throw toUserError(error, 'reading the registry');
    }
  }
}
