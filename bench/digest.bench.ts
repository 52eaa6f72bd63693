/**
 * Digest fan-out: 1,000 channels due at the same minute, sent through
 * the real runner, send queue and CloudAdapter to a local connector that enforces Teams' limits
 * (7 a second per conversation, 50 a second per app per tenant) and answers 429 when they are
 * exceeded. The minimum the limits allow is 1,000 / 50 = 20 s; the goal is 1.2× that, with no digest
 * lost and none sent twice. A second pass adds 2 % of random 429s, as Teams sends under load.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import pino from 'pino';
import { createCardRenderer } from '../src/bot/cards/index.js';
import { digestMessage } from '../src/bot/digest-message.js';
import { BotSender } from '../src/proactive/bot-sender.js';
import { ConversationDirectory } from '../src/proactive/conversation-directory.js';
import { deliverWith, type OutgoingMessage } from '../src/proactive/outgoing.js';
import { SendQueue } from '../src/proactive/send-queue.js';
import { DigestRunner } from '../src/schedule/digest-runner.js';
import { Leases } from '../src/schedule/leases.js';
import { DigestScheduler } from '../src/schedule/scheduler.js';
import { SubscriptionRepository } from '../src/schedule/subscriptions.js';
import { NAMESPACES } from '../src/store/namespaces.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { startLimitedConnector } from '../test/integration/digest/support/limited-connector.js';
import { conversationRecord } from '../test/unit/digest/support/runtime.js';
import { FakeObserver, finding, observation, subscription } from '../test/unit/digest/support/fakes.js';
import type { BenchResult } from './support/result.js';

const CHANNELS = 1_000;
const PER_TENANT = 50;
const MINIMUM_MS = (CHANNELS / PER_TENANT) * 1_000;
const log = (line: string): void => console.log(`  ${line}`);

async function fanOut(label: string, injected429: number): Promise<BenchResult[]> {
  const workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-bench-digest-'));
  const store = new SqliteStore(path.join(workdir, 'shipshape.db'));
  const teams = await startLimitedConnector({
    retryAfterSeconds: 1,
    // Seeded, so both runs of the bench see the same 429s.
    fault: (() => {
      let seed = 7;
      return () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed / 2 ** 31 < injected429 ? 429 : undefined;
      };
    })(),
  });
  try {
    const repository = new SubscriptionRepository(store);
    const keys = Array.from({ length: CHANNELS }, (_, i) => `19:bench${String(i).padStart(4, '0')}@thread.tacv2`);
    for (const key of keys) {
      const record = conversationRecord(key);
      await store.put(NAMESPACES.conversations, key, { ...record, reference: { ...record.reference, serviceUrl: teams.url } });
      await repository.save(subscription({ id: `${key}|prod`, conversationKey: key, nextRunAt: '2026-03-30T07:00:00.000Z' }), 'absent');
    }
    const observer = new FakeObserver();
    observer.current = observation({ findings: [finding('CVE-2021-44228'), finding('CVE-2024-3094', 'High')] });
    const queue = new SendQueue<OutgoingMessage>(deliverWith(new BotSender(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), '')));
    const silent = pino({ level: 'silent' });
    const runner = new DigestRunner({
      store,
      repository,
      leases: new Leases(store, 'bench', 120_000),
      conversations: new ConversationDirectory(store),
      observer,
      queue,
      render: digestMessage(createCardRenderer(store)),
      log: silent,
      tenantId: '72f988bf-0000-4000-8000-00000000c0de',
      now: () => new Date('2026-03-30T07:00:05Z'),
    });
    const scheduler = new DigestScheduler({ repository, runner, log: silent, pollMs: 60_000, now: () => new Date('2026-03-30T07:00:05Z') });

    const started = performance.now();
    await scheduler.tick();
    const elapsed = performance.now() - started;
    const counts = keys.map((k) => teams.to(k).length);
    const lost = counts.filter((n) => n === 0).length;
    const doubled = counts.filter((n) => n > 1).length;
    const ratio = elapsed / MINIMUM_MS;
    log(`${label}: ${teams.delivered.length} delivered in ${(elapsed / 1000).toFixed(1)} s, ${teams.throttled} limit 429s, ${teams.requests - teams.delivered.length - teams.throttled} injected 429s`);
    await queue.close();
    return [
      { name: `fan-out to ${CHANNELS.toLocaleString('en')} channels, ${label}`, value: elapsed, unit: 'ms', goal: `≤ ${((MINIMUM_MS * 1.2) / 1000).toFixed(0)} s`, pass: ratio <= 1.2 },
      { name: `  ratio to the minimum the limits allow (${MINIMUM_MS / 1000} s)`, value: ratio, unit: 'x', goal: '≤ 1.2×', pass: ratio <= 1.2 },
      { name: '  digests lost', value: lost, unit: 'channels', goal: '0', pass: lost === 0 },
      { name: '  digests sent twice', value: doubled, unit: 'channels', goal: '0', pass: doubled === 0 },
      { name: '  429s answered by the connector', value: teams.requests - teams.delivered.length, unit: 'requests' },
    ];
  } finally {
    await teams.close();
    await store.close();
    await rm(workdir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  return [...(await fanOut('limits enforced', 0)), ...(await fanOut('limits enforced + 2 % random 429s', 0.02))];
}
