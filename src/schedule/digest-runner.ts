import type { Activity } from 'botbuilder';
import { digestCard, problemCard, type DigestCard } from '../domain/digest/content.js';
import { computeDelta } from '../domain/digest/delta.js';
import type { DigestObserver, Viewer } from '../domain/digest/ports.js';
import type { DigestSnapshot, DigestSubscription } from '../domain/digest/types.js';
import { formatInZone } from '../domain/digest/time-zones.js';
import { isUserError, UserError } from '../domain/errors.js';
import type { UserIdentity } from '../domain/identity.js';
import { errorRef, type Logger } from '../log/logger.js';
import type { ConversationDirectory } from '../proactive/conversation-directory.js';
import type { OutgoingMessage } from '../proactive/outgoing.js';
import type { SendOutcome, SendQueue } from '../proactive/send-queue.js';
import { NAMESPACES } from '../store/namespaces.js';
import { isConcurrencyError, type KeyValueStore } from '../store/types.js';
import { SIGN_IN_REQUIRED } from '../azure/credentials.js';
import type { Leases } from './leases.js';
import { nextRunAfter } from './next-run.js';
import type { SignInNotices } from './sign-in-notices.js';
import type { SubscriptionRepository } from './subscriptions.js';

/**
 * One digest run as a small state machine in the store: `composing` → `ready` (the card and the
 * next snapshot are written down) → `sent` or `failed` → the subscription moves on. Whoever holds
 * the subscription's lease drives it; a run interrupted at any point resumes where it stopped, so
 * the card that goes out is the one composed, the snapshot advances only after delivery, and a
 * digest that was recorded as sent is never sent again.
 */

export type RunState = 'composing' | 'ready' | 'sent' | 'failed';

export interface RunRecord {
  runId: string;
  subscriptionId: string;
  dueAt: string;
  owner: string;
  state: RunState;
  card?: DigestCard;
  snapshot?: DigestSnapshot;
  activityId?: string;
  detail?: string;
  /** The send was refused for good (403/404): the subscription is switched off. */
  disable?: boolean;
  updatedAt: string;
}

export interface DigestRunnerDeps {
  store: KeyValueStore;
  repository: SubscriptionRepository;
  leases: Leases;
  conversations: ConversationDirectory;
  observer: DigestObserver;
  queue: SendQueue<OutgoingMessage>;
  /** The card as a Teams message (the bot's renderer). */
  render(card: DigestCard, conversationKey: string): Promise<Partial<Activity>>;
  log: Logger;
  /** For portal links when a subscription does not know its tenant. */
  tenantId: string;
  now?: () => Date;
  observeTimeoutMs?: number;
  /** How long run records are kept, for "show digest settings" and diagnosis. */
  runTtlSeconds?: number;
  /** Digests "as me" whose subscriber must sign in again wait here, instead of posting a failure. */
  notices?: SignInNotices;
}

export type RunResult = RunState | 'busy' | 'stale' | 'deferred' | 'lost';

/**
 * A digest read "as" its subscriber shows what their rights show: composing it for someone else
 * would read Azure with the subscriber's token for that person. Only the subscriber runs it now.
 */
export function checkCaller(sub: DigestSubscription, caller: UserIdentity): void {
  if (sub.identity === 'app') return;
  const owner = (sub.subscriber.aadObjectId ?? '').toLowerCase();
  if (owner !== '' && owner === (caller.aadObjectId ?? '').toLowerCase()) return;
  const who = sub.subscriber.name ?? 'its subscriber';
  const zone = sub.schedule.timeZone;
  const last = sub.lastDigestAt ? ` The last one went out ${formatInZone(sub.lastDigestAt, zone)}.` : '';
  const next = sub.status === 'active' ? ` The next one is due ${formatInZone(sub.nextRunAt, zone)} (${zone}).` : '';
  throw new UserError(`This digest reads Azure with ${who}'s own access, so only ${who} can ask for it now.${last}${next}`, {
    hint: 'Ask them, or set up a digest here as yourself (“daily at 9:00 as me”) or as ShipShape’s read-only identity.',
    reason: 'not-subscriber',
  });
}

function viewerOf(sub: DigestSubscription): Viewer {
  return sub.identity === 'app' ? { kind: 'app' } : { kind: 'user', user: sub.subscriber };
}

