import type { DigestCard } from '../domain/digest/content.js';
import type { AwayMode, DigestCommandsPort, DigestSelector, SubscribeRequest, SubscribeResult } from '../domain/digest/ports.js';
import { SCHEDULE_EXAMPLES } from '../domain/digest/schedule-text.js';
import { canonicalTimeZone } from '../domain/digest/time-zones.js';
import type { DigestIdentity, DigestSubscription } from '../domain/digest/types.js';
import type { Environment } from '../domain/environment.js';
import type { UserIdentity } from '../domain/identity.js';
import { UserError } from '../domain/errors.js';
import type { ConversationDirectory } from '../proactive/conversation-directory.js';
import { NAMESPACES } from '../store/namespaces.js';
import type { KeyValueStore } from '../store/types.js';
import type { DigestRunner } from './digest-runner.js';
import { checkCron, nextRunAfter } from './next-run.js';
import { subscriptionId, type SubscriptionRepository } from './subscriptions.js';
import type { UserPreferences } from './user-preferences.js';

export interface DigestServiceDeps {
  store: KeyValueStore;
  repository: SubscriptionRepository;
  conversations: ConversationDirectory;
  preferences: UserPreferences;
  runner: Pick<DigestRunner, 'runNow'>;
  /** `check`: whether the identity can sign in now (its refusal in plain words when not). */
  appIdentity: { available: boolean; name: string; check?: () => Promise<UserError | undefined> };
  defaultIdentity: DigestIdentity;
  /** Renewable grants for digests read as their subscriber; undefined when the installation keeps none. */
  grants?: { capture(user: UserIdentity, purpose: 'digest'): Promise<void> };
  /** The local emulator's stand-in reads as anyone at any time: nothing waits, nothing to say. */
  readsAsAnyoneAnytime?: boolean;
  now?: () => Date;
}


const EXAMPLES_HINT = `For example: ${SCHEDULE_EXAMPLES.slice(0, 3).map((e) => `“${e}”`).join(' · ')}`;

function envLabel(env: Environment | undefined): string {
  return env ?? 'all environments';
}

/** Subscribing, listing, unsubscribing and "digest now", for the commands; the rules live here. */
export class DigestService implements DigestCommandsPort {
  readonly appIdentity: { available: boolean; name: string };
  private readonly now: () => Date;

  constructor(private readonly deps: DigestServiceDeps) {
    this.appIdentity = { available: deps.appIdentity.available, name: deps.appIdentity.name };
    this.now = deps.now ?? (() => new Date());
  }

  private async pick(conversationKey: string, environment: SubscribeRequest['environment']): Promise<Environment | undefined> {
    if (environment === 'all') return undefined;
    if (environment !== 'unsaid') return environment;
    const existing = await this.deps.repository.byConversation(conversationKey);
    if (existing.length <= 1) return existing[0]?.environment;
    throw new UserError(`This conversation has ${existing.length} digests (${existing.map((s) => envLabel(s.environment)).join(', ')}): say which one to change.`, {
      hint: 'For example: “weekly on Monday 8:00 Europe/Paris for prod”.',
      reason: 'ambiguous',
    });
  }

