import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { SendFailure, toSendFailure } from './send-failure.js';

/** Sends one activity into a stored conversation. Throws SendFailure; never retries by itself. */
export interface ProactiveSender {
  send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<{ activityId: string | undefined }>;
}

interface PipelineHolder {
  client?: { pipeline?: { removePolicy(options: { name: string }): unknown } };
}

/**
 * The connector client botbuilder creates for each proactive turn retries 429s and 5xx on its own,
 * holding a send slot for as long as Teams asks. The send queue owns retries (it knows the rate
 * limits and what else is waiting), so the client's retry policy is taken out for these sends.
 */
function withoutClientRetries(context: TurnContext): void {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as PipelineHolder | undefined;
  connector?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}

/**
 * Proactive messages through the CloudAdapter: `continueConversationAsync` with a stored reference.
 * The adapter's turn-error handler would swallow a failed send, so failures are caught inside the
 * turn and rethrown afterwards.
 */
export class BotSender implements ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id; empty in local mode, where nothing is signed. */
    private readonly botAppId: string,
  ) {}

  async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<{ activityId: string | undefined }> {
    let failure: unknown;
    let activityId: string | undefined;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
        withoutClientRetries(context);
        // The continuation event carries a made-up id that botbuilder would send as `replyToId`;
        // without it the message is a new post in the conversation, not a reply to nothing.
        Reflect.deleteProperty(context.activity, 'id');
        try {
          activityId = (await context.sendActivity(activity))?.id;
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure ??= error;
    }
    if (failure !== undefined) throw toSendFailure(failure);
    return { activityId };
  }
}

export { SendFailure };
