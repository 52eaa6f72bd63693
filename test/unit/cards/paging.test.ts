import { describe, expect, test } from 'vitest';
import { CardTooLargeError, createCardRenderer, createPageStore, renderMore, renderReply, type CardAttachment } from '../../../src/bot/cards/index.js';
import { whoamiReply } from '../../../src/commands/whoami.js';
import { UserError } from '../../../src/domain/errors.js';
import { walk } from './support/card-checks.js';
import { MemoryStore } from './support/memory-store.js';
import { manyScopes } from './support/scenarios.js';

type Node = Record<string, unknown>;

function showMore(card: CardAttachment): Node | undefined {
  for (const { node } of walk(card.content)) if (node.type === 'Action.Execute' && node.verb === 'page.more') return node;
  return undefined;
}

function pageIdOf(card: CardAttachment): string {
  const data = showMore(card)?.data as { pageId?: unknown } | undefined;
  if (typeof data?.pageId !== 'string') throw new Error('no Show more on this card');
  return data.pageId;
}

/** Resource group labels on a whoami card, in order: the paged items. */
function scopeLabels(card: CardAttachment): string[] {
  const labels: string[] = [];
  for (const { node } of walk(card.content)) {
    const match = typeof node.text === 'string' ? /^\[(rg-[^\]]+)\]/.exec(node.text) : null;
    if (match?.[1]) labels.push(match[1]);
  }
  return labels;
}

function footerText(card: CardAttachment): string | undefined {
  for (const { node } of walk(card.content)) if (typeof node.text === 'string' && node.text.startsWith('Showing ')) return node.text;
  return undefined;
}

const expected = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `rg-${String(from + i).padStart(3, '0')}`);

describe('paging a long list', () => {
  test('first page, Show more, next page, to the end', async () => {
    const store = new MemoryStore();
    const renderer = createCardRenderer(store);
    const first = await renderer.render(whoamiReply(manyScopes(20)), 'conv-1');
    expect(scopeLabels(first)).toEqual(expected(1, 8));
    expect(footerText(first)).toBe('Showing 1–8 of 20');
    expect(showMore(first)?.title).toBe('Show more (8 of 20)');
    // The button carries the page id and nothing else.
    expect(Object.keys(showMore(first)?.data as object)).toEqual(['pageId']);

    const second = await renderer.more(pageIdOf(first), 'conv-1');
    expect(scopeLabels(second)).toEqual(expected(9, 16));
    expect(footerText(second)).toBe('Showing 9–16 of 20');

    const third = await renderer.more(pageIdOf(second), 'conv-1');
    expect(scopeLabels(third)).toEqual(expected(17, 20));
    expect(footerText(third)).toBe('Showing 17–20 of 20');
    expect(showMore(third)).toBeUndefined();
    // The header of every page is the original answer's.
    expect(JSON.stringify(third.content)).toContain('Dana Many · 1 subscription you can read · 20 role assignments');
    // The list is stored once however many pages are read.
    expect(store.count('card-lists')).toBe(1);
    expect(store.count('card-pages')).toBe(2);
  });

  test('pressing an old Show more again gives the same page', async () => {
    const renderer = createCardRenderer(new MemoryStore());
    const first = await renderer.render(whoamiReply(manyScopes(20)), 'conv-1');
    const once = await renderer.more(pageIdOf(first), 'conv-1');
    const again = await renderer.more(pageIdOf(first), 'conv-1');
    expect(scopeLabels(again)).toEqual(scopeLabels(once));
  });

  test('a short list has no footer and stores nothing', async () => {
    const store = new MemoryStore();
    const card = await createCardRenderer(store).render(whoamiReply(manyScopes(8)), 'conv-1');
    expect(scopeLabels(card)).toEqual(expected(1, 8));
    expect(footerText(card)).toBeUndefined();
    expect(store.count('card-pages')).toBe(0);
  });

  test('pages answer only in the conversation that asked', async () => {
    const renderer = createCardRenderer(new MemoryStore());
    const first = await renderer.render(whoamiReply(manyScopes(20)), 'conv-1');
    await expect(renderer.more(pageIdOf(first), 'conv-2')).rejects.toBeInstanceOf(UserError);
  });

  test.for(['never-saved', '../../etc/passwd', '', 'x'.repeat(65)])('an unknown page id (%s) is a friendly UserError', async (pageId) => {
    const error = await createCardRenderer(new MemoryStore()).more(pageId, 'conv-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ reason: 'page-expired', message: 'That list has expired.' });
  });

  test('pages expire after the time to live', async () => {
    let now = 0;
    const pageStore = createPageStore(new MemoryStore(() => now), 60);
    const options = { pageStore, conversationId: 'conv-1' };
    const first = await renderReply(whoamiReply(manyScopes(20)), options);
    now = 59_000;
    await expect(renderMore(pageIdOf(first), options)).resolves.toBeDefined();
    now = 61_000;
    await expect(renderMore(pageIdOf(first), options)).rejects.toMatchObject({ reason: 'page-expired' });
  });
});

describe('the size limit', () => {
  test('pages shrink to fit, and every item is shown exactly once', async () => {
    const maxBytes = 12 * 1024;
    const renderer = createCardRenderer(new MemoryStore(), { maxBytes });
    const seen: string[] = [];
    let card = await renderer.render(whoamiReply(manyScopes(20, 400)), 'conv-1');
    for (let pages = 1; ; pages++) {
      expect(Buffer.byteLength(JSON.stringify(card.content))).toBeLessThanOrEqual(maxBytes);
      const labels = scopeLabels(card);
      expect(labels.length).toBeGreaterThan(0);
      expect(labels.length, 'the size limit, not the page size, decides').toBeLessThan(8);
      seen.push(...labels.map((l) => l.slice(0, 6)));
      if (!showMore(card)) break;
      expect(pages).toBeLessThan(20);
      card = await renderer.more(pageIdOf(card), 'conv-1');
    }
    expect(seen).toEqual(expected(1, 20));
  });

  test('an item too big for any card is a bug, not a user error', async () => {
    const renderer = createCardRenderer(new MemoryStore(), { maxBytes: 2 * 1024 });
    const error = await renderer.render(whoamiReply(manyScopes(3, 3000)), 'conv-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardTooLargeError);
    expect(error).not.toBeInstanceOf(UserError);
  });

  test('a card without a list that is too big is refused', async () => {
    const renderer = createCardRenderer(new MemoryStore(), { maxBytes: 1024 });
    await expect(renderer.render({ kind: 'text', text: 'x'.repeat(2000) }, 'conv-1')).rejects.toBeInstanceOf(CardTooLargeError);
  });
});

describe('templates', () => {
  test('a text reply becomes a one-line card', async () => {
    const card = await createCardRenderer(new MemoryStore()).render({ kind: 'text', text: 'Hello' }, 'conv-1');
    expect(card.content).toMatchObject({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Hello', wrap: true }], fallbackText: 'Hello' });
  });

  test.for(['../package', 'Help', 'help.json', 'no-such-card'])('refuses the template name %s', async (template) => {
    const renderer = createCardRenderer(new MemoryStore());
    await expect(renderer.render({ kind: 'card', template, data: {}, summary: 's' }, 'conv-1')).rejects.toThrow();
  });

  test('values are not evaluated as template expressions', async () => {
    const card = await createCardRenderer(new MemoryStore()).render({ kind: 'text', text: '${text} ${1+1}' }, 'conv-1');
    expect(card.content.body).toEqual([{ type: 'TextBlock', text: '${text} ${1+1}', wrap: true }]);
  });
});
