import type { TokenCredential } from '@azure/core-auth';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyClient } from '@azure/arm-policy';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { AzureConfig } from '../../config/index.js';
import {
  scopeParts,
  type AssignmentRef,
  type BlastFocus,
  type BlastRadius,
  type ChangeTargets,
  type DefinitionDetails,
  type Found,
  type RegistryRef,
  type ResourceGroupRef,
  type SubscriptionRef,
} from '../../domain/approvals/index.js';
import type { UserIdentity } from '../../domain/identity.js';
import { textSimilarity } from '../../domain/language/index.js';
import { armClientOptions } from '../clients.js';
import type { CredentialFactory } from '../credentials.js';
import { toUserError } from '../errors.js';
import { readBlastRadius } from './blast-radius.js';

/** Names close to what was asked, best first, for "did you mean". */
function nearest(asked: string, names: readonly string[], count = 3): string[] {
  return [...new Set(names)]
    .map((name) => ({ name, score: textSimilarity(asked, name) }))
    .filter((n) => n.score >= 0.3)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((n) => n.name);
}

const BUILT_IN = /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/([^/]+)$/i;

/**
 * What a request names, read with the requester's own token: a person can only ask for changes to
 * what they can see (approval still needs someone with the right to make them).
 */
export class ArmChangeTargets implements ChangeTargets {
  private readonly options;

  constructor(
    private readonly azure: AzureConfig,
    private readonly credentials: CredentialFactory,
  ) {
    this.options = armClientOptions(azure);
  }

  private async reading<T>(doing: string, user: UserIdentity, read: (credential: TokenCredential) => Promise<T>): Promise<T> {
    try {
      return await read(await this.credentials.forUser(user));
    } catch (error) {
      throw toUserError(error, doing);
    }
  }

  private async subscriptionsWith(credential: TokenCredential): Promise<SubscriptionRef[]> {
    const subs: SubscriptionRef[] = [];
    for await (const s of new SubscriptionClient(credential, this.options).subscriptions.list()) {
      if (s.subscriptionId) subs.push({ id: s.subscriptionId, name: s.displayName ?? s.subscriptionId, tags: s.tags ?? {} });
    }
    return subs;
  }

  subscriptions(user: UserIdentity): Promise<SubscriptionRef[]> {
    return this.reading('listing your subscriptions', user, (c) => this.subscriptionsWith(c));
  }

  resourceGroups(user: UserIdentity, name: string): Promise<Found<ResourceGroupRef>> {
    return this.reading('looking for the resource group', user, async (credential) => {
      const all: ResourceGroupRef[] = [];
      for (const sub of await this.subscriptionsWith(credential)) {
        for await (const g of new ResourceManagementClient(credential, sub.id, this.options).resourceGroups.list()) {
          if (g.id && g.name) all.push({ id: g.id, name: g.name, subscriptionId: sub.id, subscriptionName: sub.name, location: g.location });
        }
      }
      const matches = all.filter((g) => g.name.toLowerCase() === name.toLowerCase());
      return { matches, near: matches.length > 0 ? [] : nearest(name, all.map((g) => g.name)) };
    });
  }

  registries(user: UserIdentity, name: string): Promise<Found<RegistryRef>> {
    return this.reading('looking for the registry', user, async (credential) => {
      const all: RegistryRef[] = [];
      for (const sub of await this.subscriptionsWith(credential)) {
        for await (const r of new ContainerRegistryManagementClient(credential, sub.id, this.options).registries.list()) {
          if (!r.id || !r.name) continue;
          all.push({
            id: r.id,
            name: r.name,
            subscriptionName: sub.name,
            location: r.location,
            sku: r.sku?.name,
            adminUserEnabled: r.adminUserEnabled,
            publicNetworkAccess: r.publicNetworkAccess,
            dataEndpointEnabled: r.dataEndpointEnabled,
          });
        }
      }
      const matches = all.filter((r) => r.name.toLowerCase() === name.toLowerCase());
      return { matches, near: matches.length > 0 ? [] : nearest(name, all.map((r) => r.name)) };
    });
  }

  assignments(user: UserIdentity, scope?: string): Promise<AssignmentRef[]> {
    return this.reading('reading policy assignments', user, async (credential) => {
      const found = new Map<string, AssignmentRef>();
      const { subscriptionId, resourceGroup } = scope ? scopeParts(scope) : {};
      const subs = subscriptionId ? [subscriptionId] : (await this.subscriptionsWith(credential)).map((s) => s.id);
      for (const sub of subs) {
        const client = new PolicyClient(credential, sub, this.options).policyAssignments;
        // atScope(): assigned here or above, which is what applies at the scope.
        const list = scope ? (resourceGroup ? client.listForResourceGroup(resourceGroup, { filter: 'atScope()' }) : client.list({ filter: 'atScope()' })) : client.list();
        for await (const a of list) {
          if (!a.id || !a.name || !a.policyDefinitionId) continue;
          found.set(a.id.toLowerCase(), { id: a.id, name: a.name, displayName: a.displayName ?? a.name, scope: a.scope ?? '', definitionId: a.policyDefinitionId });
        }
      }
      return [...found.values()];
    });
  }

  definition(user: UserIdentity, definitionId: string): Promise<DefinitionDetails | undefined> {
    return this.reading('reading the policy definition', user, async (credential) => {
      const name = BUILT_IN.exec(definitionId)?.[1];
      if (!name) return undefined;
      const d = await new PolicyClient(credential, this.options).policyDefinitions.getBuiltIn(name);
      const parameters: DefinitionDetails['parameters'] = {};
      for (const [key, p] of Object.entries(d.parameters ?? {})) {
        parameters[key] = {
          type: String(p.type ?? 'String'),
          ...(Array.isArray(p.allowedValues) ? { allowedValues: p.allowedValues as unknown[] } : {}),
          ...(p.defaultValue === undefined ? {} : { defaultValue: p.defaultValue as unknown }),
        };
      }
      return { id: d.id ?? definitionId, displayName: d.displayName ?? name, parameters };
    });
  }

  async blastRadius(user: UserIdentity, scope: string, focus: BlastFocus): Promise<BlastRadius> {
    try {
      return await readBlastRadius(await this.credentials.forUser(user), this.options, scope, focus);
    } catch {
      // The blast radius informs; it never blocks a request that names a readable scope.
      return { summary: 'ShipShape could not read the resources in scope or their compliance with your access.', items: [], more: 0 };
    }
  }
}
