import { createHash } from 'node:crypto';
import type { ArmChange, CheckId } from './check-types.js';

/**
 * A change a checklist row offers, kept on the server: the card's button carries only its id, so
 * what would run can never be edited in the card. Until changes go through approval, pressing the
 * button shows the request that would be sent.
 */
export interface FixProposal {
  registryId: string;
  registryName: string;
  check: CheckId;
  change: ArmChange;
  /** api-version the request would be sent with. */
  apiVersion: string;
  /** Object id of the person whose answer offered it. */
  proposedBy: string;
  /** Proposals answer only in the conversation that saw them. */
  conversationId: string;
  createdAt: string;
}

/** The part of the key-value store proposals need (the embedded store and the blob store both fit). */
export interface DocumentStore {
  get<T>(namespace: string, key: string): Promise<{ value: T } | undefined>;
  put<T>(namespace: string, key: string, value: T, options?: { ttlSeconds?: number }): Promise<string>;
}

export interface FixProposalStore {
  /** Saves and returns the proposal's id; the same proposal in the same conversation gets the same id. */
  save(proposal: FixProposal): Promise<string>;
  load(id: string): Promise<FixProposal | undefined>;
}

const NAMESPACE = 'posture-fixes';
const ID = /^[A-Za-z0-9_-]{16,64}$/;
/** Long enough to act on a checklist someone read last week. */
export const PROPOSAL_TTL_SECONDS = 7 * 24 * 60 * 60;

export function createFixProposalStore(store: DocumentStore, ttlSeconds = PROPOSAL_TTL_SECONDS): FixProposalStore {
  return {
    async save(proposal) {
      const { createdAt: _createdAt, ...identity } = proposal;
      const id = createHash('sha256').update(JSON.stringify(identity)).digest('base64url').slice(0, 24);
      await store.put(NAMESPACE, id, proposal, { ttlSeconds });
      return id;
    },
    async load(id) {
      if (!ID.test(id)) return undefined;
      return (await store.get<FixProposal>(NAMESPACE, id))?.value;
    },
  };
}
