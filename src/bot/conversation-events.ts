import type { ActivityHandler, TurnContext } from 'botbuilder';
import { conversationKeyOf } from '../domain/digest/types.js';
import type { Logger } from '../log/logger.js';
import type { ConversationDirectory } from '../proactive/conversation-directory.js';
import type { UserPreferences } from '../schedule/user-preferences.js';
import { userOf } from './turn-input.js';

export interface ConversationEventDeps {
  conversations: ConversationDirectory;
  preferences: UserPreferences;
  /** The app left these conversations: whatever was scheduled for them stops. */
  onRemoved(keys: readonly string[]): Promise<unknown>;
  log: Logger;
}

/** The Teams client's time zone, from `localTimezone` or the clientInfo entity. */
function clientTimeZone(context: TurnContext): string | undefined {
  const activity = context.activity;
  if (typeof activity.localTimezone === 'string' && activity.localTimezone !== '') return activity.localTimezone;
  const info = activity.entities?.find((e) => e.type === 'clientInfo') as { timezone?: unknown } | undefined;
  return typeof info?.timezone === 'string' && info.timezone !== '' ? info.timezone : undefined;
}

function botIn(context: TurnContext, members: readonly { id: string }[] | undefined): boolean {
  const botId = context.activity.recipient?.id;
  return botId !== undefined && (members ?? []).some((m) => m.id === botId);
}

/**
 * Keeps the conversation directory in step with Teams: the bot's own installation or arrival
 * stores the conversation's reference, its removal forgets it (for a team, every channel of it),
 * and every message refreshes it, so conversations the bot joined before this feature existed are
 * reachable too. None of this may fail a turn: problems are logged and the turn goes on.
 */
export function attachConversationEvents(handler: ActivityHandler, deps: ConversationEventDeps): void {
  const safely = async (what: string, context: TurnContext, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      deps.log.warn({ err: error, conversationId: context.activity.conversation?.id }, `could not ${what}`);
    }
  };

  const remember = (context: TurnContext): Promise<void> => safely('store the conversation reference', context, () => deps.conversations.remember(context.activity));

  const forget = (context: TurnContext): Promise<void> =>
    safely('forget the conversation', context, async () => {
      const teamId = ((context.activity.channelData ?? {}) as { team?: { id?: string } }).team?.id;
      const keys = new Set(teamId ? await deps.conversations.forgetTeam(teamId) : []);
      const own = conversationKeyOf(context.activity.conversation?.id ?? '');
      await deps.conversations.forget(own);
      keys.add(own);
      await deps.onRemoved([...keys]);
      deps.log.info({ conversations: keys.size, teamId }, 'app removed: conversations forgotten');
    });

  handler.onMessage(async (context, next) => {
    await remember(context);
    const timeZone = clientTimeZone(context);
    if (timeZone) await safely('remember the time zone', context, () => deps.preferences.rememberTimeZone(userOf(context.activity), timeZone));
    await next();
  });
  handler.onInstallationUpdateAdd(async (context, next) => {
    await remember(context);
    await next();
  });
  handler.onInstallationUpdateRemove(async (context, next) => {
    await forget(context);
    await next();
  });
  handler.onMembersAdded(async (context, next) => {
    if (botIn(context, context.activity.membersAdded)) await remember(context);
    await next();
  });
  handler.onMembersRemoved(async (context, next) => {
    if (botIn(context, context.activity.membersRemoved)) await forget(context);
    await next();
  });
}
