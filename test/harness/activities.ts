import type { Json } from './connector.js';
import type { Persona } from './personas.js';

/**
 * Incoming activities shaped the way Teams sends them (checked against captured Teams traffic:
 * `msteams` channel, `29:` user ids, `28:` bot ids, tenant in channelData, `;messageid=` thread ids
 * for channel posts, `<at>` mention markup plus a `mention` entity).
 */

export type Scope = 'personal' | 'groupChat' | 'channel';

export interface TeamsContext {
  /** The connector URL the bot replies to. */
  serviceUrl: string;
  tenantId: string;
  bot: { id: string; name: string };
  locale?: string;
}

/** The team and channel every channel activity comes from. */
export const TEAM = {
  id: '19:Tz5kVxq3QvGmKfYwA1rXb2cD8eF4gH6j@thread.tacv2',
  name: 'Platform Security',
  aadGroupId: '0e9f8d7c-6b5a-4f3e-9d2c-1b0a9f8e7d6c',
  channel: { id: '19:a8b7c6d5e4f34a2b9c1d0e9f8a7b6c5d@thread.tacv2', name: 'Approvals' },
} as const;

const GROUP_CHAT_ID = '19:meeting_group_2f6c1d9e3b7a4c58@thread.v2';

let counter = 0;
/** Teams message ids are epoch-millisecond strings. */
function messageId(): string {
  counter += 1;
  return String(Date.now() * 1000 + counter);
}

export function conversationFor(ctx: TeamsContext, scope: Scope, user: Persona, threadId?: string): Json {
  switch (scope) {
    case 'personal':
      // One 1:1 conversation per user and bot.
      return { conversationType: 'personal', tenantId: ctx.tenantId, id: `a:1${user.aadObjectId.replace(/-/g, '')}shipshape` };
    case 'groupChat':
      return { isGroup: true, conversationType: 'groupChat', tenantId: ctx.tenantId, id: GROUP_CHAT_ID };
    case 'channel':
      return {
        isGroup: true,
        conversationType: 'channel',
        tenantId: ctx.tenantId,
        id: `${TEAM.channel.id};messageid=${threadId ?? messageId()}`,
        name: TEAM.channel.name,
      };
  }
}

function channelDataFor(ctx: TeamsContext, scope: Scope): Json {
  const tenant = { id: ctx.tenantId };
  if (scope !== 'channel') return { tenant };
  return {
    teamsChannelId: TEAM.channel.id,
    teamsTeamId: TEAM.id,
    channel: { id: TEAM.channel.id, name: TEAM.channel.name },
    team: { id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId },
    tenant,
  };
}

export interface BaseOptions {
  as: Persona;
  in?: Scope;
  /** Channel posts: the root message id of the thread (a new thread when absent). */
  threadId?: string;
}

function base(ctx: TeamsContext, type: string, options: BaseOptions): Json {
  const scope = options.in ?? 'personal';
  const id = messageId();
  // A new channel post starts a thread whose id is the post's own id.
  const threadId = scope === 'channel' ? (options.threadId ?? id) : undefined;
  const now = new Date();
  return {
    type,
    id,
    timestamp: now.toISOString(),
    localTimestamp: now.toISOString(),
    serviceUrl: ctx.serviceUrl,
    channelId: 'msteams',
    from: { id: options.as.id, name: options.as.name, aadObjectId: options.as.aadObjectId },
    conversation: conversationFor(ctx, scope, options.as, threadId),
    recipient: { id: ctx.bot.id, name: ctx.bot.name },
    entities: [{ type: 'clientInfo', locale: ctx.locale ?? 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/London' }],
    channelData: channelDataFor(ctx, scope),
    locale: ctx.locale ?? 'en-US',
  };
}

export interface MessageOptions extends BaseOptions {
  text: string;
  /**
   * Prefix `<at>Bot</at>` and add the mention entity. Teams only delivers group chat and channel
   * messages that mention the bot, so this defaults to true there and false in personal chat.
   */
  mention?: boolean;
}

export function message(ctx: TeamsContext, options: MessageOptions): Json {
  const activity = base(ctx, 'message', options);
  const mention = options.mention ?? (options.in ?? 'personal') !== 'personal';
  const markup = `<at>${ctx.bot.name}</at>`;
  const entities = activity.entities as Json[];
  if (mention) entities.unshift({ type: 'mention', text: markup, mentioned: { id: ctx.bot.id, name: ctx.bot.name } });
  return {
    ...activity,
    textFormat: 'plain',
    text: mention ? `${markup} ${options.text}` : options.text,
    attachments: [],
    entities,
  };
}

export interface InvokeOptions extends BaseOptions {
  name: string;
  value?: unknown;
  /** The card message the action was clicked on. */
  replyToId?: string;
}

export function invoke(ctx: TeamsContext, options: InvokeOptions): Json {
  return {
    ...base(ctx, 'invoke', options),
    name: options.name,
    value: options.value ?? {},
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
  };
}

export interface CardActionOptions extends BaseOptions {
  verb: string;
  data?: Json;
  replyToId?: string;
}

/** A Universal Actions click (`Action.Execute`) on an Adaptive Card. */
export function cardAction(ctx: TeamsContext, options: CardActionOptions): Json {
  return invoke(ctx, {
    ...options,
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb: options.verb, data: options.data ?? {} }, trigger: 'manual' },
  });
}

export interface MembersOptions extends BaseOptions {
  membersAdded?: { id: string; name?: string; aadObjectId?: string }[];
  membersRemoved?: { id: string; name?: string; aadObjectId?: string }[];
}

/** The bot (or people) joining or leaving a conversation; `as` is who triggered it. */
export function conversationUpdate(ctx: TeamsContext, options: MembersOptions): Json {
  const activity = base(ctx, 'conversationUpdate', options);
  const channelData = activity.channelData as Json;
  const eventType = options.membersRemoved?.length ? 'teamMemberRemoved' : 'teamMemberAdded';
  return {
    ...activity,
    membersAdded: options.membersAdded ?? [{ id: ctx.bot.id }],
    ...(options.membersRemoved ? { membersRemoved: options.membersRemoved } : {}),
    channelData: (options.in ?? 'personal') === 'channel' ? { ...channelData, eventType } : channelData,
  };
}

/** The app being installed into (`add`) or removed from (`remove`) a scope. */
export function installationUpdate(ctx: TeamsContext, options: BaseOptions & { action?: 'add' | 'remove' }): Json {
  return { ...base(ctx, 'installationUpdate', options), action: options.action ?? 'add' };
}
