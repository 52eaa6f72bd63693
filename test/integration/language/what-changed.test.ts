import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { startConnector, type Connector } from '../../harness/connector.js';
import { personas, rosterFor } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { Clock, startBot, type DigestBot } from '../digest/support/bot.js';
import { addFinding, demoTenant, resolveOne, type Tenant } from '../digest/support/tenant-edit.js';

/**
 * End to end over the Bot Framework protocol, against the emulator through the real SDK clients:
 * the asker's view is read one day, the tenant changes overnight (the emulator restarts with an
 * edited tenant on the same port), and "what changed since yesterday" lists exactly those changes.
 */

let workdir: string;
let caDir: string;
let tenant: Tenant;
let emulator: RunningEmulator;
let connector: Connector;
let bot: DigestBot;
const clock = new Clock(new Date('2026-03-30T09:00:00Z'));

async function emulate(): Promise<void> {
  const port = emulator ? Number(new URL(emulator.baseUrl).port) : 0;
  emulator = await startEmulator({ tenant, host: '127.0.0.1', port, caDir, app: { ...TEST_APP }, log: () => undefined });
}

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-changes-'));
  caDir = path.join(workdir, 'ca');
  tenant = demoTenant();
  await emulate();
  connector = await startConnector({ roster: rosterFor(undefined, emulator.tenantId), teams: [] });
  bot = await startBot({ emulator, caDir, connector, dataDir: path.join(workdir, 'data'), clock, overrides: { now: clock.now } });
}, 60_000);

afterAll(async () => {
  await bot?.close();
  await connector?.close();
  await emulator?.close();
  await rm(workdir, { recursive: true, force: true });
});

describe('what changed since yesterday', () => {
  test('lists exactly the findings that changed between two days in the asker\'s view', async () => {
    const first = await bot.teams.say('what changed since yesterday in prod', { as: personas.priya });
    expect(first.readable).toContain('I have no earlier record');

    const fixed = resolveOne(tenant, 'contosoprod');
    addFinding(tenant, 'contosoprod', 'CVE-2026-4343');
    await emulator.close();
    await emulate();

    clock.set('2026-03-31T09:00:00Z');
    const next = await bot.teams.say('what changed since yesterday in prod', { as: personas.priya });
    expect(next.readable).toMatch(/New criticals and highs \(1\)/);
    expect(next.readable).toContain('Critical CVE-2026-4343');
    expect(next.readable).not.toContain(fixed);
    expect(next.readable).toContain('**Resolved**: 1 critical, 0 high.');
    expect(next.readable).toContain('No image became stale.');
  }, 90_000);
});
