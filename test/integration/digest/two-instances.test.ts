import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { claimOnce } from '../../../src/store/claims.js';
import { installationUpdate } from '../../harness/activities.js';
import { readableText } from '../../harness/cards.js';
import { startConnector, type Connector } from '../../harness/connector.js';
import { DEMO_TENANT_FILE, personas } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { startAzurite, type Azurite } from '../../unit/store/support/azurite.js';
import { Clock, eventually, startBot, type DigestBot } from './support/bot.js';

/**
 * Two bot instances on different ports sharing one Azure Blob store (Azurite): subscriptions made
 * on either are served by both schedulers, every digest goes out exactly once, and one instance
 * going away leaves the other to carry on.
 */

let workdir: string;
let azurite: Azurite;
let emulator: RunningEmulator;
let connector: Connector;
let a: DigestBot;
let b: DigestBot;
const clock = new Clock(new Date('2026-03-30T05:00:00Z'));
const CHANNELS = Array.from({ length: 12 }, (_, i) => `19:shared${String(i).padStart(2, '0')}@thread.tacv2`);

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-two-'));
  const caDir = path.join(workdir, 'ca');
  azurite = await startAzurite();
  emulator = await startEmulator({ tenantFile: DEMO_TENANT_FILE, host: '127.0.0.1', port: 0, caDir, app: { ...TEST_APP }, log: () => undefined });
  connector = await startConnector();
  const env = (id: string) => ({ STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: 'shipshape-shared', INSTANCE_ID: id });
  a = await startBot({ emulator, caDir, connector, dataDir: path.join(workdir, 'a'), clock, env: env('bot-a') });
  b = await startBot({ emulator, caDir, connector, dataDir: path.join(workdir, 'b'), clock, env: env('bot-b') });
}, 90_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await connector?.close();
  await emulator?.close();
  await azurite?.close();
  await rm(workdir, { recursive: true, force: true });
});

const digestsTo = (id: string) => connector.sent.filter((e) => e.kind === 'send' && e.conversationId === id && readableText(e.activity).startsWith('Security digest'));

/** Waits until every channel has `n` digests (watching the connector, not loading the store), then a little longer. */
async function allSent(n: number, what: string): Promise<void> {
  await eventually(() => CHANNELS.every((id) => digestsTo(id).length >= n) || undefined, 45_000, what);
  // Time for a duplicate to show up, if there were going to be one.
  await new Promise((resolve) => setTimeout(resolve, 800));
}

describe('two instances sharing Azurite', () => {
  test('subscriptions made on either instance: one digest per schedule, whoever sends it', async () => {
    for (const [i, id] of CHANNELS.entries()) {
      const bot = i % 2 === 0 ? a : b;
      const activity = installationUpdate(bot.context, { as: personas.priya, in: 'channel' });
      (activity.conversation as { id: string }).id = id;
      expect((await bot.teams.post(activity)).status).toBeLessThan(300);
      await bot.app.digests.service.subscribe({
        conversation: { key: id, type: 'channel', tenantId: emulator.tenantId },
        user: { channelUserId: personas.priya.id, aadObjectId: personas.priya.aadObjectId, name: personas.priya.name },
        environment: i % 3 === 0 ? 'staging' : 'prod',
        schedule: { cron: '0 9 * * *', timeZone: 'Europe/Paris', label: 'daily at 09:00', frequency: 'daily' },
        identity: 'app',
      });
    }
    // Both instances see every subscription, whichever one it was made on.
    for (const id of CHANNELS) expect(await a.app.digests.service.list(id)).toHaveLength(1);

    clock.set('2026-03-30T07:00:00Z');
    await allSent(1, 'the digests of 30 March');
    for (const id of CHANNELS) expect(digestsTo(id), id).toHaveLength(1);

    clock.set('2026-03-31T07:00:00Z');
    await allSent(2, 'the digests of 31 March');
    for (const id of CHANNELS) expect(digestsTo(id), id).toHaveLength(2);
    const [last] = await b.app.digests.service.list(CHANNELS[0] as string);
    expect(last?.lastRun).toMatchObject({ outcome: 'sent', at: expect.stringMatching(/^2026-03-31/) });
  }, 120_000);

  test('one execution per approval: claims from both instances at once, exactly one wins each', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `approval-${i}`);
    const results = await Promise.all(keys.flatMap((key) => [claimOnce(a.app.store, key, { by: 'bot-a' }), claimOnce(b.app.store, key, { by: 'bot-b' })]));
    for (let i = 0; i < keys.length; i++) {
      const won = [results[2 * i], results[2 * i + 1]].filter((r) => r !== undefined);
      expect(won, keys[i]).toHaveLength(1);
    }
  }, 30_000);

  test('an instance that shuts down leaves the other to send everything', async () => {
    await a.close();
    clock.set('2026-04-01T07:00:00Z');
    await allSent(3, 'the digests of 1 April, from the remaining instance');
    for (const id of CHANNELS) expect(digestsTo(id), id).toHaveLength(3);
  }, 90_000);
});
