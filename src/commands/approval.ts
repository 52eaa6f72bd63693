import {
  attemptText,
  changeFacts,
  isFinal,
  sameConversation,
  scopeParts,
  stateText,
  utc,
  whoMayApprove,
  type ActServices,
  type ApprovalRequest,
  type Decision,
  type Person,
} from '../domain/approvals/index.js';
import { UserError } from '../domain/errors.js';
import { portalResourceUrl } from '../domain/portal.js';
import { defineCommand } from './define-command.js';
import { hasWord } from './match.js';
import type { ActionResult, CardReply, CommandContext } from './types.js';

/**
 * The approval card and its buttons. Approve, Reject and the card's automatic refresh carry only the
 * approval id: the handler loads the request from the store, checks who is clicking, and ignores
 * anything else the card sends.
 */

/** The "Act" services; missing ones are a deployment bug, not something the user can fix. */
export function actOf(ctx: CommandContext): ActServices {
  const act = ctx.services.act;
  if (!act) throw new Error('approval services are not configured');
  return act;
}

/** Who is asking or clicking, as the approval flow records them. */
export function personOf(ctx: CommandContext): Person {
  const objectId = ctx.user.aadObjectId;
  if (!objectId) {
    throw new UserError('ShipShape needs your Microsoft Entra identity to record who asked for or approved a change.', {
      hint: 'Use ShipShape from Microsoft Teams signed in with your work account.',
      reason: 'unknown-user',
    });
  }
  return { objectId, name: ctx.user.name ?? objectId, channelUserId: ctx.user.channelUserId };
}

const STATUS: Readonly<Record<ApprovalRequest['state'], { style: string; color: string }>> = {
  requested: { style: 'accent', color: 'Accent' },
  approved: { style: 'accent', color: 'Accent' },
  executing: { style: 'accent', color: 'Accent' },
  succeeded: { style: 'good', color: 'Good' },
  failed: { style: 'attention', color: 'Attention' },
  rejected: { style: 'warning', color: 'Warning' },
  expired: { style: 'default', color: 'Default' },
};

function isArmId(id: string | undefined): id is string {
  return typeof id === 'string' && id.toLowerCase().startsWith('/subscriptions/');
}

function outcomeOf(r: ApprovalRequest): { text: string; facts: { title: string; value: string }[]; resourceId: string } {
  const o = r.outcome;
  if (!o) return { text: '', facts: [], resourceId: '' };
  const facts = [
    { title: r.operation ? 'Azure answered' : 'Status', value: String(o.status) },
    ...(o.correlationId ? [{ title: 'Correlation id', value: o.correlationId }] : []),
    { title: 'When', value: utc(o.at) },
  ];
  const resumed = o.verifiedAfterRestart ? ' ShipShape was interrupted while running it and found it already made, so nothing was sent twice.' : '';
  // Ids have no spaces to wrap at: they go in a text block of their own rather than a fact.
  return { text: `${o.message}${resumed}`, facts, resourceId: o.resourceId ?? '' };
}

export interface Notice {
  text: string;
  color: 'Attention' | 'Warning' | 'Good' | 'Accent';
}

