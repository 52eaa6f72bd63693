import { randomBytes } from 'node:crypto';

/**
 * A request that needs one more answer ("rg-shared-tools is in two subscriptions: which one?"). The
 * question's text and the choices stay on the server; the buttons carry the draft id and an index.
 */
export interface Draft {
  command: string;
  text: string;
  /** ARM ids (or other values) the buttons choose between. */
  options: { label: string; value: string }[];
  /** Object id of who asked: only they may choose. */
  requester: string;
  conversationId: string;
}

export interface DraftDocuments {
  get<T>(namespace: string, key: string): Promise<{ value: T } | undefined>;
  put<T>(namespace: string, key: string, value: T, options?: { ttlSeconds?: number }): Promise<string>;
}

const NAMESPACE = 'approval-drafts';
const TTL_SECONDS = 24 * 3600;
const ID = /^[A-Za-z0-9_-]{16,32}$/;

export interface DraftStore {
  save(draft: Draft): Promise<string>;
  load(id: unknown): Promise<Draft | undefined>;
}

export function createDraftStore(documents: DraftDocuments): DraftStore {
  return {
    async save(draft) {
      const id = randomBytes(12).toString('base64url');
      await documents.put(NAMESPACE, id, draft, { ttlSeconds: TTL_SECONDS });
      return id;
    },
    async load(id) {
      if (typeof id !== 'string' || !ID.test(id)) return undefined;
      return (await documents.get<Draft>(NAMESPACE, id))?.value;
    },
  };
}
