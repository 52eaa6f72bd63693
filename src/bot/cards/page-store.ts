import { createHash, randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../../store/types.js';

/** What "Show more" needs to render the next page of a long answer. */
export interface PageState {
  /** Pages answer only in the conversation that asked. */
  conversationId: string;
  template: string;
  summary: string;
  /** The card data without the paged list. */
  data: Record<string, unknown>;
  /** The property of `data` that holds the list. */
  field: string;
  pageSize: number;
  /** The whole list. */
  items: unknown[];
  /** Index of the first item of the page this state renders. */
  offset: number;
}

export interface PageStore {
  save(state: PageState): Promise<string>;
  /** Undefined when the page expired or never existed. */
  load(pageId: string): Promise<PageState | undefined>;
}

export interface PageStoreOptions {
  /** Page ids, for deterministic tests; default 128 random bits. */
  newId?: () => string;
}

const PAGES = 'card-pages';
const LISTS = 'card-lists';
const PAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const DEFAULT_PAGE_TTL_SECONDS = 24 * 60 * 60;

type ListDoc = Omit<PageState, 'offset'>;
interface PageDoc {
  listKey: string;
  offset: number;
}

/**
 * Paging state over the key-value store. The list is stored once, under a hash of its content, and
 * each page is a small pointer into it, so paging through a long list costs storage once, and pressing
 * an old "Show more" again gives the same page (the button is idempotent).
 */
export function createPageStore(kv: KeyValueStore, ttlSeconds = DEFAULT_PAGE_TTL_SECONDS, options: PageStoreOptions = {}): PageStore {
  const newId = options.newId ?? (() => randomBytes(16).toString('base64url'));
  return {
    async save(state) {
      const { offset, ...list } = state;
      const listKey = createHash('sha256').update(JSON.stringify(list)).digest('base64url').slice(0, 32);
      // Rewriting the list renews its expiry along with the newest page that points at it.
      await kv.put<ListDoc>(LISTS, listKey, list, { ttlSeconds });
      const pageId = newId();
      if (!PAGE_ID.test(pageId)) throw new Error('Page ids must be 1-64 URL-safe characters');
      await kv.put<PageDoc>(PAGES, pageId, { listKey, offset }, { ttlSeconds });
      return pageId;
    },
    async load(pageId) {
      if (!PAGE_ID.test(pageId)) return undefined;
      const page = await kv.get<PageDoc>(PAGES, pageId);
      if (!page) return undefined;
      const list = await kv.get<ListDoc>(LISTS, page.value.listKey);
      if (!list) return undefined;
      return { ...list.value, offset: page.value.offset };
    },
  };
}
