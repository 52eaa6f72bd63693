import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App, type AppOverrides } from '../../../../src/app.js';
import { loadConfig } from '../../../../src/config/index.js';
import { startEmulator, type RunningEmulator } from '../../../../src/emulator/index.js';
import { createLogger } from '../../../../src/log/logger.js';
import { TEAM, type TeamsContext } from '../../../harness/activities.js';
import { startConnector, type Connector } from '../../../harness/connector.js';
import { startOpenIdServer, type OpenIdServer } from '../../../harness/openid-server.js';
import { DEMO_TENANT_FILE, rosterFor } from '../../../harness/personas.js';
import { TEST_APP } from '../../../harness/stack.js';
import { TeamsClient } from '../../../harness/teams-client.js';
import { startTokenService, type TokenService } from './token-service.js';

/**
 * ShipShape as deployed, run locally: an app id, so every activity must carry a valid channel
 * token; the bot's own token from an Entra-like authority; Teams SSO through a token service; and
 * on-behalf-of against the emulator. Only configuration differs from production.
 */

/** The bot's app registration in these tests (values that only exist here). */
export const BOT_APP = { id: 'b07a11ce-0000-4000-8000-0000000b07a1', secret: 'bot-app-test-only-secret' } as const;
export const CONNECTION = 'shipshape-sso';
/** What Teams SSO tokens for the bot are issued to (the bot's exposed API). */
export const SSO_AUDIENCE = `api://botid-${BOT_APP.id}`;

export interface AuthStackOptions {
  /** Bot instances sharing one store (default 1). */
  instances?: number;
  /** Instances get separate stores instead (a control for deduplication). */
  separateStores?: boolean;
  /** Extra environment for every instance. */
  env?: Record<string, string>;
  /** Log level of the instances (default silent); lines go to `logs`. */
  logLevel?: string;
  /** Test hooks for every instance (e.g. the digests' clock). */
  overrides?: Pick<AppOverrides, 'digests'>;
}

export interface BotInstance {
  app: App;
  url: string;
  teams: TeamsClient;
}

export interface AuthStack {
  emulator: RunningEmulator;
  connector: Connector;
  openid: OpenIdServer;
  tokenService: TokenService;
  instances: BotInstance[];
  /** The first instance's Teams client. */
  teams: TeamsClient;
  context: TeamsContext;
  /** Everything the instances logged, one line per entry. */
  logs: string[];
  /** Emulator request lines (`METHOD /path status`). */
  emulatorLog: string[];
  /** Where the emulator's CA lives (EMULATOR_CA_DIR). */
  caDir: string;
  close(): Promise<void>;
}

export async function startAuthStack(options: AuthStackOptions = {}): Promise<AuthStack> {
  const workdir = await mkdtemp(path.join(tmpdir(), 'shipshape-auth-'));
  const cleanups: (() => Promise<unknown>)[] = [() => rm(workdir, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    while (cleanups.length > 0) await (cleanups.pop() as () => Promise<unknown>)().catch(() => undefined);
  };
  const logs: string[] = [];
  const emulatorLog: string[] = [];
  try {
    const caDir = path.join(workdir, 'ca');
    const emulator = await startEmulator({ tenantFile: DEMO_TENANT_FILE, host: '127.0.0.1', port: 0, caDir, app: { ...TEST_APP }, log: (line) => emulatorLog.push(line) });
    cleanups.push(() => emulator.close());
    const openid = await startOpenIdServer({ appId: BOT_APP.id, appSecret: BOT_APP.secret, caDir });
    cleanups.push(() => openid.close());
    const connector = await startConnector({
      roster: rosterFor(DEMO_TENANT_FILE, emulator.tenantId),
      teams: [{ id: TEAM.id, name: TEAM.name, aadGroupId: TEAM.aadGroupId, channels: [TEAM.channel] }],
      authorize: (authorization) => openid.isBotToken(authorization),
    });
    cleanups.push(() => connector.close());
    const tokenService = await startTokenService({
      emulator,
      connectionName: CONNECTION,
      oboClientId: TEST_APP.clientId,
      ssoAudience: SSO_AUDIENCE,
      isBotToken: (authorization) => openid.isBotToken(authorization),
    });
    cleanups.push(() => tokenService.close());

    const context: TeamsContext = { serviceUrl: connector.url, tenantId: emulator.tenantId, bot: { id: `28:${BOT_APP.id}`, name: 'ShipShape' } };
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
        done();
      },
    });
    const instances: BotInstance[] = [];
    for (let i = 0; i < (options.instances ?? 1); i++) {
      const config = loadConfig({
        HOST: '127.0.0.1',
        MICROSOFT_APP_ID: BOT_APP.id,
        MICROSOFT_APP_PASSWORD: BOT_APP.secret,
        BOT_OPENID_METADATA_URL: openid.metadataUrl,
        BOT_AUTHORITY_HOST: openid.authorityHost,
        OAUTH_API_ENDPOINT: tokenService.url,
        OAUTH_CONNECTION_NAME: CONNECTION,
        EMULATOR_URL: emulator.baseUrl,
        EMULATOR_CA_DIR: caDir,
        AZURE_TENANT_ID: emulator.tenantId,
        AZURE_CLIENT_ID: TEST_APP.clientId,
        AZURE_CLIENT_SECRET: TEST_APP.clientSecret,
        DATA_DIR: path.join(workdir, options.separateStores ? `data-${i}` : 'data'),
        INSTANCE_ID: `auth-test-${i}`,
        DIGEST_SCHEDULER: 'off',
        PLAYGROUND: 'off',
        LOG_LEVEL: options.logLevel ?? 'silent',
        ...options.env,
      });
      const app = await createApp(config, { log: createLogger(config.logLevel, sink), ...options.overrides });
      cleanups.push(() => app.close());
      const url = (await app.listen(0, '127.0.0.1')).replace(/\/+$/, '');
      const teams = new TeamsClient(url, connector, context);
      // Teams signs every activity it sends with a channel token naming the activity's serviceUrl.
      teams.authorize = async (activity) => `Bearer ${await openid.channelToken({ serviceUrl: String(activity.serviceUrl) })}`;
      instances.push({ app, url, teams });
    }
    return { emulator, connector, openid, tokenService, instances, teams: (instances[0] as BotInstance).teams, context, logs, emulatorLog, caDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
