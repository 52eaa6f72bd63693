import { ENVIRONMENTS, environmentFromTags } from '../domain/environment.js';
import type { RoleAssignmentView, SubscriptionView, WhoAmI } from '../domain/identity.js';
import { portalHomeUrl, portalResourceUrl, shortId } from '../domain/portal.js';
import { defineCommand } from './define-command.js';
import { entityKinds, hasPhrase, hasWord } from './match.js';
import type { CardReply } from './types.js';

/** More than this many subscriptions are counted, not listed: the card has to fit on a phone. */
const MAX_SUBSCRIPTIONS = 15;
/** Scopes per page; the rest come behind "Show more". */
const SCOPES_PER_PAGE = 8;

const SCOPE_KIND_LABELS: Readonly<Record<RoleAssignmentView['scopeKind'], string>> = {
  tenant: 'tenant',
  managementGroup: 'management group',
  subscription: 'subscription',
  resourceGroup: 'resource group',
  resource: 'resource',
};
// Broad grants first: they explain the most.
const SCOPE_ORDER: readonly RoleAssignmentView['scopeKind'][] = ['tenant', 'managementGroup', 'subscription', 'resourceGroup', 'resource'];

const ACCESS_WORDS = ['access', 'role', 'permission', 'subscription', 'assignment', 'rbac'];

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Production first: that is where access matters most. Untagged subscriptions come last. */
function environmentRank(subscription: SubscriptionView | undefined): number {
  const env = subscription ? environmentFromTags(subscription.tags) : undefined;
  return env ? ENVIRONMENTS.indexOf(env) : ENVIRONMENTS.length;
}

/** Role assignments grouped by scope: one block per place, each role saying how it reaches you. */
function scopesOf(me: WhoAmI, subscriptionOf: (scope: string) => SubscriptionView | undefined): Record<string, unknown>[] {
  const byScope = new Map<string, RoleAssignmentView[]>();
  for (const ra of me.roleAssignments) {
    const key = ra.scope.toLowerCase();
    byScope.set(key, [...(byScope.get(key) ?? []), ra]);
  }
  return [...byScope.values()]
    .map((assignments) => {
      const first = assignments[0] as RoleAssignmentView;
      return {
        label: first.scopeLabel,
        kind: SCOPE_KIND_LABELS[first.scopeKind],
        order: [SCOPE_ORDER.indexOf(first.scopeKind), environmentRank(subscriptionOf(first.scope))],
        url: portalResourceUrl(me.tenantId, first.scope),
        roles: assignments
          .map((ra) => ({ name: ra.roleName, via: ra.viaGroup ? 'via a group' : 'direct' }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    })
    .sort((a, b) => (a.order[0] ?? 0) - (b.order[0] ?? 0) || (a.order[1] ?? 0) - (b.order[1] ?? 0) || a.label.localeCompare(b.label))
    .map(({ order: _order, ...scope }) => scope);
}

/** The card data for a `whoami` answer (exported for tests and for other commands that show access). */
export function whoamiReply(me: WhoAmI): CardReply {
  const subscriptions = [...me.subscriptions].sort(
    (a, b) => environmentRank(a) - environmentRank(b) || a.displayName.localeCompare(b.displayName),
  );
  const byId = new Map(subscriptions.map((sub) => [sub.id.toLowerCase(), sub]));
  const subscriptionOf = (scope: string): SubscriptionView | undefined => byId.get(scope.split('/')[2]?.toLowerCase() ?? '');
  const shown = subscriptions.slice(0, MAX_SUBSCRIPTIONS).map((s) => {
    const env = environmentFromTags(s.tags);
    return {
      name: s.displayName,
      detail: [env, shortId(s.id)].filter(Boolean).join(' · '),
      url: portalResourceUrl(me.tenantId, `/subscriptions/${s.id}`),
    };
  });
  const scopes = scopesOf(me, subscriptionOf);
  const readable = plural(subscriptions.length, 'subscription');
  const grants = plural(me.roleAssignments.length, 'role assignment');
  const identity = [me.userPrincipalName, `object id ${shortId(me.objectId)}`].filter(Boolean).join(' · ');
  return {
    kind: 'card',
    template: 'whoami',
    data: {
      title: 'Your Azure access',
      understood: `${me.displayName} · ${readable} you can read · ${grants}`,
      displayName: me.displayName,
      identity,
      subscriptionsHeading: `Subscriptions you can read (${subscriptions.length})`,
      subscriptions: shown,
      moreSubscriptions: subscriptions.length > shown.length ? `…and ${subscriptions.length - shown.length} more.` : '',
      noSubscriptions: subscriptions.length === 0,
      rolesHeading: `Role assignments (${me.roleAssignments.length})`,
      scopes,
      noRoles: me.roleAssignments.length === 0,
      portalUrl: portalHomeUrl(me.tenantId),
    },
    summary: `${me.displayName}: ${readable} you can read, ${grants}.`,
    list: { field: 'scopes', pageSize: SCOPES_PER_PAGE },
  };
}

export const whoami = defineCommand({
  name: 'whoami',
  title: 'Who am I',
  description: 'Your Azure identity, the subscriptions you can read and your role assignments.',
  group: 'basics',
  examples: ['who am i', 'what access do i have', 'my role assignments'],
  match(parsed) {
    // "my criticals in prod" is about findings, not about access.
    // "do i have access to prod": an environment alone still asks about access.
    const damp = entityKinds(parsed) - (parsed.entities.environments.length > 0 ? 1 : 0) > 0 ? 0.6 : 1;
    if (hasWord(parsed, 'whoami') || hasPhrase(parsed, 'who am i')) return damp;
    if (hasWord(parsed, 'my') && hasWord(parsed, ...ACCESS_WORDS)) return 0.85 * damp;
    if (hasPhrase(parsed, 'role assignment') || hasWord(parsed, 'rbac')) return 0.8 * damp;
    if (hasWord(parsed, 'access', 'permission') && hasWord(parsed, 'i')) return 0.8 * damp;
    if (hasWord(parsed, 'what', 'which') && hasWord(parsed, 'i') && hasWord(parsed, 'subscription')) return 0.75 * damp;
    // "what roles do i have", "what can i see".
    if (hasWord(parsed, 'role', 'roles') && hasWord(parsed, 'i')) return 0.8 * damp;
    if (hasPhrase(parsed, 'what can i see') || hasPhrase(parsed, 'what can i read')) return 0.75 * damp;
    return 0;
  },
  async run(ctx) {
    return whoamiReply(await ctx.services.access.whoami(ctx.user));
  },
});
