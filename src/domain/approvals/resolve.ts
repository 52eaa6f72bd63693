import { environmentFromTags } from '../environment.js';
import type { UserIdentity } from '../identity.js';
import type { Entities } from '../language/index.js';
import type { ChangeTargets, Found, RegistryRef, SubscriptionRef } from './ports.js';

/** A request names one place, several (the person chooses), or none that the person can read. */
export type Resolved<T> =
  | { kind: 'one'; value: T }
  | { kind: 'many'; question: string; options: { label: string; value: string }[] }
  | { kind: 'none'; message: string; hint: string };

export interface ScopeTarget {
  scope: string;
  /** "rg-dev-sandbox (Contoso Dev)" or "Contoso Dev". */
  label: string;
  subscriptionName: string;
  location: string | undefined;
}

function nearText(near: readonly string[]): string {
  return near.length === 0 ? '' : ` Did you mean ${near.map((n) => `“${n}”`).join(', ')}?`;
}

function bySubscription<T extends { subscriptionName: string; id: string }>(items: T[], wanted: Entities['subscription']): T[] {
  if (!wanted) return items;
  const id = wanted.id?.toLowerCase();
  const name = wanted.name?.toLowerCase();
  return items.filter((i) => (id && i.id.toLowerCase().startsWith(`/subscriptions/${id}`)) || (name && i.subscriptionName.toLowerCase().includes(name)));
}

function subscriptionTarget(s: SubscriptionRef): ScopeTarget {
  return { scope: `/subscriptions/${s.id}`, label: s.name, subscriptionName: s.name, location: undefined };
}

async function subscriptionScope(targets: ChangeTargets, user: UserIdentity, entities: Entities): Promise<Resolved<ScopeTarget>> {
  const subs = await targets.subscriptions(user);
  const wanted = entities.subscription;
  const env = entities.environments[0];
  const matches = wanted
    ? subs.filter((s) => (wanted.id && s.id.toLowerCase() === wanted.id.toLowerCase()) || (wanted.name && s.name.toLowerCase().includes(wanted.name.toLowerCase())))
    : subs.filter((s) => env !== undefined && environmentFromTags(s.tags) === env);
  const asked = wanted ? `subscription “${wanted.name ?? wanted.id ?? ''}”` : `${env ?? ''} subscription`;
  if (matches.length === 1) return { kind: 'one', value: subscriptionTarget(matches[0] as SubscriptionRef) };
  if (matches.length > 1) {
    return { kind: 'many', question: `Several subscriptions match the ${asked}. Which one?`, options: matches.map((s) => ({ label: s.name, value: `/subscriptions/${s.id}` })) };
  }
  return {
    kind: 'none',
    message: `No ${asked} among the ${subs.length} subscriptions you can read.`,
    hint: subs.length > 0 ? `You can read ${subs.map((s) => s.name).join(', ')}.` : 'Ask "whoami" to see what you can read.',
  };
}

/**
 * Where a change goes: the resource group the text names (among the subscriptions the person can
 * read), else the subscription or environment it names. `chosen` is a scope picked from an earlier
 * question, checked again against what the person can read now.
 */
export async function resolveScope(targets: ChangeTargets, user: UserIdentity, entities: Entities, chosen?: string): Promise<Resolved<ScopeTarget>> {
  if (chosen !== undefined) {
    const parts = chosen.split('/');
    const group = parts[3] === 'resourceGroups' ? parts[4] : undefined;
    if (group) {
      const found = await targets.resourceGroups(user, group);
      const match = found.matches.find((g) => g.id.toLowerCase() === chosen.toLowerCase());
      if (match) return { kind: 'one', value: { scope: match.id, label: `${match.name} (${match.subscriptionName})`, subscriptionName: match.subscriptionName, location: match.location } };
    } else {
      const sub = (await targets.subscriptions(user)).find((s) => `/subscriptions/${s.id}`.toLowerCase() === chosen.toLowerCase());
      if (sub) return { kind: 'one', value: subscriptionTarget(sub) };
    }
    return { kind: 'none', message: 'That choice is no longer one you can read.', hint: 'Ask again in your own words.' };
  }
  const group = entities.resourceGroup;
  if (!group) {
    if (entities.subscription || entities.environments.length > 0) return subscriptionScope(targets, user, entities);
    return { kind: 'none', message: 'Where should this apply?', hint: 'Name a resource group (“to resource group my-resource-group”) or a subscription (“to subscription My Subscription”).' };
  }
  const found = await targets.resourceGroups(user, group);
  const matches = bySubscription(found.matches, entities.subscription);
  if (matches.length === 1) {
    const g = matches[0] as (typeof matches)[number];
    return { kind: 'one', value: { scope: g.id, label: `${g.name} (${g.subscriptionName})`, subscriptionName: g.subscriptionName, location: g.location } };
  }
  if (matches.length > 1) {
    return {
      kind: 'many',
      question: `There is a resource group “${group}” in ${matches.length} subscriptions you can read. Which one?`,
      options: matches.map((g) => ({ label: `${g.name} in ${g.subscriptionName}`, value: g.id })),
    };
  }
  return {
    kind: 'none',
    message: `No resource group “${group}” in the subscriptions you can read.${nearText(found.near)}`,
    hint: 'Resource groups in subscriptions you cannot read are not shown; ask "whoami" to see what you can read.',
  };
}

/** The registry a request names, among those the person can read. */
export async function resolveRegistry(targets: ChangeTargets, user: UserIdentity, name: string | undefined, chosen?: string): Promise<Resolved<RegistryRef>> {
  if (!name) return { kind: 'none', message: 'Which registry?', hint: 'Name it: “disable the admin user on registry myregistry”.' };
  const found: Found<RegistryRef> = await targets.registries(user, name);
  const matches = chosen ? found.matches.filter((r) => r.id.toLowerCase() === chosen.toLowerCase()) : found.matches;
  if (matches.length === 1) return { kind: 'one', value: matches[0] as RegistryRef };
  if (matches.length > 1) {
    return { kind: 'many', question: `Several registries are named “${name}”. Which one?`, options: matches.map((r) => ({ label: `${r.name} in ${r.subscriptionName}`, value: r.id })) };
  }
  return {
    kind: 'none',
    message: `No registry “${name}” among the registries you can read.${nearText(found.near)}`,
    hint: 'Registries in subscriptions you cannot read are not shown.',
  };
}

/** Assignments the text names outright, by name or display name ("remediate assignment acr-admin-account-disabled"). */
export function assignmentsNamed<T extends { name: string; displayName: string }>(assignments: readonly T[], text: string): T[] {
  const words = new Set(text.toLowerCase().split(/[\s"“”'‘’,;:!?()]+/).map((w) => w.replace(/\.+$/, '')).filter(Boolean));
  const lower = text.toLowerCase();
  return assignments.filter((a) => words.has(a.name.toLowerCase()) || (a.displayName.length > 8 && lower.includes(a.displayName.toLowerCase())));
}
