import { refusalFor, type ApprovalRequest } from '../domain/approvals/index.js';
import type { ActionHolders, RoleHolder } from '../domain/identity.js';
import { textSimilarity, type ParsedText } from '../domain/language/index.js';
import { actOf } from './approval.js';
import { defineCommand } from './define-command.js';
import { hasPhrase, hasWord, mentions } from './match.js';
import type { CardReply, CommandContext, Reply } from './types.js';

/**
 * "who can approve this?", "why can't I approve the private link request": for an open request (the
 * one named by its title, else the latest here), the roles that grant the action it needs at its
 * scope, who holds them there, and for "why can't I", what the asker lacks. Read with the asker's
 * own rights: holders they cannot see are not shown.
 */

const WHO = ['who can approve', 'who may approve', 'who is allowed to approve', 'who should approve', 'who can sign off', 'who could approve', 'who has to approve', 'who needs to approve', 'who approves'];
const WHY = ['why cannot i approve', 'why can i not approve', 'why am i not allowed to approve', 'why was i refused', 'why could i not approve', 'why is my approval refused', 'why did my approval fail'];

function asksWhy(parsed: ParsedText): boolean {
  return WHY.some((p) => hasPhrase(parsed, p)) || (hasWord(parsed, 'why') && hasWord(parsed, 'approve', 'approval') && hasWord(parsed, 'cannot', 'not', 'refused', 'denied'));
}

function match(parsed: ParsedText): number {
  if (asksWhy(parsed)) return 0.96;
  if (WHO.some((p) => hasPhrase(parsed, p))) return 0.96;
  if (hasWord(parsed, 'who') && mentions(parsed, 'approver', 'approvers')) return 0.95;
  if (mentions(parsed, 'approver', 'approvers') && hasWord(parsed, 'request', 'this', 'it')) return 0.8;
  return 0;
}

/** The request named by its title, else the newest one open here. */
function chosen(open: readonly ApprovalRequest[], parsed: ParsedText): ApprovalRequest | undefined {
  const scored = open.map((r) => ({ r, s: textSimilarity(parsed.text, r.title) })).sort((a, b) => b.s - a.s);
  const best = scored[0];
  if (best && best.s >= 0.35) return best.r;
  return [...open].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))[0];
}

function holderLine(h: RoleHolder, asker: string | undefined): string {
  const who = asker && h.principalId.toLowerCase() === asker.toLowerCase() ? 'you' : `${h.principalType ?? 'principal'} ${h.principalId}`;
  return `${who}: ${h.roleName} on ${h.scope}`;
}

function text(body: string, summary: string): CardReply {
  return { kind: 'card', template: 'text', data: { text: body }, summary };
}

async function answer(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const open = await actOf(ctx).approvals.open(ctx.conversation.id);
  const request = chosen(open, parsed);
  if (!request) return text('Nothing is waiting for approval in this conversation, so there is no one to name.', 'Nothing waiting for approval.');
  const lines = [`**${request.title}** (asked by ${request.requestedBy.name})`];
  const asker = ctx.user.aadObjectId;
  const refusal = asker ? refusalFor(request, { objectId: asker, name: ctx.user.name ?? 'You' }, undefined) : undefined;
  if (!request.requiredAction) {
    lines.push('Anyone in this conversation but the requester may approve it: it changes ShipShape only, nothing in Azure.');
  } else {
    lines.push(`Approving runs the change as the approver, so it needs **${request.requiredAction}** on ${request.scopeLabel}.`);
    const holders: ActionHolders | undefined = ctx.services.access.holdersOf ? await ctx.services.access.holdersOf(ctx.user, request.requiredAction, request.scope) : undefined;
    if (holders) {
      lines.push(holders.roles.length > 0 ? `Roles that grant it there: ${holders.roles.join(', ')}.` : 'No role you can read grants it there.');
      const others = holders.holders.filter((h) => h.principalId.toLowerCase() !== request.requestedBy.objectId.toLowerCase());
      lines.push(others.length > 0 ? `Who holds them (as far as you can read; names need directory access):\n\n${others.map((h) => `• ${holderLine(h, asker)}`).join('\n')}` : 'You cannot see anyone else holding those roles there.');
    }
    if (asksWhy(parsed)) {
      const mine = holders?.holders.some((h) => asker !== undefined && h.principalId.toLowerCase() === asker.toLowerCase());
      const roles = (await ctx.services.access.whoami(ctx.user)).roleAssignments.filter((r) => request.scope.toLowerCase().startsWith(r.scope.toLowerCase()));
      const have = roles.length > 0 ? `You hold ${roles.map((r) => `${r.roleName} on ${r.scopeLabel}`).join(', ')}` : 'You hold no role on that scope';
      if (refusal) lines.push(`Why you can't: ${refusal.message}`);
      else if (!mine) lines.push(`Why you can't: ${have}, and none of it grants ${request.requiredAction}.`);
      else lines.push('You hold a role that grants it, so you can approve it on its card.');
    }
  }
  if (request.approverGroups.length > 0) lines.push(`The approver must also be in the Entra group ${request.approverGroups.join(' or ')}.`);
  return text(lines.join('\n\n'), `Who can approve: ${request.title}`);
}


export const whoCanApprove = defineCommand({
  name: 'who-can-approve',
  title: 'Who can approve',
  description: 'Who may approve an open request: the roles that grant what it needs and who holds them; and why you cannot.',
  group: 'act',
  examples: ['who can approve this?', "why can't I approve this"],
  match,
  run: answer,
});
