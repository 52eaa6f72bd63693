import type { CardReply, Reply } from '../../commands/types.js';
import { UserError } from '../../domain/errors.js';
import type { KeyValueStore } from '../../store/types.js';
import { createPageStore, type PageState, type PageStore } from './page-store.js';
import { createTemplateSource, type TemplateSource } from './templates.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/**
 * Teams refuses messages over about 28 KB, envelope included; cards stay under 26 KB so the activity
 * around them fits too.
 */
export const MAX_CARD_BYTES = 26 * 1024;
const FOOTER_TEMPLATE = 'list-footer';
// Stands in for the page id while measuring, so the measured card is as long as the real one.
const ID_PLACEHOLDER = 'x'.repeat(64);

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
  content: Record<string, unknown>;
}

export interface RenderOptions {
  pageStore: PageStore;
  conversationId: string;
  templates?: TemplateSource;
  maxBytes?: number;
}

/** A card that does not fit even with one list item is a bug in the command that built it. */
export class CardTooLargeError extends Error {
  constructor(template: string, bytes: number, max: number) {
    super(`Card "${template}" is ${bytes} bytes, more than ${max}, even with a single list item`);
    this.name = 'CardTooLargeError';
  }
}

const defaultTemplates = createTemplateSource();

function bytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

const MAX_FALLBACK_CHARS = 300;

function attach(content: Record<string, unknown>, summary: string): CardAttachment {
  // Clients that cannot draw the card show the summary instead; it is a preview, so keep it short.
  const fallbackText = summary.length > MAX_FALLBACK_CHARS ? `${summary.slice(0, MAX_FALLBACK_CHARS - 1)}…` : summary;
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: { ...content, fallbackText } };
}

type ListState = Omit<PageState, 'offset'>;

async function composePage(
  templates: TemplateSource,
  list: ListState,
  offset: number,
  count: number,
  pageId: string | undefined,
): Promise<Record<string, unknown>> {
  const card = await templates.expand(list.template, { ...list.data, [list.field]: list.items.slice(offset, offset + count) });
  if (list.items.length <= list.pageSize && offset === 0 && pageId === undefined) return card;
  const footer = await templates.expand(FOOTER_TEMPLATE, {
    from: offset + 1,
    to: offset + count,
    shown: offset + count,
    total: list.items.length,
    hasMore: pageId !== undefined,
    pageId: pageId ?? '',
  });
  const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  return {
    ...card,
    body: [...asArray(card.body), ...asArray(footer.body)],
    actions: [...asArray(card.actions), ...asArray(footer.actions)],
  };
}

/**
 * Renders one page of a list, starting at `offset`: as many items as `pageSize` allows and the size
 * limit permits. When items remain, the rest is saved and the card gets "Show more".
 */
async function renderPage(list: ListState, offset: number, options: RenderOptions): Promise<CardAttachment> {
  const templates = options.templates ?? defaultTemplates;
  const max = options.maxBytes ?? MAX_CARD_BYTES;
  let count = Math.max(1, Math.min(list.pageSize, list.items.length - offset));
  for (;;) {
    const hasMore = offset + count < list.items.length;
    const measured = attach(await composePage(templates, list, offset, count, hasMore ? ID_PLACEHOLDER : undefined), list.summary);
    const size = bytes(measured.content);
    if (size <= max) {
      if (!hasMore) return measured;
      const pageId = await options.pageStore.save({ ...list, offset: offset + count });
      return attach(await composePage(templates, list, offset, count, pageId), list.summary);
    }
    if (count === 1) throw new CardTooLargeError(list.template, size, max);
    // Shrink in proportion to the overshoot, but always by at least one item.
    count = Math.max(1, Math.min(count - 1, Math.floor((count * max) / size)));
  }
}

/** Turns a command's reply into an Adaptive Card attachment, paging long lists. */
export async function renderReply(reply: Reply, options: RenderOptions): Promise<CardAttachment> {
  const templates = options.templates ?? defaultTemplates;
  const max = options.maxBytes ?? MAX_CARD_BYTES;
  const card: CardReply =
    reply.kind === 'text' ? { kind: 'card', template: 'text', data: { text: reply.text }, summary: reply.text } : reply;

  const items = card.list ? card.data[card.list.field] : undefined;
  if (card.list && Array.isArray(items) && items.length > 0) {
    const { [card.list.field]: _list, ...data } = card.data;
    const list: ListState = {
      conversationId: options.conversationId,
      template: card.template,
      summary: card.summary,
      data,
      field: card.list.field,
      pageSize: Math.max(1, Math.floor(card.list.pageSize)),
      items,
    };
    return renderPage(list, 0, options);
  }
  const attachment = attach(await templates.expand(card.template, card.data), card.summary);
  const size = bytes(attachment.content);
  if (size > max) throw new CardTooLargeError(card.template, size, max);
  return attachment;
}

/** The page a "Show more" button points at; expired or foreign pages are a UserError. */
export async function renderMore(pageId: string, options: RenderOptions): Promise<CardAttachment> {
  const state = await options.pageStore.load(pageId);
  if (!state || state.conversationId !== options.conversationId || state.offset >= state.items.length) {
    throw new UserError('That list has expired.', {
      hint: 'Ask the question again for a fresh answer; longer lists are kept for a day.',
      reason: 'page-expired',
    });
  }
  const { offset, ...list } = state;
  return renderPage(list, offset, options);
}

export interface CardRenderer {
  render(reply: Reply, conversationId: string): Promise<CardAttachment>;
  more(pageId: string, conversationId: string): Promise<CardAttachment>;
}

export interface CardRendererOptions {
  pageStore?: PageStore;
  ttlSeconds?: number;
  templatesDir?: string;
  maxBytes?: number;
}

/** What the bot holds: rendering and paging over one store. */
export function createCardRenderer(store: KeyValueStore, options: CardRendererOptions = {}): CardRenderer {
  const pageStore = options.pageStore ?? createPageStore(store, options.ttlSeconds);
  const templates = options.templatesDir ? createTemplateSource(options.templatesDir) : defaultTemplates;
  const base = { pageStore, templates, ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }) };
  return {
    render: (reply, conversationId) => renderReply(reply, { ...base, conversationId }),
    more: (pageId, conversationId) => renderMore(pageId, { ...base, conversationId }),
  };
}
