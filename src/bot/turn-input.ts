import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationInfo } from '../commands/types.js';
import type { UserIdentity } from '../domain/identity.js';

/** Longest question we try to understand; anything longer is refused politely, not parsed. */
export const MAX_TEXT_CHARS = 2_000;

/** Who sent the activity. Playground users may carry object ids that are not GUIDs: keep them as given. */
export function userOf(activity: Activity): UserIdentity {
  const from = activity.from;
  const aad = typeof from.aadObjectId === 'string' && from.aadObjectId.trim() !== '' ? from.aadObjectId.trim() : undefined;
  return { channelUserId: from.id, ...(aad ? { aadObjectId: aad } : {}), ...(from.name ? { name: from.name } : {}) };
}

export function conversationOf(activity: Activity): ConversationInfo {
  const kind = activity.conversation.conversationType;
  const type: ConversationInfo['type'] = kind === 'channel' || kind === 'groupChat' ? kind : 'personal';
  const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string }; tenant?: { id?: string } };
  return {
    id: activity.conversation.id,
    type,
    ...(activity.conversation.tenantId ?? channelData.tenant?.id ? { tenantId: activity.conversation.tenantId ?? channelData.tenant?.id } : {}),
    ...(channelData.team?.id ? { teamId: channelData.team.id } : {}),
    ...(channelData.channel?.id ? { channelId: channelData.channel.id } : {}),
    ...(typeof activity.replyToId === 'string' && activity.replyToId !== '' ? { replyToId: activity.replyToId } : {}),
  };
}

/**
 * The user's words: the bot's @mention removed (Teams puts `<at>ShipShape</at>` in the text), other
 * markup and control characters dropped, white space folded.
 */
export function textOf(context: TurnContext): string {
  const activity = context.activity;
  let text = typeof activity.text === 'string' ? activity.text : '';
  if (activity.recipient?.id) text = TurnContext.removeMentionText(activity, activity.recipient.id) ?? text;
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]{1,200}>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
