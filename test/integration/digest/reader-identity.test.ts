import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { installationUpdate, TEAM } from '../../harness/activities.js';
import { readableText } from '../../harness/cards.js';
import { startConnector, type Connector } from '../../harness/connector.js';
import { DEMO_TENANT_FILE, personas, rosterFor } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { Clock, eventually, startBot, type DigestBot } from './support/bot.js';

/**
 * The digest reader identity configured but refused by Entra (an app the tenant does not know, a
 * secret that expired after subscribing): at subscription time the subscriber is told in plain
 * words and offered "as me"; at run time the digest says what is wrong, never "something went wrong".
 */

let workdir: string;
let emulator: RunningEmulator;
let connector: Connector;
let bot: DigestBot | undefined;
const clock = new Clock(new Date('2026-03-30T06:00:00Z'));
/** An app id no tenant here knows: what a wrong or deleted DIGEST_CLIENT_ID looks like. */
const REFUSED = { DIGEST_CLIENT_ID: '0bad0bad-0000-4000-8000-00000000dead', DIGEST_CLIENT_SECRET: 'no-such-app' };

async function restart(env: Record<string, string>): Promise<DigestBot> {
  await bot?.close();
  bot = await startBot({ emulator, caDir: path.join(workdir, 'ca'), connector, dataDir: path.join(workdir, 'data'), clock, env });
  return bot;
}

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-reader-'));
  emulator = await startEmulator({ tenantFile: DEMO_TENANT_FILE, host: '127.0.0.1', port: 0, caDir: path.join(workdir, 'ca'), app: { ...TEST_APP }, log: () => undefined });
  connector = await startConnector({
    roster: rosterFor(undefined, emulator.tenantId),
    teams: [{ id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId, channels: [TEAM.channel] }],
  });
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await connector?.close();
  await emulator?.close();
  await rm(workdir, { recursive: true, force: true });
});

describe('a digest identity Entra refuses', () => {
  test('at subscription time: plain words and "as me" offered; nothing is subscribed', async () => {
    const b = await restart(REFUSED);
    await b.teams.post(installationUpdate(b.context, { as: personas.priya, in: 'channel' }));
    const reply = await b.teams.say('send a daily digest here at 9:00 for prod Europe/Paris', { in: 'channel' });
    expect(reply.readable).toMatch(/read-only identity for digests cannot sign in: Entra does not know its app in this tenant \(AADSTS700016\)/);
    expect(reply.readable).toMatch(/as me/);
    expect(reply.readable).not.toMatch(/something went wrong/i);
    expect(await b.app.digests.service.list(TEAM.channel.id)).toEqual([]);
  }, 60_000);

  test('at run time (refused after subscribing): "digest now" and the scheduled digest explain it', async () => {
    let b = await restart({});
    expect((await b.teams.say('send a daily digest here at 9:00 for prod Europe/Paris', { in: 'channel' })).readable).toMatch(/Subscribed/);
    b = await restart(REFUSED);
    const now = await b.teams.say('digest now', { in: 'channel' });
    expect(now.readable).toMatch(/cannot sign in: Entra does not know its app/);
    expect(now.readable).not.toMatch(/something went wrong/i);

    const since = connector.sent.length;
    clock.set('2026-03-30T07:00:01Z');
    const entry = await eventually(() => connector.sent.slice(since).find((e) => e.kind === 'send' && readableText(e.activity).startsWith('Security digest')), 30_000, 'the scheduled digest');
    const text = readableText(entry.activity);
    expect(text).toMatch(/could not be read: ShipShape's read-only identity for digests cannot sign in/);
    expect(text).not.toMatch(/something went wrong/i);
  }, 90_000);
});
