import { MessageFactory, type Activity } from 'botbuilder';
import type { DigestCard } from '../domain/digest/content.js';
import type { ReplyRenderer } from './shipshape-bot.js';

/** A digest card as the Teams message the send queue delivers (the same rendering as any reply). */
export function digestMessage(renderer: ReplyRenderer): (card: DigestCard, conversationKey: string) => Promise<Partial<Activity>> {
  return async (card, conversationKey) => {
    const attachment = await renderer.render({ kind: 'card', template: 'digest', data: card.data, summary: card.summary }, conversationKey);
    return { ...MessageFactory.attachment(attachment), summary: card.summary };
  };
}