/** The approval card as it stands; `notice` is for the clicker only (a refusal, "already done"). */
export function approvalReply(r: ApprovalRequest, ctx: CommandContext, given?: Notice): CardReply {
  const op = r.operation;
  // A new request for a change already waiting shows the open request, saying so.
  const again = r.askedAgainBy ? { text: `${r.requestedBy.name} already asked for exactly this change at ${utc(r.requestedAt)} and it is still open, so this is that request, not a second one.`, color: 'Accent' as const } : undefined;
  const notice = given ?? again;
  const tenant = ctx.conversation.tenantId ?? '';
  const resultId = r.state === 'succeeded' && op?.method !== 'DELETE' ? r.outcome?.resourceId : undefined;
  const portalId = isArmId(resultId) ? resultId : isArmId(r.scope) ? r.scope : undefined;
  const outcome = outcomeOf(r);
  const live = !isFinal(r.state);
  return {
    kind: 'card',
    template: 'approval',
    data: {
      approvalId: r.id,
      title: r.title,
      understood: `Approval · ${r.scopeLabel}`,
      statusText: stateText(r),
      statusStyle: STATUS[r.state].style,
      statusColor: STATUS[r.state].color,
      outcome: outcome.text,
      outcomeFacts: outcome.facts,
      resourceId: outcome.resourceId,
      notice: notice?.text ?? '',
      noticeColor: notice?.color ?? 'Default',
      changeHeading: live ? 'What will change' : r.state === 'succeeded' ? 'What changed' : 'What was asked',
      requestLine: op ? `${op.method} ${op.path}?api-version=${op.apiVersion}` : 'ShipShape only: nothing changes in Azure.',
      changeFacts: changeFacts(r.change),
      body: op?.body ? JSON.stringify(op.body, null, 2) : '',
      warnings: r.warnings.map((text) => ({ text })),
      asked: `${r.requestedBy.name} asked at ${utc(r.requestedAt)}.`,
      reason: r.reason ? `Reason: “${r.reason}”` : 'No reason given.',
      blastSummary: r.blastRadius.summary,
      blastItems: r.blastRadius.items,
      blastMore: r.blastRadius.more > 0 ? `…and ${r.blastRadius.more} more.` : '',
      whoMayApprove: whoMayApprove(r),
      attempts: r.attempts.map((a) => ({ text: attemptText(a, r.state === 'requested') })),
      personalNote: ctx.conversation.type === 'personal' && r.state === 'requested' ? 'Only you can see this chat: ask in a channel or group chat where an approver can press Approve.' : '',
      open: r.state === 'requested',
      live,
      refresh: {
        action: {
          type: 'Action.Execute',
          verb: 'approval.refresh',
          data: { approvalId: r.id },
          fallback: { type: 'Action.Submit', title: 'Refresh', data: { verb: 'approval.refresh', data: { approvalId: r.id } } },
        },
        userIds: r.watchers,
      },
      portalUrl: portalId && tenant ? portalResourceUrl(tenant, portalId) : '',
      portalTitle: resultId ? 'Open the result in the Azure portal' : 'Open the scope in the Azure portal',
    },
    summary: `${r.title}: ${stateText(r)}.`,
  };
}

function approvalIdOf(data: Record<string, unknown>): string {
  // Only the id is read from the card; everything else it carries is ignored.
  if (typeof data.approvalId !== 'string' || data.approvalId === '') {
    throw new UserError('That approval button is incomplete.', { hint: 'Use the buttons on the approval card.', reason: 'stale-action' });
  }
  return data.approvalId;
}

const MAX_CHOICES = 6;
const AZURE_RETRY = 'Azure did not make the change; the request is still open.';
const RUNNING = 'Azure is taking a while; this card updates for everyone when the change is made.';

/** How a decision shows: for everyone when the request changed, for the clicker when it did not. */
function decided(ctx: CommandContext, decision: Decision): ActionResult {
  const r = decision.request;
  switch (decision.kind) {
    case 'refused':
      return { reply: approvalReply(r, ctx, { text: decision.refusal.message, color: 'Attention' }), refresh: 'clicker' };
    case 'unchanged': {
      const text = isFinal(r.state) ? 'This request was already settled; nothing was run again.' : `${r.approvedBy?.name ?? 'Someone'} is approving this right now.`;
      return { reply: approvalReply(r, ctx, { text, color: 'Accent' }), refresh: 'clicker' };
    }
    case 'expired':
      return { reply: approvalReply(r, ctx, { text: 'Too late: this request expired, so nothing was changed. Ask again if it is still needed.', color: 'Warning' }), refresh: 'everyone' };
    case 'rejected':
      return { reply: approvalReply(r, ctx), refresh: 'everyone' };
    case 'running':
      return { reply: approvalReply(r, ctx, { text: RUNNING, color: 'Accent' }), refresh: 'everyone' };
    case 'ran':
      return { reply: approvalReply(r, ctx, r.state === 'requested' ? { text: AZURE_RETRY, color: 'Attention' } : undefined), refresh: 'everyone' };
  }
}

/** Asks which of several places was meant; the text and choices stay on the server, buttons carry ids. */
export async function choiceReply(ctx: CommandContext, command: string, text: string, question: string, options: { label: string; value: string }[]): Promise<CardReply> {
  const shown = options.slice(0, MAX_CHOICES);
  const draftId = await actOf(ctx).drafts.save({ command, text, options: shown, requester: personOf(ctx).objectId, conversationId: ctx.conversation.id });
  return {
    kind: 'card',
    template: 'approval-choice',
    data: { title: 'Which one did you mean?', understood: question, choices: shown.map((o, i) => ({ label: o.label, verb: `${command}.choose`, draftId, option: i })) },
    summary: question,
  };
}

