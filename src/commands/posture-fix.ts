import { UserError } from '../domain/errors.js';
import { assessRegistry, isFailure, type FixProposalStore, type PosturePort, type RegistryPosture } from '../domain/posture/index.js';
import { portalLink } from './posture-view.js';
import { canRequestRegistryPatch, requestRegistryPatch } from './registry-change.js';
import type { CardReply, CommandContext } from './types.js';

/**
 * The fix button of a checklist row. The card carries a proposal id; the change itself was saved when
 * the checklist was drawn. Pressing it re-reads the registry as the person who pressed, and answers
 * with the exact request that would fix it. Running it waits for the approval flow.
 */

export function postureServices(ctx: CommandContext): { posture: PosturePort; fixes: FixProposalStore } {
  const { posture, fixProposals } = ctx.services;
  // Wired in app.ts; a missing port is a deployment bug, not something the user can fix.
  if (!posture || !fixProposals) throw new Error('posture services are not configured');
  return { posture, fixes: fixProposals };
}

/** Saves the fix of every failing row that has one and returns check id → proposal id. */
export async function saveProposals(ctx: CommandContext, posture: RegistryPosture, apiVersion: string): Promise<Map<string, string>> {
  const { fixes } = postureServices(ctx);
  const ids = new Map<string, string>();
  for (const result of posture.results) {
    if (!result.change || !isFailure(result.outcome)) continue;
    // No button that leads to "nothing was changed": with approvals on, only changes ShipShape can request get one.
    if (ctx.services.act && !canRequestRegistryPatch(ctx, result.change)) continue;
    const id = await fixes.save({
      registryId: posture.registry.id,
      registryName: posture.registry.name,
      check: result.check.id,
      change: result.change,
      apiVersion,
      proposedBy: ctx.user.aadObjectId ?? ctx.user.channelUserId,
      conversationId: conversationKey(ctx.conversation.id),
      createdAt: ctx.now().toISOString(),
    });
    ids.set(result.check.id, id);
  }
  return ids;
}

/** A channel thread's id carries `;messageid=…`; a button in the thread belongs to the channel. */
function conversationKey(id: string): string {
  return id.split(';messageid=')[0] ?? id;
}

/** Why this fix is shown rather than requested: approvals are off here, or the change is not one ShipShape makes from chat. */
function nextStep(ctx: CommandContext): string {
  const rule = 'Changes like this go through approval: someone with the right to make it approves, and it runs under their own Azure identity.';
  if (!ctx.services.act) return `${rule} Approvals are not set up in this ShipShape installation, so nothing has been changed.`;
  return `${rule} ShipShape requests only registry setting changes from chat; make this one in the Azure portal or with the request below, or assign the policy in the tip to have Azure enforce it. Nothing has been changed.`;
}

export async function fixReply(ctx: CommandContext, data: Record<string, unknown>): Promise<CardReply> {
  const { posture, fixes } = postureServices(ctx);
  const proposalId = typeof data.proposalId === 'string' ? data.proposalId : '';
  const proposal = proposalId === '' ? undefined : await fixes.load(proposalId);
  if (!proposal || proposal.conversationId !== conversationKey(ctx.conversation.id)) {
    throw new UserError('That fix button has expired.', { hint: 'Ask about the registry again for a fresh checklist.', reason: 'stale-action' });
  }
  // Authorization is checked again, as the person who pressed: no read, no proposal.
  const registry = await posture.registry(ctx.user, proposal.registryId);
  if (!registry) {
    throw new UserError(`You can’t read ${proposal.registryName}, or it no longer exists.`, {
      hint: 'Ask someone with Reader on the registry to look at it.',
      reason: 'forbidden',
    });
  }
  const result = assessRegistry(registry).results.find((r) => r.check.id === proposal.check);
  const title = `${result?.check.title ?? proposal.check} on ${registry.name}`;
  const configure = result?.check.policies.find((p) => p.kind === 'modify');
  if (result && !isFailure(result.outcome)) {
    return {
      kind: 'card',
      template: 'posture-fix',
      data: { title, understood: 'Already fixed', already: true, summary: `Nothing to do: ${result.detail}.`, caution: '', request: '', body: '', next: '', tip: '', portalUrl: portalLink(ctx, registry.id) },
      summary: `${title}: already fixed.`,
    };
  }
  // The registry may have changed since the card was drawn: show what would be sent now.
  const change = result?.change ?? proposal.change;
  // With approvals configured, a registry PATCH becomes an approval request; other changes are shown as before.
  const approval = await requestRegistryPatch(ctx, change);
  if (approval) return approval;
  return {
    kind: 'card',
    template: 'posture-fix',
    data: {
      title,
      understood: 'Proposed change · nothing has been changed',
      already: false,
      summary: change.summary,
      caution: change.caution ?? '',
      request: `${change.method} ${change.resourceId}?api-version=${proposal.apiVersion}`,
      body: JSON.stringify(change.body, null, 2),
      next: nextStep(ctx),
      tip: configure ? `To fix every registry in a scope and keep it fixed, assign “${configure.displayName.replace(/\.$/, '')}”.` : '',
      portalUrl: portalLink(ctx, registry.id),
    },
    summary: `${title}: ${change.method} ${change.resourceId} (not applied; approval needed).`,
  };
}
