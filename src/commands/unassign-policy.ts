import {
  assignmentsNamed,
  parentScopeOf,
  resolveScope,
  resourceTypeOf,
  scopeLabelOf,
  type AssignmentRef,
} from '../domain/approvals/index.js';
import { UserError } from '../domain/errors.js';
import { parse, type ParsedText } from '../domain/language/index.js';
import { findPolicy } from '../domain/policy-catalog.js';
import { actOf, approvalReply, choiceOf, choiceReply, personOf } from './approval.js';
import { defineCommand } from './define-command.js';
import { hasWord } from './match.js';
import type { CardReply, CommandContext } from './types.js';

/**
 * "unassign the ACR private-link policy from rg-x", "unassign acr-private-link": a request to delete
 * one policy assignment the requester can read.
 */

const NAME = 'unassign-policy';

function label(a: AssignmentRef): string {
  return `“${a.displayName}” at ${scopeLabelOf(a.scope)}`;
}

/** The assignments the text points at: by name, else by policy (at the named scope, when there is one). */
async function candidates(ctx: CommandContext, parsed: ParsedText): Promise<AssignmentRef[]> {
  const { targets } = actOf(ctx);
  const all = await targets.assignments(ctx.user);
  const named = assignmentsNamed(all, parsed.raw);
  if (named.length > 0) return named;
  const policy = parsed.entities.policy?.policy;
  if (!policy) {
    throw new UserError('Which assignment should be removed?', { hint: 'Name it (“unassign acr-private-link”) or its policy and scope (“unassign the private link policy from resource group my-resource-group”).', reason: 'incomplete' });
  }
  const ofPolicy = all.filter((a) => a.definitionId.toLowerCase() === policy.definitionId.toLowerCase());
  const e = parsed.entities;
  if (!e.resourceGroup && !e.subscription && e.environments.length === 0) return ofPolicy;
  const where = await resolveScope(targets, ctx.user, e);
  if (where.kind !== 'one') return ofPolicy.filter((a) => e.resourceGroup !== undefined && a.scope.toLowerCase().endsWith(`/resourcegroups/${e.resourceGroup.toLowerCase()}`));
  return ofPolicy.filter((a) => a.scope.toLowerCase() === where.value.scope.toLowerCase());
}

async function unassign(ctx: CommandContext, parsed: ParsedText, chosen?: string): Promise<CardReply> {
  const act = actOf(ctx);
  const requester = personOf(ctx);
  const found = chosen ? (await act.targets.assignments(ctx.user)).filter((a) => a.id.toLowerCase() === chosen.toLowerCase()) : await candidates(ctx, parsed);
  if (found.length > 1) {
    return choiceReply(ctx, NAME, parsed.raw, `${found.length} assignments match. Which one should be removed?`, found.map((a) => ({ label: label(a), value: a.id })));
  }
  const assignment = found[0];
  if (!assignment) {
    throw new UserError('No policy assignment you can read matches that.', { hint: 'Ask “which policies are assigned to rg-x” to see the assignments and their names.', reason: 'not-found' });
  }
  const scope = parentScopeOf(assignment.id, 'Microsoft.Authorization');
  const scopeLabel = scopeLabelOf(scope);
  const policy = findPolicy(assignment.definitionId);
  const reason = parsed.entities.reason ?? '';
  const request = await act.approvals.request(
    {
      title: `Remove the assignment “${assignment.displayName}” from ${scopeLabel}`,
      change: { kind: 'unassign-policy', assignmentId: assignment.id },
      scope,
      scopeLabel,
      warnings: ['Resources in scope stop being judged by this policy: nothing reports, blocks or fixes them for it any more.'],
      blastRadius: await act.targets.blastRadius(ctx.user, scope, {
        resourceType: policy ? resourceTypeOf(policy) : 'Microsoft.ContainerRegistry/registries',
        assignmentId: assignment.id,
      }),
      reason,
    },
    requester,
    ctx.conversation.id,
  );
  return approvalReply(request, ctx);
}

export const unassignPolicy = defineCommand({
  name: NAME,
  title: 'Remove a policy assignment',
  description: 'Asks for a policy assignment to be removed; someone else approves it.',
  group: 'act',
  examples: ['unassign the ACR private-link policy from resource group my-resource-group', 'unassign acr-cmk-encryption because we use Microsoft-managed keys'],
  match(parsed) {
    if (hasWord(parsed, 'unassign')) return 0.95;
    if (hasWord(parsed, 'remove', 'delete') && hasWord(parsed, 'assignment')) return 0.95;
    if (hasWord(parsed, 'remove', 'delete', 'drop') && parsed.entities.policy && (parsed.entities.resourceGroup ?? parsed.entities.subscription)) return 0.9;
    return 0;
  },
  run: (ctx, parsed) => unassign(ctx, parsed),
  actions: {
    async choose(ctx, data) {
      const { text, value } = await choiceOf(ctx, NAME, data);
      return { reply: await unassign(ctx, parse(text, { now: ctx.now() }), value), refresh: 'everyone' };
    },
  },
});
