import type { Activity, ConversationReference } from 'botbuilder';
import type { ProactiveSender } from './bot-sender.js';
import { SendCancelled } from './send-failure.js';
import type { Deliver } from './send-queue.js';

/** A message waiting in the send queue: where it goes, what it says, and whether it may still go. */
export interface OutgoingMessage {
  reference: Partial<ConversationReference>;
  activity: Partial<Activity>;
  /** Checked just before sending: false when the sender's lease on the work was lost meanwhile. */
  shouldSend?: () => boolean;
}

export function deliverWith(sender: ProactiveSender): Deliver<OutgoingMessage> {
  return async (message) => {
    if (message.shouldSend && !message.shouldSend()) throw new SendCancelled('the lease on this run was lost');
    return sender.send(message.reference, message.activity);
  };
}
