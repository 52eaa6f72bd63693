import { exemptionName, resolveRegistry, resolveScope, resourceTypeOf, scopeLabelOf, trimmed, utc, type Resolved, type ScopeTarget } from '../domain/approvals/index.js';
import { UserError } from '../domain/errors.js';
import { parse, type ParsedText } from '../domain/language/index.js';
import { actOf, approvalReply, choiceOf, choiceReply, personOf } from './approval.js';
import { defineCommand } from './define-command.js';
import { hasWord } from './match.js';
import type { CardReply, CommandContext } from './types.js';

/**
 * "exempt rg-x from policy Z until 2027-01-31 because …": a policy exemption (Waiver) with an end
 * date, so that the exception cannot outlive its reason unnoticed.
 */

const NAME = 'exempt';
const YEAR_MS = 365 * 86_400_000;

/** When the exemption ends: "until <date>" (end of that day, UTC) or "for <period>". */
export function expiryOf(parsed: ParsedText, now: Date): Date | undefined {
  const until = parsed.entities.dates.find((d) => d.relation === 'until' || d.relation === 'on');
  if (until) return new Date(`${until.date}T23:59:59Z`);
  const period = parsed.entities.durations.find((d) => d.relation === 'for' || d.relation === 'plain');
  return period ? new Date(now.getTime() + period.hours * 3_600_000) : undefined;
}

async function scopeOf(ctx: CommandContext, parsed: ParsedText, chosen: string | undefined): Promise<Resolved<ScopeTarget>> {
  const { targets } = actOf(ctx);
  const e = parsed.entities;
  const chosenRegistry = chosen?.toLowerCase().includes('/providers/microsoft.containerregistry/registries/') ? chosen : undefined;
  if (chosenRegistry || (!chosen && e.registry && !e.resourceGroup)) {
    const r = await resolveRegistry(targets, ctx.user, chosenRegistry?.split('/').pop() ?? e.registry, chosenRegistry);
    return r.kind === 'one' ? { kind: 'one', value: { scope: r.value.id, label: r.value.name, subscriptionName: r.value.subscriptionName, location: r.value.location } } : r;
  }
  return resolveScope(targets, ctx.user, e, chosen);
}

async function exempt(ctx: CommandContext, parsed: ParsedText, chosen?: string): Promise<CardReply> {
  const act = actOf(ctx);
  const requester = personOf(ctx);
  const policy = parsed.entities.policy?.policy;
  const reason = parsed.entities.reason ?? '';
  const now = ctx.now();
  const expires = expiryOf(parsed, now);
  if (!policy) throw new UserError('Exempt from which policy?', { hint: 'For example “exempt resource group my-resource-group from the anonymous pull policy until 2027-01-31 because …”.', reason: 'incomplete' });
  if (!reason) throw new UserError('An exemption needs a reason.', { hint: 'Add “because …”: the reason is recorded in Azure and in the audit trail.', reason: 'incomplete' });
  if (!expires) throw new UserError('Until when?', { hint: 'Exemptions end: add “until 2027-01-31” or “for 30 days”.', reason: 'incomplete' });
  if (expires.getTime() <= now.getTime()) throw new UserError(`${utc(expires.toISOString())} is in the past.`, { hint: 'Give an end date in the future.', reason: 'invalid' });

  // A choice is a scope, or "scope|assignment id" once the scope is settled.
  const [chosenScope, chosenAssignment] = chosen?.includes('|') ? chosen.split('|') : [chosen, undefined];
  const where = await scopeOf(ctx, parsed, chosenScope);
  if (where.kind === 'many') return choiceReply(ctx, NAME, parsed.raw, where.question, where.options);
  if (where.kind === 'none') throw new UserError(where.message, { hint: where.hint, reason: 'not-found' });
  const target = where.value;

  const applying = (await act.targets.assignments(ctx.user, target.scope)).filter(
    (a) => a.definitionId.toLowerCase() === policy.definitionId.toLowerCase() && (!chosenAssignment || a.id.toLowerCase() === chosenAssignment.toLowerCase()),
  );
  if (applying.length > 1) {
    return choiceReply(ctx, NAME, parsed.raw, `“${trimmed(policy.displayName)}” is assigned ${applying.length} times above ${target.label}. Exempt from which assignment?`, applying.map((a) => ({ label: `“${a.displayName}” at ${scopeLabelOf(a.scope)}`, value: `${target.scope}|${a.id}` })));
  }
  const assignment = applying[0];
  if (!assignment) {
    throw new UserError(`“${trimmed(policy.displayName)}” is not assigned at or above ${target.label}, so there is nothing to exempt from.`, { hint: 'Ask “which policies apply to …” to see what is assigned there.', reason: 'not-found' });
  }
  const warnings = [`Until ${utc(expires.toISOString())}, Azure shows ${target.label} as Exempt from “${assignment.displayName}”: nothing there is reported${policy.allowedEffects.includes('Deny') ? ' or blocked' : ''} for it.`];
  if (expires.getTime() - now.getTime() > YEAR_MS) warnings.push('This exemption lasts more than a year.');
  const request = await act.approvals.request(
    {
      title: `Exempt ${target.label} from “${assignment.displayName}”`,
      change: {
        kind: 'exempt',
        scope: target.scope,
        exemptionName: exemptionName(target.scope, assignment.id),
        assignmentId: assignment.id,
        expiresOn: expires.toISOString(),
        displayName: `ShipShape exemption from ${assignment.displayName}`.slice(0, 128),
        description: `${reason} (requested by ${requester.name})`.slice(0, 512),
        metadata: { createdWith: 'ShipShape', requestedBy: requester.objectId },
      },
      scope: target.scope,
      scopeLabel: target.label,
      warnings,
      blastRadius: await act.targets.blastRadius(ctx.user, target.scope, { resourceType: resourceTypeOf(policy), assignmentId: assignment.id }),
      reason,
    },
    requester,
    ctx.conversation.id,
  );
  return approvalReply(request, ctx);
}

export const exemptCommand = defineCommand({
  name: NAME,
  title: 'Exempt from a policy',
  description: 'Asks for a policy exemption with an end date and a reason; someone else approves it.',
  group: 'act',
  examples: ['exempt resource group my-resource-group from the anonymous pull policy until 2027-01-31 because a build server pulls without signing in', 'exempt registry myregistry from the admin user policy for 30 days because a legacy connector still logs in with it'],
  match(parsed) {
    if (parsed.words[0] === 'exempt' || parsed.words[0] === 'exemption') return 0.96;
    if (hasWord(parsed, 'exempt', 'exemption') && parsed.entities.policy) return 0.9;
    return 0;
  },
  run: (ctx, parsed) => exempt(ctx, parsed),
  actions: {
    async choose(ctx, data) {
      const { text, value } = await choiceOf(ctx, NAME, data);
      return { reply: await exempt(ctx, parse(text, { now: ctx.now() }), value), refresh: 'everyone' };
    },
  },
});
