import {
  assignmentName,
  assignmentParameters,
  assignmentWarnings,
  resolveScope,
  resourceTypeOf,
  scopeLabelOf,
  trimmed,
  type ChangeSpec,
} from '../domain/approvals/index.js';
import { UserError } from '../domain/errors.js';
import { parse, type ParsedText } from '../domain/language/index.js';
import { actOf, approvalReply, choiceOf, choiceReply, personOf } from './approval.js';
import { defineCommand } from './define-command.js';
import { hasWord } from './match.js';
import type { CardReply, CommandContext } from './types.js';

/**
 * "assign the ACR private-link policy to rg-x [with effect Deny] [because …]": a policy assignment
 * request. The definition comes from the catalog (alias or display name), the scope from what the
 * requester can read, the parameters are checked against the definition Azure serves.
 */

const NAME = 'assign-policy';
/** Where a Modify or DeployIfNotExists assignment keeps its identity when the scope has no location. */
const DEFAULT_LOCATION = 'eastus';

/** The question without its reason, so "because x=y" is not read as a parameter. */
export function withoutReason(parsed: ParsedText): string {
  const reason = parsed.entities.reason;
  return reason ? parsed.text.replace(reason, ' ') : parsed.text;
}

async function assign(ctx: CommandContext, parsed: ParsedText, chosen?: string): Promise<CardReply> {
  const act = actOf(ctx);
  const requester = personOf(ctx);
  const policy = parsed.entities.policy?.policy;
  if (!policy) {
    throw new UserError('Which policy should be assigned?', {
      hint: 'Name it by topic or display name: “assign the ACR private-link policy to resource group my-resource-group”.',
      reason: 'incomplete',
    });
  }
  const where = await resolveScope(act.targets, ctx.user, parsed.entities, chosen);
  if (where.kind === 'many') return choiceReply(ctx, NAME, parsed.raw, where.question, where.options);
  if (where.kind === 'none') throw new UserError(where.message, { hint: where.hint, reason: 'not-found' });
  const target = where.value;

  const definition = await act.targets.definition(ctx.user, policy.definitionId);
  const { parameters, problems } = assignmentParameters(policy, definition, withoutReason(parsed));
  if (problems.length > 0) {
    throw new UserError(problems.join(' '), { hint: 'Nothing was requested. Ask again with values the definition allows.', reason: 'invalid-parameters' });
  }
  const displayName = trimmed(policy.displayName);
  const name = assignmentName(target.scope, policy.definitionId, policy.topic);
  const warnings = assignmentWarnings(policy, parameters);
  const existing = (await act.targets.assignments(ctx.user, target.scope)).find(
    (a) => a.definitionId.toLowerCase() === policy.definitionId.toLowerCase() && a.name !== name,
  );
  if (existing) warnings.push(`Already assigned as “${existing.displayName}” at ${scopeLabelOf(existing.scope)}; this adds a second assignment.`);

  const reason = parsed.entities.reason ?? '';
  const needsIdentity = policy.kind === 'modify' || policy.kind === 'deploy';
  const change: ChangeSpec = {
    kind: 'assign-policy',
    scope: target.scope,
    assignmentName: name,
    definitionId: policy.definitionId,
    displayName,
    parameters,
    ...(needsIdentity ? { identityLocation: target.location ?? DEFAULT_LOCATION } : {}),
    description: `Requested by ${requester.name} through ShipShape${reason ? `: ${reason}` : ''}`.slice(0, 500),
    metadata: { createdWith: 'ShipShape', requestedBy: requester.objectId },
  };
  const blastRadius = await act.targets.blastRadius(ctx.user, target.scope, {
    resourceType: resourceTypeOf(policy),
    definitionId: policy.definitionId,
    proposal: { definitionId: policy.definitionId, parameters, topic: policy.topic },
  });
  const request = await act.approvals.request(
    { title: `Assign “${displayName}” to ${target.label}`, change, scope: target.scope, scopeLabel: target.label, warnings, blastRadius, reason },
    requester,
    ctx.conversation.id,
  );
  return approvalReply(request, ctx);
}

export const assignPolicy = defineCommand({
  name: NAME,
  title: 'Assign a policy',
  description: 'Asks for a built-in policy to be assigned to a resource group or subscription; someone else approves it.',
  group: 'act',
  examples: ['assign the ACR private-link policy to resource group my-resource-group', 'assign the admin user policy to resource group my-resource-group with effect Deny because audit finding 12'],
  match(parsed) {
    if (hasWord(parsed, 'unassign')) return 0;
    if (parsed.words[0] === 'assign') return 0.95;
    if (hasWord(parsed, 'assign') && parsed.entities.policy) return 0.95;
    // "apply the CMK policy to rg-x": a policy and a scope to put it on.
    if (hasWord(parsed, 'apply') && parsed.entities.policy && (parsed.entities.resourceGroup ?? parsed.entities.subscription)) return 0.9;
    if (hasWord(parsed, 'enforce') && parsed.entities.policy && (parsed.entities.resourceGroup ?? parsed.entities.subscription)) return 0.8;
    return 0;
  },
  run: (ctx, parsed) => assign(ctx, parsed),
  actions: {
    /** A scope chosen from several that matched; data: { draftId, option }. */
    async choose(ctx, data) {
      const { text, value } = await choiceOf(ctx, NAME, data);
      return { reply: await assign(ctx, parse(text, { now: ctx.now() }), value), refresh: 'everyone' };
    },
  },
});
