import { UserError } from '../domain/errors.js';
import type { FixAnswer } from '../domain/guardrails/index.js';
import { portalResourceUrl } from '../domain/portal.js';
import { guardrailsService, notConfiguredReply } from './guardrails-view.js';
import type { ActionResult, CardReply, CommandContext } from './types.js';

/**
 * A fix button on a guardrail row. It carries only a fix id; the target is read again as the person
 * who pressed it, and the answer is the exact change that would fix it. "Ask for approval" then
 * opens an approval request, worded as a person would ask for it, so the approval flow checks and
 * records it like any other; the change runs under the approver's own identity.
 */

function nextStep(ctx: CommandContext, answer: FixAnswer): string {
  if (!answer.needed) return '';
  const ask = answer.proposal.askFor;
  if (!ask) return 'ShipShape cannot request this change through approval yet: make it in the Azure portal. Nothing has been changed.';
  if (!ctx.services.act) return `Approvals are not switched on in this installation, so nothing has been changed. With them, say “${ask}”.`;
  return 'Changes like this go through approval: “Ask for approval” opens a request, someone with the role above approves it, and it runs under their own Azure identity. Nothing has been changed yet.';
}

function fixCard(ctx: CommandContext, answer: FixAnswer, fixId: string): CardReply {
  const { proposal } = answer;
  return {
    kind: 'card',
    template: 'guardrails-fix',
    data: {
      title: proposal.title,
      understood: answer.needed ? 'Proposed change · nothing has been changed' : 'Already fixed · nothing to do',
      needed: answer.needed,
      summary: answer.needed ? proposal.summary : `${answer.targetName} no longer needs this change.`,
      policy: proposal.policy ? `Built-in policy: ${proposal.policy.displayName} (effect ${proposal.policy.effect})` : '',
      requires: `Needs: ${proposal.requires}`,
      caution: proposal.caution,
      request: `${proposal.request.method} ${proposal.request.path}`,
      body: JSON.stringify(proposal.request.body, null, 2),
      tip: answer.needed ? proposal.tip : '',
      next: nextStep(ctx, answer),
      canRequest: answer.needed && proposal.askFor !== undefined && ctx.services.act !== undefined,
      fixId,
      portalUrl: portalResourceUrl(answer.tenantId ?? ctx.conversation.tenantId ?? '', answer.targetId),
      portalTitle: `Open ${answer.targetName} in the Azure portal`,
    },
    summary: answer.needed ? `${proposal.title}: ${proposal.request.method} ${proposal.request.path} (not applied; approval needed).` : `${proposal.title}: already fixed.`,
  };
}

export async function fixAction(ctx: CommandContext, data: Record<string, unknown>): Promise<ActionResult> {
  const service = guardrailsService(ctx);
  if (!service) return { reply: notConfiguredReply(), refresh: 'new-message' };
  const answer = await service.fix(ctx.user, data.fixId, ctx.now());
  // A new message: the list the button sits on stays as it was.
  return { reply: fixCard(ctx, answer, String(data.fixId)), refresh: 'new-message' };
}

/** "Ask for approval": checked again as the person pressing, then asked in words the approval commands understand. */
export async function requestAction(ctx: CommandContext, data: Record<string, unknown>): Promise<ActionResult> {
  const service = guardrailsService(ctx);
  if (!service) return { reply: notConfiguredReply(), refresh: 'new-message' };
  const answer = await service.fix(ctx.user, data.fixId, ctx.now());
  const ask = answer.proposal.askFor;
  if (!answer.needed) return { reply: fixCard(ctx, answer, String(data.fixId)), refresh: 'new-message' };
  if (!ask || !ctx.services.act) {
    throw new UserError('ShipShape cannot ask for this change through approval here.', {
      hint: ask ? `Once approvals are switched on, say “${ask}”.` : 'Make the change in the Azure portal.',
      reason: 'not-supported',
    });
  }
  // Loaded when pressed: the command list includes this command.
  const { commands, createCommandRouter } = await import('./index.js');
  return { reply: await createCommandRouter(commands).handleText(ask, ctx), refresh: 'new-message' };
}
