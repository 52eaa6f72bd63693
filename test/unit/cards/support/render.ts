import { createPageStore, createTemplateSource, renderMore, renderReply, type TemplateSource } from '../../../../src/bot/cards/index.js';
import type { Reply } from '../../../../src/commands/types.js';
import { MemoryStore } from './memory-store.js';

/**
 * Renders a reply as the bot would, following "Show more" to the end so that every page is seen;
 * page ids are fixed so that golden files are stable.
 */
export async function renderPages(make: () => Promise<Reply>, templates: TemplateSource = createTemplateSource()): Promise<Record<string, unknown>[]> {
  let n = 0;
  const pageStore = createPageStore(new MemoryStore(), undefined, { newId: () => `page-${++n}` });
  const options = { pageStore, conversationId: 'conv-golden', templates };
  const pages = [await renderReply(await make(), options)];
  for (let id = n; id > 0 && pages.length < 10; id = n > id ? n : 0) pages.push(await renderMore(`page-${id}`, options));
  return pages.map((p) => {
    if (p.contentType !== 'application/vnd.microsoft.card.adaptive') throw new Error(`not an Adaptive Card: ${p.contentType}`);
    return p.content as Record<string, unknown>;
  });
}
