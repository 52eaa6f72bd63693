import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { installationUpdate, TEAM } from '../../harness/activities.js';
import { readableText } from '../../harness/cards.js';
import { startConnector, type Connector, type SentEntry } from '../../harness/connector.js';
import { personas, rosterFor } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { Clock, eventually, startBot, type DigestBot } from './support/bot.js';
import { addFinding, demoTenant, resolveOne, type Tenant } from './support/tenant-edit.js';

/**
 * Protocol level, end to end: Teams activities in, the emulator's estate read with the chosen
 * identity, proactive digests out through the connector. The tenant changes between runs (the
 * emulator restarts with an edited tenant on the same port), and the digest says exactly what changed.
 */

let workdir: string;
let caDir: string;
let tenant: Tenant;
let emulator: RunningEmulator;
let connector: Connector;
let bot: DigestBot;
const clock = new Clock(new Date('2026-03-30T06:00:00Z'));

async function emulate(): Promise<void> {
  const port = emulator ? Number(new URL(emulator.baseUrl).port) : 0;
  emulator = await startEmulator({ tenant, host: '127.0.0.1', port, caDir, app: { ...TEST_APP }, log: () => undefined });
}

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-digest-'));
  caDir = path.join(workdir, 'ca');
  tenant = demoTenant();
  await emulate();
  connector = await startConnector({
    roster: rosterFor(undefined, emulator.tenantId),
    teams: [{ id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId, channels: [TEAM.channel] }],
  });
  bot = await startBot({ emulator, caDir, connector, dataDir: path.join(workdir, 'data'), clock });
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await connector?.close();
  await emulator?.close();
  await rm(workdir, { recursive: true, force: true });
});

const digestsIn = (conversationId: string): SentEntry[] =>
  connector.sent.filter((e) => e.kind === 'send' && e.conversationId === conversationId && readableText(e.activity).startsWith('Security digest'));

async function nextDigest(conversationId: string, count: number): Promise<string> {
  const entry = await eventually(() => digestsIn(conversationId)[count - 1], 30_000, `digest #${count} in ${conversationId}`);
  return readableText(entry.activity);
}

describe('scheduled digests over the Bot Framework protocol', () => {
  test('a channel subscribes; at 09:00 Paris it gets a baseline, the next day exactly what changed', async () => {
    expect((await bot.teams.post(installationUpdate(bot.context, { as: personas.priya, in: 'channel' }))).status).toBeLessThan(300);
    const reply = await bot.teams.say('send a daily digest here at 9:00 for prod Europe/Paris', { in: 'channel' });
    expect(reply.readable).toMatch(/Subscribed: a digest for prod, daily at 09:00 \(Europe\/Paris\)/);

    clock.set('2026-03-30T07:00:01Z');
    const baseline = await nextDigest(TEAM.channel.id, 1);
    expect(baseline).toMatch(/Baseline: \d+ open criticals? and \d+ open highs? right now/);
    expect(baseline).toContain("read as ShipShape's read-only identity");
    expect(baseline).toMatch(/3 subscriptions · \d+ registr/);

    // Overnight one critical is fixed and a new one appears in contosoprod.
    const fixed = resolveOne(tenant, 'contosoprod');
    addFinding(tenant, 'contosoprod', 'CVE-2026-4242');
    await emulator.close();
    await emulate();

    clock.set('2026-03-31T07:00:01Z');
    const next = await nextDigest(TEAM.channel.id, 2);
    expect(next).toContain('1 new critical and 1 resolved.');
    expect(next).toContain('CVE-2026-4242');
    expect(next).not.toContain(fixed);
    expect(next).toContain('Since Mon 30 Mar, 09:00');
    // One digest per occurrence, nothing more.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(digestsIn(TEAM.channel.id)).toHaveLength(2);
  }, 90_000);

  test('whose view: “as me” reads with the subscriber’s own access, and the card says so', async () => {
    const reply = await bot.teams.say('daily digest at 9:00 for all environments as me Europe/Paris', { in: 'groupChat', as: personas.diego });
    expect(reply.readable).toMatch(/Read with Diego Alvarez's own access/);
    const chat = String((reply.incoming.conversation as { id: string }).id);
    clock.set('2026-04-01T07:00:01Z');
    const digest = await nextDigest(chat, 1);
    expect(digest).toContain("read with Diego Alvarez's own access");
    // Diego reads the dev subscription only; the bot's identity would have read all three.
    expect(digest).toMatch(/1 subscription · /);
  }, 60_000);

  test('settings show the digest and its last run; removing the app forgets the channel and stops its digests', async () => {
    const settings = await bot.teams.say('show digest settings', { in: 'channel' });
    expect(settings.readable).toMatch(/prod · daily at 09:00/);
    expect(settings.readable).toMatch(/Last: sent /);
    expect(await bot.app.digests.conversations.get(TEAM.channel.id)).toBeDefined();

    await bot.teams.post(installationUpdate(bot.context, { as: personas.priya, in: 'channel', action: 'remove' }));
    expect(await bot.app.digests.conversations.get(TEAM.channel.id)).toBeUndefined();
    expect(await bot.app.digests.service.list(TEAM.channel.id)).toEqual([]);
    const before = digestsIn(TEAM.channel.id).length;
    clock.set('2026-04-02T07:00:01Z');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(digestsIn(TEAM.channel.id)).toHaveLength(before);
  }, 60_000);
});
