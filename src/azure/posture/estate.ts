import { environmentFromTags, type Environment } from '../../domain/environment.js';
import { UserError } from '../../domain/errors.js';
import { editDistance } from '../../domain/language/index.js';
import type { ScopeQuery, SearchedScope, SubscriptionRef } from '../../domain/posture/index.js';
import type { PostureClients } from './clients.js';
import { mapLimit } from '../lists.js';
import { FAN_OUT } from './parallel.js';

/**
 * The part of the estate a question covers, read with the person's own rights: the subscriptions
 * they can read, the resource groups of those (with tags, for environments), and which of them the
 * question names. A resource's environment is its own `env` tag, else its group's, else its
 * subscription's.
 */

export interface EstateSubscription extends SubscriptionRef {
  tags: Record<string, string>;
}

interface Group {
  name: string;
  tags: Record<string, string>;
}

export class Estate {
  constructor(
    readonly readable: EstateSubscription[],
    readonly searched: EstateSubscription[],
    /** subscription id (lower case) → group name (lower case) → group. */
    private readonly groups: ReadonlyMap<string, ReadonlyMap<string, Group>>,
    /** The named resource group, where it was found. */
    readonly resourceGroups: Array<{ subscriptionId: string; name: string }>,
  ) {}

  scope(): SearchedScope {
    const ref = ({ id, displayName, environment }: EstateSubscription): SubscriptionRef => ({ id, displayName, environment });
    return { readable: this.readable.map(ref), searched: this.searched.map(ref), resourceGroups: this.resourceGroups };
  }

  environmentOf(subscriptionId: string, resourceGroup: string, tags: Record<string, string> | undefined): Environment | undefined {
    const own = environmentFromTags(tags);
    if (own) return own;
    const group = this.groups.get(subscriptionId.toLowerCase())?.get(resourceGroup.toLowerCase());
    return environmentFromTags(group?.tags) ?? this.readable.find((s) => s.id.toLowerCase() === subscriptionId.toLowerCase())?.environment;
  }

  /** The resource groups of a subscription the person can list. */
  groupNames(subscriptionId: string): string[] {
    return [...(this.groups.get(subscriptionId.toLowerCase())?.values() ?? [])].map((g) => g.name);
  }

  /** The named resource group's actual name in a subscription (ARM names ignore case). */
  groupName(subscriptionId: string, name: string): string | undefined {
    return this.groups.get(subscriptionId.toLowerCase())?.get(name.toLowerCase())?.name;
  }
}

function near(wanted: string, names: readonly string[]): string[] {
  const w = wanted.toLowerCase();
  return names
    .map((n) => ({ n, d: editDistance(w, n.toLowerCase(), 4) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(w.length / 3)) || x.n.toLowerCase().includes(w) || w.includes(x.n.toLowerCase()))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.n);
}

function pickSubscriptions(readable: EstateSubscription[], wanted: ScopeQuery['subscription']): EstateSubscription[] {
  if (!wanted) return readable;
  const id = wanted.id?.toLowerCase();
  const name = wanted.name?.toLowerCase();
  const found = readable.filter((s) => (id && s.id.toLowerCase() === id) || (name && s.displayName.toLowerCase() === name));
  const loose = found.length > 0 ? found : readable.filter((s) => name && s.displayName.toLowerCase().includes(name));
  if (loose.length > 0) return loose;
  const label = wanted.name ?? wanted.id ?? '';
  const suggestions = near(label, readable.map((s) => s.displayName));
  throw new UserError(`None of the ${readable.length} subscriptions you can read is “${label}”.`, {
    hint: suggestions.length > 0 ? `Did you mean ${suggestions.map((s) => `“${s}”`).join(' or ')}?` : 'Ask "whoami" to see the subscriptions you can read.',
    reason: 'unknown-subscription',
  });
}

/**
 * Reads the estate; `alongside` runs for every candidate subscription at the same time as its
 * resource groups are listed, so that a question costs two rounds of requests, not three.
 */
export async function readEstate<T>(
  clients: PostureClients,
  query: ScopeQuery,
  alongside: (subscription: EstateSubscription) => Promise<T>,
): Promise<{ estate: Estate; results: Map<string, T> }> {
  const readable: EstateSubscription[] = [];
  for await (const sub of clients.subscriptions().subscriptions.list()) {
    if (!sub.subscriptionId) continue;
    const tags = sub.tags ?? {};
    readable.push({ id: sub.subscriptionId, displayName: sub.displayName ?? sub.subscriptionId, tags, environment: environmentFromTags(tags) });
  }
  const candidates = pickSubscriptions(readable, query.subscription);
  const listed = await mapLimit(candidates, FAN_OUT, async (sub) => {
    const listGroups = async () => {
      const found = new Map<string, Group>();
      for await (const rg of clients.resources(sub.id).resourceGroups.list()) {
        if (rg.name) found.set(rg.name.toLowerCase(), { name: rg.name, tags: rg.tags ?? {} });
      }
      return found;
    };
    const [found, result] = await Promise.all([listGroups(), alongside(sub)]);
    return { key: sub.id.toLowerCase(), found, result };
  });
  const groups = new Map(listed.map((l) => [l.key, l.found] as const));
  const results = new Map(listed.map((l) => [l.key, l.result] as const));
  let searched = candidates;
  const resourceGroups: Array<{ subscriptionId: string; name: string }> = [];
  if (query.resourceGroup) {
    const wanted = query.resourceGroup.toLowerCase();
    searched = candidates.filter((s) => groups.get(s.id.toLowerCase())?.has(wanted));
    for (const s of searched) resourceGroups.push({ subscriptionId: s.id, name: groups.get(s.id.toLowerCase())?.get(wanted)?.name ?? query.resourceGroup });
    if (searched.length === 0) {
      const names = [...new Set([...groups.values()].flatMap((g) => [...g.values()].map((x) => x.name)))];
      const suggestions = near(query.resourceGroup, names);
      throw new UserError(`There is no resource group “${query.resourceGroup}” in the ${candidates.length} subscription${candidates.length === 1 ? '' : 's'} you can read.`, {
        hint: suggestions.length > 0 ? `Did you mean ${suggestions.map((s) => `“${s}”`).join(' or ')}?` : 'Check the name, or ask without a resource group.',
        reason: 'unknown-resource-group',
      });
    }
  }
  return { estate: new Estate(readable, searched, groups, resourceGroups), results };
}
