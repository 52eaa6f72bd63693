/**
 * Card rendering for the bot: templates in cards/ filled with reply data, long lists paged through
 * the key-value store. The bot answers the `page.more` verb (PAGE_MORE_VERB) with `more()`.
 */
export {
  ADAPTIVE_CARD_CONTENT_TYPE,
  CardTooLargeError,
  MAX_CARD_BYTES,
  createCardRenderer,
  renderMore,
  renderReply,
  type CardAttachment,
  type CardRenderer,
  type CardRendererOptions,
  type RenderOptions,
} from './renderer.js';
export { DEFAULT_PAGE_TTL_SECONDS, createPageStore, type PageState, type PageStore, type PageStoreOptions } from './page-store.js';
export { DEFAULT_TEMPLATES_DIR, createTemplateSource, type TemplateSource } from './templates.js';
export { PAGE_MORE_VERB } from '../../commands/registry.js';
