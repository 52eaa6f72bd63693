import { MessageFactory, type CloudAdapter } from 'botbuilder';
import { approvalReply } from '../commands/approval.js';
import type { CommandServices } from '../commands/types.js';
import { conversationKeyOf } from '../domain/digest/types.js';
import type { ApprovalNotifier, ApprovalRequest } from '../domain/approvals/index.js';
import type { ConversationDirectory } from '../proactive/conversation-directory.js';
import type { ReplyRenderer } from './shipshape-bot.js';

/** The request an approval card shows (its Approve button's id); undefined for any other card, lists included. */
export function postedApprovalId(card: unknown): string | undefined {
  const actions = (card as { actions?: { verb?: unknown; data?: { approvalId?: unknown } }[] } | undefined)?.actions;
  if (!Array.isArray(actions)) return undefined;
  const ids = new Set(actions.filter((a) => a.verb === 'approval.approve' && typeof a.data?.approvalId === 'string').map((a) => a.data?.approvalId as string));
  return ids.size === 1 ? [...ids][0] : undefined;
}

/**
 * Updates an approval card for everyone when its change ends outside the click that started it (a
 * slow or throttled write, a takeover by another instance, a restart): the stored conversation
 * reference, the card's own message id, and the card as it stands.
 */
export class ApprovalCardUpdates implements ApprovalNotifier {
  constructor(
    private readonly deps: {
      adapter: CloudAdapter;
      /** Empty in local mode, where nothing is signed. */
      botAppId: string;
      conversations: ConversationDirectory;
      renderer: ReplyRenderer;
      services: CommandServices;
      version: string;
    },
  ) {}

  async update(request: ApprovalRequest): Promise<void> {
    const message = request.message;
    if (!message) return;
    const stored = await this.deps.conversations.get(conversationKeyOf(message.conversationId));
    if (!stored) throw new Error(`approval ${request.id}: no stored conversation to update its card in`);
    const reply = approvalReply(request, {
      user: { channelUserId: '' },
      conversation: { id: message.conversationId, type: stored.type === 'channel' || stored.type === 'groupChat' ? stored.type : 'personal', ...(stored.tenantId ? { tenantId: stored.tenantId } : {}) },
      services: this.deps.services,
      now: () => new Date(),
      botVersion: this.deps.version,
    });
    const attachment = await this.deps.renderer.render(reply, message.conversationId);
    const reference = { ...stored.reference, conversation: { ...(stored.reference.conversation ?? { isGroup: false, conversationType: '', name: '' }), id: message.conversationId } };
    let failure: unknown;
    await this.deps.adapter.continueConversationAsync(this.deps.botAppId, reference, async (context) => {
      try {
        await context.updateActivity({ ...MessageFactory.attachment(attachment), id: message.activityId });
      } catch (error) {
        failure = error;
      }
    });
    if (failure !== undefined) throw failure;
  }
}
