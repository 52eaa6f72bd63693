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

/** "who can approve this?" end to end: the request's permission, the roles granting it and their holders, read from the emulator's RBAC. */

let workdir: string;
let emulator: RunningEmulator;
let connector: Connector;
let bot: DigestBot;

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-approvers-'));
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

describe('who can approve', () => {
  test('names the permission, the roles that grant it at the scope and who holds them', async () => {
    const asked = await bot.teams.say('disable the admin user on registry contosodev', { as: personas.priya });
    expect(asked.readable).toContain('Waiting for approval');
    const who = await bot.teams.say('who can approve this?', { as: personas.priya });
    expect(who.readable).toContain('Microsoft.ContainerRegistry/registries/write');
    expect(who.readable).toContain('Roles that grant it there: Contributor, Owner.');
    // The requester cannot approve their own change, so is never offered as an approver.
    expect(who.readable).not.toContain(personas.priya.aadObjectId);
  }, 90_000);
});