/** The question and the option a choice button names, for the person who asked, where they asked. */
export async function choiceOf(ctx: CommandContext, command: string, data: Record<string, unknown>): Promise<{ text: string; value: string }> {
  const draft = await actOf(ctx).drafts.load(data.draftId);
  const index = typeof data.option === 'number' ? data.option : Number(data.option);
  const option = draft && Number.isInteger(index) ? draft.options[index] : undefined;
  if (!draft || !option || draft.command !== command || !sameConversation(draft.conversationId, ctx.conversation.id)) {
    throw new UserError('That choice has expired.', { hint: 'Ask again in your own words.', reason: 'stale-action' });
  }
  if (draft.requester !== personOf(ctx).objectId) {
    throw new UserError('Only the person who asked can choose here.', { hint: 'Ask for the change yourself if you need it too.', reason: 'forbidden' });
  }
  return { text: draft.text, value: option.value };
}

/** Open requests whose scope the asker can read (ShipShape-side ones, suppressions, always). */
async function readableBy(ctx: CommandContext, open: ApprovalRequest[]): Promise<{ shown: ApprovalRequest[]; hidden: number }> {
  if (!open.some((r) => isArmId(r.scope))) return { shown: open, hidden: 0 };
  const readable = new Set((await actOf(ctx).targets.subscriptions(ctx.user).catch(() => [])).map((s) => s.id.toLowerCase()));
  const shown = open.filter((r) => !isArmId(r.scope) || readable.has((scopeParts(r.scope).subscriptionId ?? '').toLowerCase()));
  return { shown, hidden: open.length - shown.length };
}

const MAX_LISTED = 10;

async function openList(ctx: CommandContext): Promise<CardReply> {
  const { shown, hidden } = await readableBy(ctx, await actOf(ctx).approvals.open(ctx.conversation.id));
  const first = shown[0];
  if (shown.length === 1 && first && hidden === 0) return approvalReply(first, ctx);
  const notes = [
    ...(shown.length === 0 ? ['Nothing is waiting for approval in this conversation that you can see.'] : []),
    ...(hidden > 0 ? [`${hidden} more ${hidden === 1 ? 'request is' : 'requests are'} about subscriptions you cannot read, so not shown.`] : []),
    ...(shown.length > MAX_LISTED ? [`The ${MAX_LISTED} newest are shown; ${shown.length - MAX_LISTED} older ones are on their own cards above.`] : []),
  ];
  return {
    kind: 'card',
    template: 'approval-list',
    data: {
      title: 'Waiting for approval',
      understood: `Approval requests · ${shown.length} open in this conversation`,
      note: notes.join(' '),
      items: shown.slice(0, MAX_LISTED).map((r) => ({
        approvalId: r.id,
        title: r.title,
        asked: `${r.requestedBy.name} asked at ${utc(r.requestedAt)}; open until ${utc(r.expiresAt)}.`,
        request: r.operation ? `${r.operation.method} ${r.operation.path}` : 'ShipShape only: nothing changes in Azure.',
      })),
    },
    summary: `${shown.length} waiting for approval.`,
  };
}

export const approval = defineCommand({
  name: 'approval',
  title: 'Approvals',
  description: 'Changes waiting for approval in this conversation; approve or reject them on their cards.',
  group: 'act',
  examples: ['pending approvals', 'what is waiting for approval'],
  match(parsed) {
    if (hasWord(parsed, 'who') || hasWord(parsed, 'log', 'audit', 'history')) return 0;
    if (hasWord(parsed, 'approval', 'pending') && !hasWord(parsed, 'assign', 'unassign', 'exempt', 'suppress')) return 0.9;
    // "approve request 123": approving happens on the request's card, so show what is waiting.
    if (hasWord(parsed, 'approve', 'reject') && !hasWord(parsed, 'assign', 'unassign', 'exempt', 'suppress', 'disable', 'enable')) return 0.75;
    return 0;
  },
  run: openList,
  actions: {
    async approve(ctx, data) {
      const { replyToId } = ctx.conversation;
      const message = replyToId ? { conversationId: ctx.conversation.id, activityId: replyToId } : undefined;
      return decided(ctx, await actOf(ctx).approvals.approve(approvalIdOf(data), personOf(ctx), ctx.conversation.id, message));
    },
    async reject(ctx, data) {
      return decided(ctx, await actOf(ctx).approvals.reject(approvalIdOf(data), personOf(ctx), ctx.conversation.id));
    },
    /** The card's automatic refresh (and the Action.Submit fallback): the current state, for the viewer. */
    async refresh(ctx, data) {
      const { approvals } = actOf(ctx);
      const r = await approvals.view(approvalIdOf(data));
      if (!r || !sameConversation(r.conversationId, ctx.conversation.id)) throw new UserError('That approval is not one ShipShape knows in this conversation.', { reason: 'stale-action' });
      if (ctx.user.aadObjectId) await approvals.watch(r.id, personOf(ctx));
      return { reply: approvalReply(r, ctx), refresh: 'clicker' };
    },
  },
});
