import type { Environment } from '../environment.js';
import type { RoleAssignmentView } from '../identity.js';
import { listOf, plural } from './verdict.js';
import type { SubscriptionFacts, WorkloadEstate } from './types.js';

/**
 * What a guardrail answer leaves out, from what Azure tells the asker: subscriptions where their roles
 * reach only some resource groups or resources (ARM then lists only those), parts that could not be
 * read, and an asked environment none of their subscriptions is tagged with. Nothing is guessed:
 * subscriptions the asker cannot read at all are not listed by Azure, so they are only mentioned.
 */

const MAX_NAMES = 3;

function names(items: readonly string[]): string {
  return items.length <= MAX_NAMES ? listOf(items) : `${items.slice(0, MAX_NAMES).join(', ')} and ${items.length - MAX_NAMES} more`;
}

/** Subscriptions read only in part, with the scopes inside them the asker's roles reach. */
export function partlyReadable(subscriptions: readonly SubscriptionFacts[], assignments: readonly RoleAssignmentView[]): Array<{ subscription: SubscriptionFacts; scopes: string[] }> {
  // A role at a management group or the tenant root reaches every subscription beneath it.
  if (assignments.some((a) => a.scopeKind === 'tenant' || a.scopeKind === 'managementGroup')) return [];
  return subscriptions.flatMap((subscription) => {
    const prefix = `/subscriptions/${subscription.id.toLowerCase()}`;
    const inside = assignments.filter((a) => a.scope.toLowerCase() === prefix || a.scope.toLowerCase().startsWith(`${prefix}/`));
    if (inside.some((a) => a.scopeKind === 'subscription')) return [];
    return [{ subscription, scopes: [...new Set(inside.map((a) => a.scopeLabel))].sort() }];
  });
}

function partLine(parts: ReturnType<typeof partlyReadable>, total: number): string {
  if (parts.length === 0) return '';
  const each = parts.map((p) => (p.scopes.length > 0 ? `${p.subscription.name}: roles on ${names(p.scopes)} only` : p.subscription.name));
  const it = parts.length === 1 ? 'it' : 'them';
  return `You can read only part of ${parts.length} of ${plural(total, 'subscription')} (${each.slice(0, MAX_NAMES).join('; ')}${parts.length > MAX_NAMES ? `; +${parts.length - MAX_NAMES} more` : ''}): workloads elsewhere in ${it} are not included.`;
}

function environmentLine(subscriptions: readonly SubscriptionFacts[], asked: readonly Environment[]): string {
  if (asked.length === 0 || subscriptions.length === 0) return '';
  if (subscriptions.some((s) => s.environment !== undefined && asked.includes(s.environment))) return '';
  const env = asked.join(' or ');
  return `You can read no ${env} subscription: this covers only ${env}-tagged workloads inside the ${plural(subscriptions.length, 'subscription')} you can read; ${env} subscriptions you cannot read, if there are any, are not included.`;
}

/**
 * Sentences for the top of a guardrail answer, one per kind of gap; empty when nothing is known to be
 * left out. `assignments` undefined: the asker's roles could not be read, which is said too.
 */
export function coverageLines(estate: Pick<WorkloadEstate, 'subscriptions' | 'failures'>, assignments: readonly RoleAssignmentView[] | undefined, asked: readonly Environment[]): string[] {
  const failed = estate.failures;
  return [
    assignments === undefined
      ? 'Your role assignments could not be read, so this answer cannot tell whether you can read all of each subscription.'
      : partLine(partlyReadable(estate.subscriptions, assignments), estate.subscriptions.length),
    failed.length > 0
      ? `Not read, so not included: ${failed.slice(0, MAX_NAMES).map((f) => `${f.label} (${f.reason})`).join('; ')}${failed.length > MAX_NAMES ? `; +${failed.length - MAX_NAMES} more` : ''}.`
      : '',
    environmentLine(estate.subscriptions, asked),
  ].filter((line) => line !== '');
}
