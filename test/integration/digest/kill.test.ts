import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DigestSubscription } from '../../../src/domain/digest/types.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { NAMESPACES } from '../../../src/store/namespaces.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import type { RunRecord } from '../../../src/schedule/digest-runner.js';
import { SubscriptionRepository } from '../../../src/schedule/subscriptions.js';
import { DEMO_TENANT_FILE } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { conversationRecord } from '../../unit/digest/support/runtime.js';
import { subscription } from '../../unit/digest/support/fakes.js';
import { eventually } from './support/bot.js';
import { startLimitedConnector, type LimitedConnector } from './support/limited-connector.js';

/**
 * `kill -9` in the middle of a digest run, twice: first while the digests are still being composed,
 * then (in the process that took over) while they are being sent, some out and the rest waiting on
 * Teams' Retry-After. A third process on the same store finishes the job: every channel gets its
 * digest exactly once.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const CHANNELS = Array.from({ length: 30 }, (_, i) => `19:kill${String(i).padStart(2, '0')}@thread.tacv2`);
let workdir: string;
let file: string;
let emulator: RunningEmulator;
let teams: LimitedConnector;
const children: ChildProcess[] = [];

function start(now: string, instanceId: string, leaseMs = 120_000): Promise<ChildProcess> {
  const env = {
    EMULATOR_URL: emulator.baseUrl,
    EMULATOR_CA_DIR: path.join(workdir, 'ca'),
    AZURE_TENANT_ID: emulator.tenantId,
    AZURE_CLIENT_ID: TEST_APP.clientId,
    AZURE_CLIENT_SECRET: TEST_APP.clientSecret,
    DATA_DIR: workdir,
    STORE_PATH: file,
    INSTANCE_ID: instanceId,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'support', 'digest-child.ts'), JSON.stringify({ env, now, leaseMs })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bot process exited early (${String(code)})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString('utf8').includes('ready')) resolve(child);
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Waits until Teams has seen no request for `quietMs`: nothing in flight, nothing about to be retried soon. */
async function quiet(quietMs = 400): Promise<void> {
  let last = teams.requests;
  let since = Date.now();
  await eventually(() => {
    if (teams.requests !== last) {
      last = teams.requests;
      since = Date.now();
    }
    return Date.now() - since >= quietMs || undefined;
  }, 20_000, 'the connector to go quiet');
}

async function stored<T>(read: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore(file);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-kill-'));
  file = path.join(workdir, 'shipshape.db');
  emulator = await startEmulator({ tenantFile: DEMO_TENANT_FILE, host: '127.0.0.1', port: 0, caDir: path.join(workdir, 'ca'), app: { ...TEST_APP }, log: () => undefined });
  // When it throttles, Teams asks for a minute's pause: long enough to kill a process that is waiting.
  teams = await startLimitedConnector({ retryAfterSeconds: 60 });
  await stored(async (store) => {
    const repository = new SubscriptionRepository(store);
    for (const key of CHANNELS) {
      const record = conversationRecord(key);
      await store.put(NAMESPACES.conversations, key, { ...record, reference: { ...record.reference, serviceUrl: teams.url } });
      const sub: DigestSubscription = subscription({ id: `${key}|prod`, conversationKey: key, nextRunAt: '2026-03-30T07:00:00.000Z' });
      await repository.save(sub, 'absent');
    }
  });
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await teams?.close();
  await emulator?.close();
  await rm(workdir, { recursive: true, force: true });
});

describe('kill -9 during a digest run', () => {
  test('killed while composing, then while sending: nothing lost, nothing sent twice', async () => {
    // Slow Azure: reading the estate takes seconds, so the first kill lands before anything is sent.
    emulator.setFaults({ latencyMs: 800, throttle: false });
    const composing = await start('2026-03-30T07:00:30Z', 'bot-1', 3_000);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await kill(composing);
    expect(teams.requests).toBe(0);

    // Another instance id, so it waits for the dead one's leases to expire (3 s) before taking over.
    // Teams accepts a dozen, then asks for a minute's pause: the process holds the rest, then dies.
    emulator.setFaults({ throttle: false });
    teams.setFault(() => (teams.delivered.length >= 12 ? 429 : undefined));
    const sending = await start('2026-03-30T07:01:00Z', 'bot-2', 3_000);
    await eventually(() => (teams.delivered.length >= 12 && teams.requests > 12 ? true : undefined), 40_000, 'a dozen digests');
    await quiet();
    await kill(sending);
    const sentBefore = teams.delivered.length;
    expect(sentBefore).toBeGreaterThanOrEqual(12);
    expect(sentBefore).toBeLessThan(CHANNELS.length);

    // The same instance id again: it takes back its own leases at once and finishes the run.
    teams.setFault(undefined);
    const last = await start('2026-03-30T07:02:00Z', 'bot-2', 3_000);
    await eventually(() => (CHANNELS.every((c) => teams.to(c).length >= 1) ? true : undefined), 40_000, 'every channel');
    await new Promise((resolve) => setTimeout(resolve, 800));
    await kill(last);
    for (const c of CHANNELS) expect(teams.to(c), c).toHaveLength(1);

    const { subs, runs } = await stored(async (store) => {
      const subs: DigestSubscription[] = [];
      for await (const s of new SubscriptionRepository(store).all()) subs.push(s);
      const runs: RunRecord[] = [];
      for await (const r of store.list<RunRecord>(NAMESPACES.digestRuns)) runs.push(r.value);
      return { subs, runs };
    });
    expect(subs.every((s) => s.nextRunAt === '2026-03-31T07:00:00.000Z' && s.lastRun?.outcome === 'sent' && s.lastDigestAt)).toBe(true);
    expect(runs.map((r) => r.state)).toEqual(CHANNELS.map(() => 'sent'));
  }, 120_000);
});
