/**
 * The store's namespaces in one place, so that two features never write the same one by accident
 * and an operator can tell what a record is from its name. Other features add theirs here.
 */
export const NAMESPACES = {
  /** Conversation references for proactive messages, by conversation key. */
  conversations: 'conversations',
  /** Digest subscriptions, by subscription id. */
  digestSubscriptions: 'digest-subscriptions',
  /** The due list: `{next run ISO}#{subscription id}` → subscription id, read in key order. */
  digestDue: 'digest-due',
  /** One record per digest run (state machine, composed digest, outcome), kept for a while. */
  digestRuns: 'digest-runs',
  /** Fingerprints of what the last delivered digest of a subscription reported. */
  digestSnapshots: 'digest-snapshots',
  /** Leases: who runs what right now. */
  leases: 'leases',
  /** Who prefers which time zone (from their Teams client), for schedules said without one. */
  userPreferences: 'user-preferences',
  /** One-time claims ("this approval was executed"), create-only. */
  claims: 'claims',
  /** Renewable delegated grants people left for work done later (`{purpose}:{oid}`), sealed. */
  delegatedGrants: 'delegated-grants',
  /** Digests that wait for their subscriber to sign in again (`{oid}#{subscription id}`). */
  signInNotices: 'sign-in-notices',
  /** Append-only audit records, keyed by time. */
  audit: 'audit',
} as const;
