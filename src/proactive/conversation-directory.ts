import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { conversationKeyOf, type ConversationKind } from '../domain/digest/types.js';
import { NAMESPACES } from '../store/namespaces.js';
import type { KeyValueStore } from '../store/types.js';

/**
 * Where the bot can speak without being spoken to: one conversation reference per conversation
 * (personal chat, group chat, or channel), stored when the bot is installed or hears a message
 * there and removed when it is uninstalled. References live in the store, so a redeploy or another
 * instance can still reach every conversation.
 */

export interface StoredConversation {
  key: string;
  /** As botbuilder's `continueConversationAsync` wants it; channel references point at the channel, not a thread. */
  reference: Partial<ConversationReference>;
  type: ConversationKind;
  tenantId?: string;
  /** For channels: the team, so uninstalling from a team reaches all of its channels. */
  teamId?: string;
  name?: string;
  updatedAt: string;
}

/** Rewrites are skipped for this long when nothing changed: a busy chat costs one store write per ten minutes. */
const FRESH_MS = 10 * 60_000;

function kindOf(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

export function describeConversation(activity: Partial<Activity>): StoredConversation {
  const raw = TurnContext.getConversationReference(activity);
  const key = conversationKeyOf(activity.conversation?.id ?? '');
  const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; tenant?: { id?: string }; channel?: { name?: string } };
  const tenantId = activity.conversation?.tenantId ?? channelData.tenant?.id;
  // No activity id: proactive messages are new posts, never replies to whatever was said last.
  const { activityId: _activityId, ...rest } = raw;
  const reference: Partial<ConversationReference> = {
    ...rest,
    conversation: { ...(raw.conversation ?? { isGroup: false, conversationType: '', name: '' }), id: key },
  };
  const name = activity.conversation?.name ?? channelData.channel?.name;
  return {
    key,
    reference,
    type: kindOf(activity),
    ...(tenantId ? { tenantId } : {}),
    ...(channelData.team?.id ? { teamId: channelData.team.id } : {}),
    ...(name ? { name } : {}),
    updatedAt: new Date().toISOString(),
  };
}

export class ConversationDirectory {
  private readonly recent = new Map<string, { at: number; signature: string }>();

  constructor(private readonly store: KeyValueStore) {}

  /** Stores (or refreshes) the reference of the conversation an activity came from. */
  async remember(activity: Partial<Activity>): Promise<StoredConversation> {
    const entry = describeConversation(activity);
    const signature = JSON.stringify([entry.reference, entry.teamId, entry.name]);
    const seen = this.recent.get(entry.key);
    if (seen && seen.signature === signature && Date.now() - seen.at < FRESH_MS) return entry;
    await this.store.put(NAMESPACES.conversations, entry.key, entry);
    this.recent.set(entry.key, { at: Date.now(), signature });
    if (this.recent.size > 10_000) this.recent.delete(this.recent.keys().next().value as string);
    return entry;
  }

  async get(key: string): Promise<StoredConversation | undefined> {
    return (await this.store.get<StoredConversation>(NAMESPACES.conversations, key))?.value;
  }

  /** Forgets one conversation; true when it was known. */
  async forget(key: string): Promise<boolean> {
    this.recent.delete(key);
    return this.store.delete(NAMESPACES.conversations, key);
  }

  /** Forgets every conversation of a team (the app was removed from it); returns their keys. */
  async forgetTeam(teamId: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const item of this.store.list<StoredConversation>(NAMESPACES.conversations)) {
      if (item.value.teamId === teamId || item.key === teamId) keys.push(item.key);
    }
    for (const key of keys) await this.forget(key);
    return keys;
  }
}