  async subscribe(request: SubscribeRequest): Promise<SubscribeResult> {
    const now = this.now();
    const key = request.conversation.key;
    if (!(await this.deps.conversations.get(key))) {
      throw new UserError('ShipShape does not have this conversation’s address for posting on its own yet.', {
        hint: 'Remove the app from this conversation and add it again, then ask once more.',
        reason: 'no-reference',
      });
    }
    const environment = await this.pick(key, request.environment);
    const id = subscriptionId(key, environment);
    const existing = await this.deps.repository.get(id);
    const identity = request.identity ?? existing?.value.identity ?? this.deps.defaultIdentity;
    if (identity === 'app' && !this.appIdentity.available) {
      throw new UserError('This installation has no read-only identity of its own for digests.', {
        hint: 'Say “… as me” to read digests with your own access, or ask an administrator to configure DIGEST_CLIENT_ID.',
        reason: 'no-app-identity',
      });
    }
    // Configured but refused by Entra (wrong tenant, expired secret): say so now, not at 09:00.
    const refused = identity === 'app' ? await this.deps.appIdentity.check?.() : undefined;
    if (refused) throw refused;
    const preferred = await this.deps.preferences.timeZoneOf(request.user);
    const timeZone = request.schedule.timeZone ?? (preferred ? canonicalTimeZone(preferred) : undefined) ?? existing?.value.schedule.timeZone ?? 'UTC';
    const schedule = { cron: request.schedule.cron, timeZone, label: request.schedule.label };
    const check = checkCron(schedule, now);
    if (!check.ok) throw new UserError(check.problem, { hint: EXAMPLES_HINT, reason: 'invalid-schedule' });
    const next = nextRunAfter(schedule, now);
    if (!next) throw new UserError(`“${schedule.cron}” never runs again.`, { hint: EXAMPLES_HINT, reason: 'invalid-schedule' });

    const previous = existing?.value;
    // Another view of the estate makes the old snapshot meaningless: the next digest is a new baseline.
    const sameView = previous && previous.identity === identity && (identity === 'app' || previous.subscriber.aadObjectId === request.user.aadObjectId);
    const subscription: DigestSubscription = {
      id,
      conversationKey: key,
      conversationType: request.conversation.type,
      ...(request.conversation.tenantId ? { tenantId: request.conversation.tenantId } : {}),
      environment,
      schedule,
      identity,
      subscriber: request.user,
      createdAt: previous?.createdAt ?? now.toISOString(),
      updatedAt: now.toISOString(),
      status: 'active',
      nextRunAt: next.toISOString(),
      ...(sameView && previous.lastDigestAt ? { lastDigestAt: previous.lastDigestAt } : {}),
      ...(previous?.lastRun ? { lastRun: previous.lastRun } : {}),
    };
    if (!sameView) await this.deps.store.delete(NAMESPACES.digestSnapshots, id);
    await this.deps.repository.save(subscription, existing?.etag ?? 'absent', previous);
    if (identity === 'app') return { subscription, replaced: previous };
    const noAppIdentity = request.identity === undefined && !this.appIdentity.available;
    const away = this.deps.readsAsAnyoneAnytime ? undefined : await this.leaveGrant(request.user);
    return { subscription, replaced: previous, ...(away ? { away } : {}), ...(noAppIdentity ? { noAppIdentity } : {}) };
  }

  /** In the subscriber's turn: the renewable sign-in their digest reads with while they are away. */
  private async leaveGrant(user: UserIdentity): Promise<AwayMode> {
    if (!this.deps.grants) return 'skips';
    try {
      await this.deps.grants.capture(user, 'digest');
      return 'renewable';
    } catch {
      // Without a grant the digest still works: it waits for the subscriber's next message.
      return 'asks';
    }
  }

  list(conversationKey: string): Promise<DigestSubscription[]> {
    return this.deps.repository.byConversation(conversationKey);
  }

  private async select(conversationKey: string, select: DigestSelector = {}): Promise<DigestSubscription[]> {
    const all = await this.deps.repository.byConversation(conversationKey);
    if (select.id !== undefined) return all.filter((s) => s.id === select.id);
    if (select.environment !== undefined) return all.filter((s) => (s.environment ?? 'all') === select.environment);
    return all;
  }

  async unsubscribe(conversationKey: string, select?: DigestSelector): Promise<DigestSubscription[]> {
    const removed = await this.select(conversationKey, select);
    for (const sub of removed) await this.deps.repository.remove(sub);
    return removed;
  }

  /** The app was removed from these conversations: their digests stop and their records go. */
  async conversationsRemoved(keys: readonly string[]): Promise<number> {
    let n = 0;
    for (const key of keys) n += (await this.unsubscribe(key)).length;
    return n;
  }

  async runNow(conversationKey: string, caller: UserIdentity, select?: DigestSelector): Promise<{ subscription: DigestSubscription; card: DigestCard }> {
    const chosen = await this.select(conversationKey, select);
    if (chosen.length === 0) {
      const message = select?.id !== undefined ? 'That digest is no longer set up here.' : select?.environment !== undefined ? `No digest for ${envLabel(select.environment === 'all' ? undefined : select.environment)} is set up in this conversation.` : 'No digest is set up in this conversation yet.';
      throw new UserError(message, {
        hint: EXAMPLES_HINT,
        reason: 'no-subscription',
      });
    }
    if (chosen.length > 1) {
      throw new UserError(`This conversation has ${chosen.length} digests (${chosen.map((s) => envLabel(s.environment)).join(', ')}): say which one.`, {
        hint: `For example: “digest now for ${chosen[0]?.environment ?? 'prod'}”.`,
        reason: 'ambiguous',
      });
    }
    const subscription = chosen[0] as DigestSubscription;
    return { subscription, card: await this.deps.runner.runNow(subscription.id, caller) };
  }
}
