import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { installationUpdate, type TeamsContext } from '../../harness/activities.js';
import { startConnector, type Connector } from '../../harness/connector.js';
import { DEMO_TENANT_FILE, personas } from '../../harness/personas.js';
import { BOT_NAME, TEST_APP } from '../../harness/stack.js';
import { TeamsClient } from '../../harness/teams-client.js';
import { Clock, eventually, startBot, type DigestBot } from './support/bot.js';
import { startLimitedConnector, type LimitedConnector } from './support/limited-connector.js';

/**
 * Proactive delivery against a connector that enforces Teams' limits and answers 429, 403 and 502:
 * every digest arrives exactly once, a refused conversation is switched off with the reason, and the
 * bot never retries behind the queue's back.
 */

let workdir: string;
let emulator: RunningEmulator;
let replies: Connector;
let teams: LimitedConnector;
let bot: DigestBot;
let installer: TeamsClient;
const clock = new Clock(new Date('2026-03-30T05:00:00Z'));
const CHANNELS = Array.from({ length: 24 }, (_, i) => `19:digest${String(i).padStart(2, '0')}@thread.tacv2`);
const BLOCKED = CHANNELS[3] as string;
const FLAKY = CHANNELS[5] as string;

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-delivery-'));
  const caDir = path.join(workdir, 'ca');
  emulator = await startEmulator({ tenantFile: DEMO_TENANT_FILE, host: '127.0.0.1', port: 0, caDir, app: { ...TEST_APP }, log: () => undefined });
  replies = await startConnector();
  // Tighter than Teams (10 a second per tenant) so that the bot's own pace (50) runs into 429s.
  teams = await startLimitedConnector({ perTenant: { count: 10, windowMs: 1_000 }, retryAfterSeconds: 1 });
  bot = await startBot({ emulator, caDir, connector: replies, dataDir: path.join(workdir, 'data'), clock });
  // Installations arrive from "Teams" with the limited connector as their service URL: digests go there.
  const context: TeamsContext = { serviceUrl: teams.url, tenantId: emulator.tenantId, bot: { id: `28:${TEST_APP.clientId}`, name: BOT_NAME } };
  installer = new TeamsClient(bot.url, replies, context);
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await teams?.close();
  await replies?.close();
  await emulator?.close();
  await rm(workdir, { recursive: true, force: true });
});

describe('proactive delivery within Teams limits', () => {
  test('24 channels due at once: each digest once, 429s honoured, a 403 switches that channel off with the reason', async () => {
    for (const id of CHANNELS) {
      const activity = installationUpdate(installer.context, { as: personas.priya, in: 'channel' });
      (activity.conversation as { id: string }).id = id;
      expect((await installer.post(activity)).status).toBeLessThan(300);
      await bot.app.digests.service.subscribe({
        conversation: { key: id, type: 'channel', tenantId: emulator.tenantId },
        user: { channelUserId: personas.priya.id, aadObjectId: personas.priya.aadObjectId, name: personas.priya.name },
        environment: 'prod',
        schedule: { cron: '0 7 * * *', timeZone: 'UTC', label: 'daily at 07:00', frequency: 'daily' },
        identity: 'app',
      });
    }
    teams.setFault((conversation, attempt) => (conversation === BLOCKED ? 403 : conversation === FLAKY && attempt <= 2 ? 502 : undefined));

    clock.set('2026-03-30T07:00:00Z');
    await eventually(async () => {
      const subs = await Promise.all(CHANNELS.map((c) => bot.app.digests.service.list(c)));
      return subs.every(([s]) => s?.lastRun !== undefined) || undefined;
    }, 30_000, 'every run to finish');

    for (const id of CHANNELS) expect(teams.to(id), id).toHaveLength(id === BLOCKED ? 0 : 1);
    expect(teams.throttled).toBeGreaterThan(0);
    const [blocked] = await bot.app.digests.service.list(BLOCKED);
    expect(blocked).toMatchObject({ status: 'disabled', lastRun: { outcome: 'failed' } });
    expect(blocked?.disabledReason).toMatch(/403 BotNotInConversationRoster.*removed from this conversation or blocked/);
    const [flaky] = await bot.app.digests.service.list(FLAKY);
    expect(flaky).toMatchObject({ status: 'active', lastRun: { outcome: 'sent' } });
    // Within 10 a second: 23 digests need at least two seconds. A throttled conversation waits its
    // Retry-After before trying again, so 429s stay well below one per conversation: no retry storm.
    const times = teams.delivered.map((d) => d.at);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(2_000);
    expect(teams.throttled).toBeLessThan(CHANNELS.length);
    // Every request is accounted for: deliveries, 429s, the 403 and the two 502s; nothing retried twice unseen.
    expect(teams.requests).toBe(teams.delivered.length + teams.throttled + 1 + 2);

    // The next day the switched-off channel gets nothing, the others one more each.
    teams.setFault(undefined);
    clock.set('2026-03-31T07:00:00Z');
    await eventually(() => (teams.delivered.length >= 46 ? true : undefined), 30_000, 'the second round');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(teams.to(BLOCKED)).toHaveLength(0);
    for (const id of CHANNELS.filter((c) => c !== BLOCKED)) expect(teams.to(id), id).toHaveLength(2);
  }, 90_000);
});
