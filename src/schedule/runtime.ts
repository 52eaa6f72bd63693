import type { Activity, CloudAdapter } from 'botbuilder';
import type { CredentialFactory, TurnPerson } from '../azure/credentials.js';
import type { DelegatedGrants } from '../azure/delegated-grants.js';
import { DelegatedWorkCredentials } from '../azure/delegated-work.js';
import { DigestReaderCredentials } from '../azure/digest-reader.js';
import { DefenderFindingsSource } from '../azure/findings/index.js';
import { ArmCompliance } from '../azure/posture/index.js';
import { ResourceGraphFindingsSource } from '../azure/resourcegraph/index.js';
import type { AppConfig } from '../config/index.js';
import type { DigestCard } from '../domain/digest/content.js';
import type { FindingsSource } from '../domain/findings/index.js';
import { EstateDigestObserver, type EstateObserverOptions } from '../domain/digest/estate-observer.js';
import { NO_APPROVALS_YET, type ApprovalsDigestPort, type DigestObserver } from '../domain/digest/ports.js';
import type { Logger } from '../log/logger.js';
import { BotSender, type ProactiveSender } from '../proactive/bot-sender.js';
import { ConversationDirectory } from '../proactive/conversation-directory.js';
import { deliverWith, type OutgoingMessage } from '../proactive/outgoing.js';
import { SendQueue, type SendQueueOptions } from '../proactive/send-queue.js';
import type { KeyValueStore } from '../store/types.js';
import { DigestRunner } from './digest-runner.js';
import { DigestService } from './digest-service.js';
import { Leases } from './leases.js';
import { DigestScheduler } from './scheduler.js';
import { SharedObserver } from './shared-observer.js';
import { SignInNotices } from './sign-in-notices.js';
import { SubscriptionRepository } from './subscriptions.js';
import { UserPreferences } from './user-preferences.js';

/** Test and bench hooks; production uses none of them. */
export interface DigestOverrides {
  observer?: DigestObserver;
  approvals?: ApprovalsDigestPort;
  sender?: ProactiveSender;
  queue?: SendQueueOptions;
  now?: () => Date;
  pollMs?: number;
  leaseMs?: number;
}

export interface DigestRuntimeDeps {
  config: AppConfig;
  store: KeyValueStore;
  adapter: CloudAdapter;
  /** Delegated credentials of the subscriber, for digests read "as me" (in their turn). */
  userCredentials: CredentialFactory;
  /** Renewable grants subscribers leave for digests read as them outside their turn; none when no key is configured. */
  grants?: DelegatedGrants;
  /** The person whose turn is running, undefined outside any turn. */
  turn?: () => TurnPerson | undefined;
  /** `allow`: delegated credentials work outside a turn (the local emulator's stand-in). */
  outsideTurn?: 'allow' | 'refuse';
  render(card: DigestCard, conversationKey: string): Promise<Partial<Activity>>;
  /** Pending approvals and suppressions about to end, from the approval flow; none when absent. */
  approvals?: ApprovalsDigestPort;
  /** Suppressions in force: digests leave their findings out. */
  suppressions?: EstateObserverOptions['suppressions'];
  log: Logger;
  overrides?: DigestOverrides;
}

export interface DigestRuntime {
  service: DigestService;
  /** Reads the estate as digests see it; "what changed" compares its reads too. */
  observer: DigestObserver;
  conversations: ConversationDirectory;
  preferences: UserPreferences;
  /** Digests waiting for their subscriber to sign in again, told on their next message. */
  notices: SignInNotices;
  scheduler: DigestScheduler;
  runner: DigestRunner;
  queue: SendQueue<OutgoingMessage>;
  start(): void;
  /** Stops scheduling, lets sends in flight finish, leaves unsent digests for the next instance or start. */
  stop(): Promise<void>;
}

const APP_NAME = "ShipShape's read-only identity";

/**
 * Findings for digests read the way the cards read them (Resource Graph, per subscription when it
 * refuses or fails), so that a digest and a question about the same scope count the same findings
 * from the same source.
 */
function digestFindings(config: AppConfig, credentials: CredentialFactory, log: Logger, identity: 'app' | 'subscriber'): FindingsSource {
  return new ResourceGraphFindingsSource(config.azure, credentials, new DefenderFindingsSource(config.azure, credentials), {
    onFallback: (reason) => log.warn({ reason, identity }, 'digests: Resource Graph failed, read per subscription'),
  });
}

export function createDigestRuntime(deps: DigestRuntimeDeps): DigestRuntime {
  const { config, store, log } = deps;
  const o = deps.overrides ?? {};
  const reader = config.digests.reader;
  const appCredentials = reader ? new DigestReaderCredentials(config.azure, reader) : undefined;
  // "As me" outside the subscriber's turn: their renewable grant, or (locally) the emulator's stand-in.
  const userCredentials = new DelegatedWorkCredentials(deps.userCredentials, deps.grants, 'digest', deps.turn ?? (() => undefined));
  const observer =
    o.observer ??
    new EstateDigestObserver({
      app: appCredentials
        ? { findings: digestFindings(config, appCredentials, log, 'app'), compliance: new ArmCompliance(config.azure, appCredentials) }
        : undefined,
      user: { findings: digestFindings(config, userCredentials, log, 'subscriber'), compliance: new ArmCompliance(config.azure, userCredentials) },
      approvals: o.approvals ?? deps.approvals ?? NO_APPROVALS_YET,
      appName: APP_NAME,
      ...(deps.suppressions ? { suppressions: deps.suppressions } : {}),
    });

  const repository = new SubscriptionRepository(store);
  const conversations = new ConversationDirectory(store);
  const preferences = new UserPreferences(store);
  const notices = new SignInNotices(store);
  const leases = new Leases(store, config.instanceId, o.leaseMs ?? 120_000);
  const sender = o.sender ?? new BotSender(deps.adapter, config.bot.appId ?? '');
  const queue = new SendQueue<OutgoingMessage>(deliverWith(sender), o.queue);
  const runner = new DigestRunner({
    store,
    repository,
    leases,
    conversations,
    observer: new SharedObserver(observer),
    queue,
    render: deps.render,
    log,
    tenantId: config.azure.tenantId,
    notices,
    ...(o.now ? { now: o.now } : {}),
  });
  const scheduler = new DigestScheduler({
    repository,
    runner,
    log,
    pollMs: o.pollMs ?? config.digests.pollSeconds * 1000,
    ...(o.now ? { now: o.now } : {}),
  });
  const service = new DigestService({
    store,
    repository,
    conversations,
    preferences,
    runner,
    appIdentity: { available: appCredentials !== undefined, name: APP_NAME, ...(appCredentials ? { check: () => appCredentials.check() } : {}) },
    defaultIdentity: config.digests.defaultIdentity,
    ...(deps.grants ? { grants: deps.grants } : {}),
    readsAsAnyoneAnytime: deps.outsideTurn === 'allow',
    ...(o.now ? { now: o.now } : {}),
  });

  return {
    service,
    observer,
    conversations,
    preferences,
    notices,
    scheduler,
    runner,
    queue,
    start() {
      if (config.digests.scheduler) scheduler.start();
    },
    async stop() {
      // Runs waiting to send resolve `deferred` once the queue closes, so the scheduler's wait ends promptly.
      await Promise.all([scheduler.stop(), queue.close()]);
    },
  };
}
