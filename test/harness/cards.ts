import type { Json } from './connector.js';

/** Reading what the bot sent the way a person would: the card, its words, its buttons. */

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** The first Adaptive Card attached to an activity. */
export function adaptiveCardOf(activity: Json | undefined): Json | undefined {
  const attachments = activity?.attachments;
  if (!Array.isArray(attachments)) return undefined;
  const attachment = (attachments as Json[]).find((a) => a.contentType === ADAPTIVE_CARD);
  const content = attachment?.content;
  return content !== null && typeof content === 'object' ? (content as Json) : undefined;
}

const READABLE_KEYS = new Set(['text', 'title', 'value', 'altText', 'placeholder', 'label', 'fallbackText']);

/**
 * Every human-readable string in a card, in document order, one per line: TextBlock and TextRun text,
 * fact titles and values, action titles, input labels. Template expressions that were not filled in
 * (`${…}`) stay visible, so a test can catch them.
 */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown, key?: string): void => {
    if (typeof node === 'string') {
      if (key !== undefined && READABLE_KEYS.has(key)) out.push(node);
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) walk(item, key === 'inlines' ? 'text' : undefined);
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        // Action data is for the bot, not the reader.
        if (k === 'data' || k === 'url' || k === '$schema') continue;
        walk(v, k);
      }
    }
  };
  walk(card);
  return out.join('\n');
}

/** Titles of every action button in a card (nested ShowCard actions included). */
export function actionTitles(card: unknown): string[] {
  const titles: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const obj = node as Json;
    if (typeof obj.type === 'string' && obj.type.startsWith('Action.') && typeof obj.title === 'string') titles.push(obj.title);
    Object.values(obj).forEach(walk);
  };
  walk(card);
  return titles;
}

/** Verbs of every `Action.Execute` in a card. */
export function executeVerbs(card: unknown): string[] {
  const verbs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const obj = node as Json;
    if (obj.type === 'Action.Execute' && typeof obj.verb === 'string') verbs.push(obj.verb);
    Object.values(obj).forEach(walk);
  };
  walk(card);
  return verbs;
}

/** Text of a message plus the readable text of its card, for assertions that do not care which. */
export function readableText(activity: Json | undefined): string {
  const parts: string[] = [];
  if (typeof activity?.text === 'string') parts.push(activity.text);
  const card = adaptiveCardOf(activity);
  if (card) parts.push(cardText(card));
  return parts.join('\n');
}