export class DigestRunner {
  private readonly now: () => Date;

  constructor(private readonly deps: DigestRunnerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The scheduled run of one subscription for the occurrence due at `dueAt`. */
  async runDue(id: string, dueAt: string): Promise<RunResult> {
    const outcome = await this.deps.leases.withLease(`digest:${id}`, async (held) => {
      const current = await this.deps.repository.get(id);
      // Someone else finished this occurrence, or the subscription changed or went away meanwhile.
      if (!current || current.value.status !== 'active' || current.value.nextRunAt !== dueAt) return 'stale' as const;
      try {
        return await this.drive(current.value, dueAt, held);
      } catch (error) {
        if (isConcurrencyError(error)) return 'lost' as const;
        throw error;
      }
    });
    return outcome?.result ?? 'busy';
  }

  private async drive(sub: DigestSubscription, dueAt: string, held: () => boolean): Promise<RunResult> {
    const runId = `${sub.id}@${dueAt}`;
    let { record, etag } = await this.load(runId, sub, dueAt);
    if (record.state === 'composing') {
      const composed = await this.compose(sub, 'scheduled');
      if ('waiting' in composed) {
        // Nothing goes to the conversation: the subscriber is asked on their next message.
        await this.deps.notices?.waitFor(sub, dueAt);
        ({ record, etag } = await this.write({ ...record, state: 'failed', detail: composed.waiting }, etag));
      } else {
        ({ record, etag } = await this.write({ ...record, ...composed, state: 'ready' }, etag));
      }
    }
    if (record.state === 'ready') {
      const delivered = await this.deliver(record, sub, held);
      if (!delivered) return 'deferred';
      ({ record, etag } = await this.write(delivered, etag));
    }
    await this.finish(record, sub, dueAt);
    return record.state;
  }

  private async load(runId: string, sub: DigestSubscription, dueAt: string): Promise<{ record: RunRecord; etag: string }> {
    const existing = await this.deps.store.get<RunRecord>(NAMESPACES.digestRuns, runId);
    if (existing) return { record: existing.value, etag: existing.etag };
    const record: RunRecord = { runId, subscriptionId: sub.id, dueAt, owner: this.deps.leases.owner, state: 'composing', updatedAt: this.now().toISOString() };
    const etag = await this.deps.store.put(NAMESPACES.digestRuns, runId, record, { ifMatch: 'absent', ttlSeconds: this.ttl() });
    return { record, etag };
  }

  private ttl(): number {
    return this.deps.runTtlSeconds ?? 14 * 86_400;
  }

  /** Conditional on the etag read: a run taken over by another instance stops here (ConcurrencyError). */
  private async write(record: RunRecord, etag: string): Promise<{ record: RunRecord; etag: string }> {
    const next = { ...record, owner: this.deps.leases.owner, updatedAt: this.now().toISOString() };
    return { record: next, etag: await this.deps.store.put(NAMESPACES.digestRuns, record.runId, next, { ifMatch: etag, ttlSeconds: this.ttl() }) };
  }

  /** Reads the estate and builds the card; a failed read becomes a card that says so, with no new snapshot. */
  private async compose(sub: DigestSubscription, trigger: 'scheduled' | 'on-request'): Promise<{ card: DigestCard; snapshot?: DigestSnapshot } | { waiting: string }> {
    const now = this.now();
    const options = { trigger, nextRunAt: nextRunAfter(sub.schedule, now)?.toISOString(), tenantId: this.deps.tenantId };
    try {
      const previous = await this.deps.repository.snapshot(sub.id);
      const observation = await this.deps.observer.observe(viewerOf(sub), sub.environment, now, AbortSignal.timeout(this.deps.observeTimeoutMs ?? 120_000));
      const delta = computeDelta(previous, observation);
      return { card: digestCard(sub, delta, observation, options), snapshot: delta.snapshot };
    } catch (error) {
      if (trigger === 'on-request') throw error;
      if (sub.identity === 'user' && isUserError(error) && error.reason === SIGN_IN_REQUIRED && this.deps.notices) {
        return { waiting: `Not sent: waiting for ${sub.subscriber.name ?? 'the subscriber'} to sign in again.` };
      }
      if (isUserError(error)) return { card: problemCard(sub, error.message, error.hint ?? 'Say “show digest settings” to check how this digest reads.', options) };
      const ref = errorRef();
      this.deps.log.error({ err: error, ref, subscription: sub.id }, 'digest could not be composed');
      return { card: problemCard(sub, `something went wrong (ref ${ref})`, 'Give this reference to your ShipShape administrator if it keeps happening.', options) };
    }
  }

  /** Undefined when the send did not start (shutting down, lease lost): the record stays `ready` for later. */
  private async deliver(record: RunRecord, sub: DigestSubscription, held: () => boolean): Promise<RunRecord | undefined> {
    const conversation = await this.deps.conversations.get(sub.conversationKey);
    if (!conversation) {
      return { ...record, state: 'failed', disable: true, detail: 'ShipShape no longer has this conversation’s address (the app was removed from it).' };
    }
    const activity = await this.deps.render(record.card as DigestCard, sub.conversationKey);
    const outcome: SendOutcome = await this.deps.queue.send({
      id: record.runId,
      tenantKey: conversation.tenantId ?? sub.tenantId ?? 'default',
      conversationKey: sub.conversationKey,
      payload: { reference: conversation.reference, activity, shouldSend: held },
    });
    switch (outcome.status) {
      case 'sent':
        return { ...record, state: 'sent', ...(outcome.activityId ? { activityId: outcome.activityId } : {}) };
      case 'forbidden':
      case 'gone':
        return { ...record, state: 'failed', disable: true, detail: `Teams refused the message (${outcome.detail}): ShipShape was removed from this conversation or blocked.` };
      case 'failed':
        return { ...record, state: 'failed', detail: outcome.detail };
      case 'deferred':
        return undefined;
    }
  }

  /** Commits a finished run: the snapshot (only when delivered), then the subscription's next run. Safe to repeat. */
  private async finish(record: RunRecord, sub: DigestSubscription, dueAt: string): Promise<void> {
    if (record.state === 'sent' && record.snapshot) await this.deps.repository.saveSnapshot(sub.id, record.snapshot);
    const now = this.now();
    const outcome = record.state === 'sent' ? 'sent' : 'failed';
    await this.deps.repository.update(sub.id, (current) => {
      if (current.nextRunAt !== dueAt) return undefined;
      const next = nextRunAfter(current.schedule, now);
      return {
        ...current,
        nextRunAt: (next ?? new Date(8.64e15)).toISOString(),
        ...(record.state === 'sent' && record.snapshot ? { lastDigestAt: record.snapshot.takenAt } : {}),
        lastRun: { runId: record.runId, at: now.toISOString(), outcome, trigger: 'scheduled', ...(record.detail ? { detail: record.detail } : {}) },
        ...(record.disable || !next
          ? { status: 'disabled' as const, disabledAt: now.toISOString(), disabledReason: record.detail ?? 'The schedule never runs again.' }
          : {}),
        updatedAt: now.toISOString(),
      };
    });
    this.deps.log.info({ run: record.runId, state: record.state, detail: record.detail }, 'digest run finished');
  }

  /**
   * "digest now": composed under the same lease as scheduled runs and answered in the conversation
   * right away; it counts as that subscription's digest, so the next one starts from here.
   */
  async runNow(id: string, caller: UserIdentity): Promise<DigestCard> {
    const outcome = await this.deps.leases.withLease(`digest:${id}`, async () => {
      const current = await this.deps.repository.get(id);
      if (!current) throw new UserError('That digest is no longer set up here.', { hint: 'Say “show digest settings” to see what is.', reason: 'not-found' });
      checkCaller(current.value, caller);
      const composed = await this.compose(current.value, 'on-request');
      if ('waiting' in composed) throw new UserError(composed.waiting, { reason: SIGN_IN_REQUIRED });
      const { card, snapshot } = composed;
      const now = this.now();
      if (snapshot) await this.deps.repository.saveSnapshot(id, snapshot);
      await this.deps.repository.update(id, (s) => ({
        ...s,
        ...(snapshot ? { lastDigestAt: snapshot.takenAt } : {}),
        lastRun: { runId: `${id}@now-${now.toISOString()}`, at: now.toISOString(), outcome: 'sent', trigger: 'on-request' },
        updatedAt: now.toISOString(),
      }));
      return card;
    });
    if (!outcome) {
      throw new UserError('This digest is being prepared right now; it will arrive in a moment.', { reason: 'busy' });
    }
    return outcome.result;
  }
}
