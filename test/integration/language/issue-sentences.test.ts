import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { startConnector, type Connector } from '../../harness/connector.js';
import { personas, rosterFor } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { Clock, startBot, type DigestBot } from '../digest/support/bot.js';
import { demoTenant } from '../digest/support/tenant-edit.js';

/** The phrasings security engineers reported as misunderstood, asked over the protocol against the emulator. */

let workdir: string;
let emulator: RunningEmulator;
let connector: Connector;
let bot: DigestBot;

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-phrasings-'));
  const caDir = path.join(workdir, 'ca');
  emulator = await startEmulator({ tenant: demoTenant(), host: '127.0.0.1', port: 0, caDir, app: { ...TEST_APP }, log: () => undefined });
  connector = await startConnector({ roster: rosterFor(undefined, emulator.tenantId), teams: [] });
  bot = await startBot({ emulator, caDir, connector, dataDir: path.join(workdir, 'data'), clock: new Clock(new Date()) });
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await connector?.close();
  await emulator?.close();
  await rm(workdir, { recursive: true, force: true });
});

describe('phrasings that used to fail, answered against the emulator', () => {
  test.for<[string, RegExp]>([
    ['is log4shell anywhere in prod', /Images with Log4Shell \(CVE-2021-44228\)/],
    ['log4j in prod', /package log4j/],
    ['whats runnin payments api 1.4.2', /Where payments\/api:1\.4\.2 runs/],
    ['critical vulns in prod that are running and internet facing', /internet-facing \(public IP\)/],
    ['which registries have admin user enabled', /Only registries with the admin user enabled: \d+ of \d+/],
    ['any privileged containers in prod?', /Privileged containers · prod/],
    ['check ACR config in production', /Registry posture/],
    ['are prod ACRs using private link?', /Only registries with private link|None of the \d+ registries/],
    ['which images have CVE\u20102024\u20103094', /Images with CVE-2024-3094/],
    ['what changed since yesterday', /What changed/],
  ])('%s', { timeout: 60_000 }, async ([text, expected]) => {
    const reply = await bot.teams.say(text, { as: personas.priya });
    expect(reply.readable).not.toMatch(/didn.t catch that/);
    expect(reply.readable).not.toMatch(/registry named/);
    expect(reply.readable).toMatch(expected);
  });
});
