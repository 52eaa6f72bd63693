import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type AppOverrides } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { startEmulator, type FaultOptions, type RunningEmulator } from '../../src/emulator/index.js';
import type { TeamsContext } from './activities.js';
import { TEAM } from './activities.js';
import { startConnector, type Connector, type RosterMember } from './connector.js';
import { DEMO_TENANT_FILE, rosterFor } from './personas.js';
import { TeamsClient } from './teams-client.js';

/**
 * The whole bot running locally for a test: the Azure emulator (HTTPS, its own CA in a temp dir),
 * a connector standing in for Teams, and the bot app on a random port wired to both.
 */

/** The Entra app the emulator registers and the bot uses for on-behalf-of (test-only values). */
export const TEST_APP = { clientId: '6c1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6', clientSecret: 'test-only-not-a-secret' } as const;
export const BOT_NAME = 'ShipShape';

export interface StackOptions {
  /** Tenant file for the emulator (default: the demo tenant). */
  tenantFile?: string;
  /** Parsed tenant JSON instead of a file. */
  tenant?: unknown;
  faults?: FaultOptions;
  /** Start the connector (default true). Off when something else (the Playground) plays Teams. */
  connector?: boolean;
  /** Connector roster (default: every demo persona). */
  roster?: RosterMember[];
  /** Extra or overriding environment keys for the bot's configuration. */
  env?: Record<string, string>;
  /** Test hooks of the app (e.g. `ackAfterMs: 0` to force the "working on it" acknowledgement). */
  app?: AppOverrides;
  /** Emulator log lines (default: dropped). */
  log?: (line: string) => void;
}

export interface Stack {
  workdir: string;
  emulator: RunningEmulator;
  /** The stand-in for Teams; not started (and not to be used) with `connector: false`. */
  connector: Connector;
  botUrl: string;
  tenantFile: string;
  context: TeamsContext;
  teams: TeamsClient;
  /** Stops everything; safe to call twice and after parts were stopped by the test. */
  close(): Promise<void>;
}

async function quietly(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch {
    // Teardown after a test stopped a part on purpose (e.g. the emulator for /readyz).
  }
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-test-'));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(workdir, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    while (cleanups.length > 0) await quietly(cleanups.pop() as () => Promise<unknown>);
  };

  try {
    const tenantFile = options.tenantFile ?? DEMO_TENANT_FILE;
    const caDir = path.join(workdir, 'ca');
    const emulator = await startEmulator({
      ...(options.tenant === undefined ? { tenantFile } : { tenant: options.tenant }),
      host: '127.0.0.1',
      port: 0,
      caDir,
      app: { ...TEST_APP },
      ...(options.faults ? { faults: options.faults } : {}),
      log: options.log ?? (() => undefined),
    });
    cleanups.push(() => emulator.close());

    const connector = options.connector === false ? undefined : await startConnector({
      roster: options.roster ?? rosterFor(tenantFile, emulator.tenantId),
      teams: [{ id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId, channels: [TEAM.channel] }],
    });
    if (connector) cleanups.push(() => connector.close());

    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      EMULATOR_URL: emulator.baseUrl,
      EMULATOR_CA_DIR: caDir,
      TENANT_FILE: tenantFile,
      // No AZURE_TENANT_ID: the bot learns the tenant (and its digest reader) from the emulator, as `npm start` does.
      AZURE_CLIENT_ID: TEST_APP.clientId,
      AZURE_CLIENT_SECRET: TEST_APP.clientSecret,
      DATA_DIR: path.join(workdir, 'data'),
      PLAYGROUND: 'off',
      LOG_LEVEL: 'silent',
      ...options.env,
    });
    const app = await createApp(config, options.app ?? {});
    cleanups.push(() => app.close());
    const botUrl = (await app.listen(0, '127.0.0.1')).replace(/\/+$/, '');

    const context: TeamsContext = {
      serviceUrl: connector?.url ?? '',
      tenantId: emulator.tenantId,
      bot: { id: `28:${TEST_APP.clientId}`, name: BOT_NAME },
    };
    return {
      workdir,
      emulator,
      // Callers that turned the connector off never touch it; the cast keeps every other test simple.
      connector: connector as Connector,
      botUrl,
      tenantFile,
      context,
      teams: new TeamsClient(botUrl, connector as Connector, context),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
