import path from 'node:path';
import { createApp, type App, type AppOverrides } from '../../../../src/app.js';
import { loadConfig } from '../../../../src/config/index.js';
import type { RunningEmulator } from '../../../../src/emulator/index.js';
import type { TeamsContext } from '../../../harness/activities.js';
import type { Connector } from '../../../harness/connector.js';
import { BOT_NAME, TEST_APP } from '../../../harness/stack.js';
import { TeamsClient } from '../../../harness/teams-client.js';

/** A controllable clock shared by a test and the bots it starts: schedules see this time, timers stay real. */
export class Clock {
  constructor(public current: Date) {}
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export interface DigestBot {
  app: App;
  url: string;
  teams: TeamsClient;
  context: TeamsContext;
  close(): Promise<void>;
}

export interface BotOptions {
  emulator: RunningEmulator;
  caDir: string;
  /** Where replies to incoming activities go (and, via stored references, proactive digests). */
  connector: Connector;
  dataDir: string;
  clock: Clock;
  env?: Record<string, string>;
  overrides?: AppOverrides;
}

/** One bot process's worth (in this process): the real app on a random port, its scheduler polling every 100 ms. */
export async function startBot(options: BotOptions): Promise<DigestBot> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    EMULATOR_URL: options.emulator.baseUrl,
    EMULATOR_CA_DIR: options.caDir,
    AZURE_TENANT_ID: options.emulator.tenantId,
    AZURE_CLIENT_ID: TEST_APP.clientId,
    AZURE_CLIENT_SECRET: TEST_APP.clientSecret,
    DATA_DIR: options.dataDir,
    STORE_PATH: path.join(options.dataDir, 'shipshape.db'),
    PLAYGROUND: 'off',
    LOG_LEVEL: process.env.DIGEST_TEST_LOG ?? 'silent',
    DIGEST_POLL_SECONDS: '0.1',
    ...options.env,
  });
  const app = await createApp(config, { ...options.overrides, digests: { now: options.clock.now, ...options.overrides?.digests } });
  const url = (await app.listen(0, '127.0.0.1')).replace(/\/+$/, '');
  const context: TeamsContext = { serviceUrl: options.connector.url, tenantId: options.emulator.tenantId, bot: { id: `28:${TEST_APP.clientId}`, name: BOT_NAME } };
  return { app, url, context, teams: new TeamsClient(url, options.connector, context), close: () => app.close() };
}

/** Polls until `check` holds (or throws after `timeoutMs`), for things that happen on the scheduler's time. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
