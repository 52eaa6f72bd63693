import {
  ActivityTypes,
  MessageFactory,
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Attachment,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { PAGE_MORE_VERB } from '../commands/index.js';
import type { ActionResult, CommandContext, CommandRouter, CommandServices, Reply } from '../commands/types.js';
import { isUserError, UserError } from '../domain/errors.js';
import { errorRef, type Logger } from '../log/logger.js';
import { markTurnFailed, noteTurnAnswer } from '../observability/turn-scope.js';
import { attachConversationEvents, type ConversationEventDeps } from './conversation-events.js';
import { conversationOf, MAX_TEXT_CHARS, textOf, userOf } from './turn-input.js';

/** Turns replies into Adaptive Card attachments; owns paging state. */
export interface ReplyRenderer {
  render(reply: Reply, conversationId: string): Promise<Attachment>;
  /** The next page of a paged answer; throws UserError when the page has expired. */
  more(pageId: string, conversationId: string): Promise<Attachment>;
}

export interface BotDeps {
  router: CommandRouter;
  renderer: ReplyRenderer;
  services: CommandServices;
  log: Logger;
  version: string;
  /** Stores conversation references on install and messages, forgets them on removal (proactive digests). */
  conversationEvents?: ConversationEventDeps;
  /** After this long without an answer the user gets an acknowledgement that the answer later replaces. */
  ackAfterMs?: number;
  now?: () => Date;
  /** Told of every answer card posted as a new message (approval cards remember where they are). */
  onCardPosted?: (card: Attachment, activityId: string, conversationId: string) => Promise<void>;
  /** Sign-in (src/bot/auth): the sign-in card that answers a question needing a sign-in nobody has done. */
  signIn?: { cardFor(error: unknown): Promise<Attachment | undefined> };
}

const CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * Teams activity handling: messages become commands, card actions become verbs, and every failure
 * becomes a reply a person can act on. Handlers never send; this class does.
 */
export class ShipShapeBot extends TeamsActivityHandler {
  private readonly ackAfterMs: number;

  constructor(private readonly deps: BotDeps) {
    super();
    this.ackAfterMs = deps.ackAfterMs ?? 400;
    // Before the message handler, so a conversation is known by the time a command wants to post there later.
    if (deps.conversationEvents) attachConversationEvents(this, deps.conversationEvents);
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  private commandContext(context: TurnContext): CommandContext {
    return {
      user: userOf(context.activity),
      conversation: conversationOf(context.activity),
      services: this.deps.services,
      now: this.deps.now ?? (() => new Date()),
      botVersion: this.deps.version,
    };
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    // Action.Submit fallback (clients without Action.Execute) arrives as a message carrying `value`.
    const submitted = activity.value as { verb?: unknown; data?: unknown } | undefined;
    if (!activity.text && typeof submitted?.verb === 'string') {
      const { attachment, refresh } = await this.runAction(context, submitted.verb, (submitted.data ?? {}) as Record<string, unknown>);
      if (refresh !== 'new-message') await context.sendActivity(MessageFactory.attachment(attachment));
      return;
    }

    await context.sendActivity({ type: ActivityTypes.Typing });
    const text = textOf(context);
    if (text.length > MAX_TEXT_CHARS) {
      await context.sendActivity(
        `That message is ${text.length.toLocaleString('en')} characters long; ShipShape understands questions of up to ${MAX_TEXT_CHARS.toLocaleString('en')}. Try a shorter one, or say "help".`,
      );
      return;
    }
    const ctx = this.commandContext(context);
    const answer = this.answer(() => this.deps.router.handleText(text, ctx), ctx.conversation.id);

    // Acknowledge slow answers at once and replace the acknowledgement later, so Teams never times out.
    let timer: NodeJS.Timeout | undefined;
    const ackDue = new Promise<'ack'>((resolve) => {
      timer = setTimeout(() => resolve('ack'), this.ackAfterMs);
    });
    const first = await Promise.race([answer, ackDue]);
    clearTimeout(timer);
    if (first !== 'ack') {
      const sent = await context.sendActivity(MessageFactory.attachment(first));
      await this.posted(first, sent?.id, activity.conversation.id);
      return;
    }
    const working = await this.deps.renderer.render(this.deps.router.acknowledge(text, ctx), ctx.conversation.id);
    const ack = await context.sendActivity(MessageFactory.attachment(working));
    const final = await answer;
    if (ack?.id) {
      await context.updateActivity({ ...MessageFactory.attachment(final), id: ack.id });
      await this.posted(final, ack.id, activity.conversation.id);
    } else {
      const sent = await context.sendActivity(MessageFactory.attachment(final));
      await this.posted(final, sent?.id, activity.conversation.id);
    }
  }

  private async posted(card: Attachment, activityId: string | undefined, conversationId: string): Promise<void> {
    if (!activityId || !this.deps.onCardPosted) return;
    await this.deps.onCardPosted(card, activityId, conversationId).catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not note where a card was posted'));
  }

  /** Runs a handler and always yields a card: the answer, a UserError explained, or a reference for anything else. */
  private async answer(run: () => Promise<Reply>, conversationId: string): Promise<Attachment> {
    try {
      const reply = await run();
      noteTurnAnswer(reply.kind === 'card' ? reply.template : 'text');
      return await this.deps.renderer.render(reply, conversationId);
    } catch (error) {
      const signIn = await this.deps.signIn?.cardFor(error);
      if (signIn) return signIn;
      return this.deps.renderer.render(this.errorReply(error), conversationId);
    }
  }

  private errorReply(error: unknown): Reply {
    noteTurnAnswer('error');
    if (isUserError(error)) {
      return { kind: 'card', template: 'error', data: { message: error.message, hint: error.hint ?? '', reason: error.reason }, summary: error.message };
    }
    const ref = errorRef();
    this.deps.log.error({ err: error, ref }, 'unexpected error in a turn');
    // The user gets a polite card, but traces and metrics must still count this turn as failed.
    markTurnFailed(error);
    const message = `Something went wrong (ref ${ref}).`;
    return { kind: 'card', template: 'error', data: { message, hint: 'Try again; if it keeps failing, give this reference to your ShipShape administrator.', reason: 'internal', ref }, summary: message };
  }

  /** Runs a card verb. `new-message` results are sent as their own message and leave the clicked card as it was. */
  private async runAction(context: TurnContext, verb: string, data: Record<string, unknown>): Promise<{ attachment: Attachment; refresh: ActionResult['refresh'] }> {
    const ctx = this.commandContext(context);
    if (verb === PAGE_MORE_VERB) {
      const pageId = typeof data.pageId === 'string' ? data.pageId : '';
      const attachment = await this.deps.renderer.more(pageId, ctx.conversation.id).catch((error: unknown) => this.deps.renderer.render(this.errorReply(error), ctx.conversation.id));
      return { attachment, refresh: 'clicker' };
    }
    const outcome: { refresh: ActionResult['refresh'] } = { refresh: 'clicker' };
    const attachment = await this.answer(async () => {
      const result = await this.deps.router.handleAction(verb, data, ctx);
      outcome.refresh = result.refresh;
      return result.reply;
    }, ctx.conversation.id);
    const { refresh } = outcome;
    const replyToId = context.activity.replyToId;
    if (refresh === 'everyone' && replyToId) {
      // The invoke response updates the clicker's view; everyone else sees the updated message.
      await context.updateActivity({ ...MessageFactory.attachment(attachment), id: replyToId });
    } else if (refresh === 'new-message') {
      await context.sendActivity(MessageFactory.attachment(attachment));
    }
    return { attachment, refresh };
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const action = invokeValue?.action;
    if (!action || action.type !== 'Action.Execute' || typeof action.verb !== 'string' || action.verb === '') {
      const card = await this.deps.renderer.render(this.errorReply(new UserError('That card action is not one ShipShape knows.')), context.activity.conversation.id);
      return { statusCode: 200, type: CARD, value: card.content as Record<string, unknown> };
    }
    const data = typeof action.data === 'object' && action.data !== null ? (action.data as Record<string, unknown>) : {};
    const { attachment, refresh } = await this.runAction(context, action.verb, data);
    if (refresh === 'new-message') {
      // The answer went out as its own message; the clicked card stays as it was.
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Answered below.' } as unknown as AdaptiveCardInvokeResponse;
    }
    return { statusCode: 200, type: CARD, value: attachment.content as Record<string, unknown> };
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') {
      // Checked here rather than by botbuilder, which fails the whole turn on a value without an action.
      const value = (typeof context.activity.value === 'object' && context.activity.value !== null ? context.activity.value : {}) as AdaptiveCardInvokeValue;
      const body = await this.onAdaptiveCardInvoke(context, value);
      return { status: 200, body };
    }
    const response = await super.onInvokeActivity(context);
    // Invokes this bot does not implement are the caller's mistake, not a server fault.
    if (response.status === 501) return { status: 400, body: { error: { code: 'UnsupportedInvoke', message: `ShipShape does not handle "${context.activity.name ?? ''}" invokes.` } } };
    return response;
  }
}
