import type { Environment } from '../environment.js';
import type { UserIdentity } from '../identity.js';
import type { ReadableSubscription } from '../scope-gap.js';

/**
 * Digests: a conversation subscribes to a summary of what changed in its environment since the
 * previous one, on a schedule, read with an identity the subscriber chose.
 */

/** Whose view a digest is read with: the bot's own read-only identity, or the subscriber's delegated access. */
export type DigestIdentity = 'app' | 'user';

export interface Schedule {
  /** Five-field cron (minute hour day-of-month month day-of-week), in `timeZone`. */
  cron: string;
  /** IANA name, e.g. `Europe/Paris`. */
  timeZone: string;
  /** For people: "daily at 09:00", "Mondays at 08:00". */
  label: string;
}

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface LastRun {
  runId: string;
  at: string;
  outcome: 'sent' | 'failed';
  trigger: 'scheduled' | 'on-request';
  detail?: string;
}

export interface DigestSubscription {
  id: string;
  /** The conversation's id without a thread part (`;messageid=`): digests start new posts. */
  conversationKey: string;
  conversationType: ConversationKind;
  tenantId?: string;
  /** Undefined: every environment the identity can read. */
  environment: Environment | undefined;
  schedule: Schedule;
  identity: DigestIdentity;
  subscriber: UserIdentity;
  createdAt: string;
  updatedAt: string;
  status: 'active' | 'disabled';
  /** Why it stopped (e.g. the bot was removed from the conversation), for "show digest settings". */
  disabledReason?: string;
  disabledAt?: string;
  /** When the next digest is due (ISO, UTC). */
  nextRunAt: string;
  /** When the last delivered digest was composed: the "since" of the next one. */
  lastDigestAt?: string;
  lastRun?: LastRun;
}

/** What the last delivered digest saw, as fingerprints only: enough for deltas, nothing more. */
export interface DigestSnapshot {
  takenAt: string;
  /** Per unit read (a registry or cluster, `subscriptionId/hash`): fingerprints of open criticals (`C…`) and highs (`H…`). */
  findings: Record<string, string[]>;
  /** Per unit: fingerprints of images that were stale. */
  staleImages: Record<string, string[]>;
  /** Fingerprints of non-compliant resource/assignment pairs; undefined when compliance was not read. */
  nonCompliant: string[] | undefined;
}

export interface ObservedFinding {
  fingerprint: string;
  unit: string;
  severity: 'Critical' | 'High';
  /** CVE id, or the scanner's own id. */
  id: string;
  title: string;
  /** `payments/api:1.4.2` for people. */
  image: string;
  registryHost: string;
  /** The registry or cluster that reported it (for a portal link). */
  resourceId: string;
  fixable: boolean;
  /** What the scan knows of exploits: one in an exploit kit, or published steps; absent when none is known. */
  exploit?: 'kit' | 'known';
  /** Covered by a ShipShape suppression: kept in the snapshot (so it is neither new nor resolved), never reported. */
  suppressed?: boolean;
  /** The image's key, and its place in fix-first's order for the digest's scope (0 first) when it has one. */
  imageKey?: string;
  rank?: number;
}

/** One of the images fix-first names first for the digest's scope. */
export interface RankedTop {
  imageKey: string;
  /** `payments/api:1.4.2` for people. */
  image: string;
  /** 1 for the first. */
  rank: number;
  critical: number;
  high: number;
  /** "exploit in a kit · runs in prod · public IP · CVSS 9.8". */
  reason: string;
  /** The image to move to, when a newer one improves on it. */
  upgrade?: string;
  /** The registry holding it (for a portal link). */
  resourceId: string;
}

export interface ObservedImage {
  fingerprint: string;
  unit: string;
  image: string;
  registryHost: string;
  lastPushed: string;
  ageDays: number;
  resourceId: string;
}

export interface ObservedResource {
  fingerprint: string;
  resourceId: string;
  name: string;
  policy: string;
}

/** An approval waiting for someone, or a suppression that ends soon. */
export interface PendingItem {
  id: string;
  title: string;
  /** ISO time it expires. */
  expiresAt: string;
}

/** One read of the estate for a digest. */
export interface Observation {
  readAt: string;
  /** The read-only identity's name, or the user's. */
  readAs: string;
  /** "3 subscriptions · 4 registries · 1 cluster". */
  scopeLabel: string;
  findings: ObservedFinding[];
  staleImages: ObservedImage[];
  /** Undefined when policy compliance could not be read with this identity or is not available. */
  nonCompliant: ObservedResource[] | undefined;
  /** Undefined until approvals exist in this installation. */
  approvals: { pending: PendingItem[]; expiringSuppressions: PendingItem[] } | undefined;
  /** Units that could not be read: what the previous digest saw there is carried forward, not called resolved. */
  failedUnits: string[];
  /** Subscriptions that could not be listed at all (their units are carried forward too). */
  failedSubscriptions: string[];
  /** For people: what could not be read and why. */
  missing: string[];
  /** The subscriptions the identity could read, with their environments (for what an answer leaves out). */
  subscriptions?: ReadableSubscription[];
  /** What fix-first names first for the same scope; undefined when the observer does not rank. */
  fixFirst?: RankedTop[];
}

export interface DigestDelta {
  baseline: boolean;
  since: string | undefined;
  newFindings: ObservedFinding[];
  resolved: { critical: number; high: number };
  open: { critical: number; high: number };
  newStale: ObservedImage[];
  staleTotal: number;
  newNonCompliant: ObservedResource[] | undefined;
  nonCompliantTotal: number | undefined;
  /** Open criticals and highs left out because a suppression covers them. */
  hidden: number;
  snapshot: DigestSnapshot;
}

/** A conversation id without its thread part: where digests for it go. */
export function conversationKeyOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0] ?? conversationId;
}
