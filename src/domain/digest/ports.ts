import type { Environment } from '../environment.js';
import type { UserIdentity } from '../identity.js';
import type { DigestCard } from './content.js';
import type { ScheduleRequest } from './schedule-text.js';
import type { ConversationKind, DigestIdentity, DigestSubscription, Observation, PendingItem } from './types.js';

/** Who reads the estate for a digest: the bot's read-only identity, or the subscriber with their own rights. */
export type Viewer = { kind: 'app' } | { kind: 'user'; user: UserIdentity };

/** One read of everything a digest reports on, with the given viewer's rights. */
export interface DigestObserver {
  /** Rejects with a UserError when nothing can be read at all (for example the viewer cannot sign in). */
  observe(viewer: Viewer, environment: Environment | undefined, now: Date, signal: AbortSignal): Promise<Observation>;
}

/**
 * Approvals waiting for a decision and suppressions that end soon. Approvals arrive with the "Act"
 * feature; until then the port answers `undefined` and digests leave the section out.
 */
export interface ApprovalsDigestPort {
  open(viewer: Viewer, environment: Environment | undefined, now: Date): Promise<{ pending: PendingItem[]; expiringSuppressions: PendingItem[] } | undefined>;
}

export const NO_APPROVALS_YET: ApprovalsDigestPort = {
  async open() {
    return undefined;
  },
};

/** Where a digest is asked for, as the command sees it. */
export interface DigestConversation {
  key: string;
  type: ConversationKind;
  tenantId?: string;
}

export interface SubscribeRequest {
  conversation: DigestConversation;
  user: UserIdentity;
  /** `unsaid`: keep the environment of this conversation's only digest, or cover every environment. */
  environment: Environment | 'all' | 'unsaid';
  schedule: ScheduleRequest;
  /** Undefined: keep the current digest's, or the installation's default. */
  identity: DigestIdentity | undefined;
}

/** Which of a conversation's digests: by id (card buttons) or by environment (words); none selects all. */
export interface DigestSelector {
  id?: string;
  environment?: Environment | 'all';
}

/**
 * How a digest read "as" its subscriber runs while they are away: with a renewable sign-in they
 * left for it (`renewable`); by waiting and asking them to sign in on their next message (`asks`:
 * grants are kept but none could be taken now); or not at all, telling them on their next message
 * (`skips`: this installation keeps no grants).
 */
export type AwayMode = 'renewable' | 'asks' | 'skips';

export interface SubscribeResult {
  subscription: DigestSubscription;
  replaced: DigestSubscription | undefined;
  /** For digests read as the subscriber. */
  away?: AwayMode;
  /** The subscriber said nothing about identity and the installation has no read-only one. */
  noAppIdentity?: boolean;
}

/** What the digest commands need; implemented next to the scheduler. */
export interface DigestCommandsPort {
  /** Whether the bot's own read-only identity is configured, and how cards name it. */
  readonly appIdentity: { available: boolean; name: string };
  subscribe(request: SubscribeRequest): Promise<SubscribeResult>;
  list(conversationKey: string): Promise<DigestSubscription[]>;
  /** Removes one digest (by id) or all of the conversation's; returns what was removed. */
  unsubscribe(conversationKey: string, select?: DigestSelector): Promise<DigestSubscription[]>;
  /**
   * Composes the digest now; it becomes the subscription's latest, so the next one starts from here.
   * A digest read "as" its subscriber runs now only when the subscriber asks.
   */
  runNow(conversationKey: string, caller: UserIdentity, select?: DigestSelector): Promise<{ subscription: DigestSubscription; card: DigestCard }>;
}
