import pino from 'pino';
import type { DigestCard } from '../../../../src/domain/digest/content.js';
import { NAMESPACES } from '../../../../src/store/namespaces.js';
import { deliverWith, type OutgoingMessage } from '../../../../src/proactive/outgoing.js';
import { ConversationDirectory, type StoredConversation } from '../../../../src/proactive/conversation-directory.js';
import { SendQueue, type SendQueueOptions } from '../../../../src/proactive/send-queue.js';
import { DigestRunner } from '../../../../src/schedule/digest-runner.js';
import { DigestService } from '../../../../src/schedule/digest-service.js';
import { Leases } from '../../../../src/schedule/leases.js';
import { DigestScheduler } from '../../../../src/schedule/scheduler.js';
import { SubscriptionRepository } from '../../../../src/schedule/subscriptions.js';
import { UserPreferences } from '../../../../src/schedule/user-preferences.js';
import type { KeyValueStore } from '../../../../src/store/types.js';
import { FakeObserver, FakeSender } from './fakes.js';

/** One "instance" of the digest machinery on a given store, with a fake estate and a recording Teams. */
export interface Instance {
  store: KeyValueStore;
  observer: FakeObserver;
  sender: FakeSender;
  queue: SendQueue<OutgoingMessage>;
  repository: SubscriptionRepository;
  runner: DigestRunner;
  scheduler: DigestScheduler;
  service: DigestService;
  leases: Leases;
}

export const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
export const silent = pino({ level: 'silent' });

export function conversationRecord(key: string, type: StoredConversation['type'] = 'channel'): StoredConversation {
  return {
    key,
    type,
    tenantId: TENANT,
    reference: { channelId: 'msteams', serviceUrl: 'https://smba.example/', conversation: { id: key, isGroup: type !== 'personal', conversationType: type, name: key } },
    updatedAt: new Date().toISOString(),
  };
}

export async function addConversation(store: KeyValueStore, key: string, type: StoredConversation['type'] = 'channel'): Promise<void> {
  await store.put(NAMESPACES.conversations, key, conversationRecord(key, type));
}

export function instance(
  store: KeyValueStore,
  options: { owner?: string; observer?: FakeObserver; sender?: FakeSender; queue?: SendQueueOptions; pollMs?: number; leaseMs?: number } = {},
): Instance {
  const observer = options.observer ?? new FakeObserver();
  const sender = options.sender ?? new FakeSender();
  const queue = new SendQueue<OutgoingMessage>(deliverWith(sender), options.queue);
  const repository = new SubscriptionRepository(store);
  const conversations = new ConversationDirectory(store);
  const leases = new Leases(store, options.owner ?? 'instance-a', options.leaseMs ?? 60_000);
  const runner = new DigestRunner({
    store,
    repository,
    leases,
    conversations,
    observer,
    queue,
    render: async (card: DigestCard) => ({ type: 'message', summary: card.summary, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card.data }] }),
    log: silent,
    tenantId: TENANT,
  });
  const scheduler = new DigestScheduler({ repository, runner, log: silent, pollMs: options.pollMs ?? 6 * 3_600_000 });
  const service = new DigestService({
    store,
    repository,
    conversations,
    preferences: new UserPreferences(store),
    runner,
    appIdentity: { available: true, name: "ShipShape's read-only identity" },
    defaultIdentity: 'app',
  });
  return { store, observer, sender, queue, repository, runner, scheduler, service, leases };
}

export const PRIYA = { channelUserId: '29:priya', aadObjectId: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51', name: 'Priya Raman' };
export const DIEGO = { channelUserId: '29:diego', aadObjectId: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d02', name: 'Diego Alvarez' };

/** Subscribes a conversation through the service, the way the command does. */
export async function subscribe(i: Instance, key: string, cron: string, timeZone: string, environment: 'prod' | 'staging' | 'all' = 'prod', identity: 'app' | 'user' = 'app') {
  await addConversation(i.store, key);
  return i.service.subscribe({
    conversation: { key, type: 'channel', tenantId: TENANT },
    user: PRIYA,
    environment,
    schedule: { cron, timeZone, label: `cron ${cron}`, frequency: 'cron' },
    identity,
  });
}
