import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { ArmAccess } from './azure/access.js';
import { OnBehalfOfCredentialFactory } from './azure/credentials.js';
import { createAzureProbe } from './azure/reachability.js';
import { EmulatorSsoAssertions, NoSignInConfigured } from './azure/user-assertion.js';
import { createAdapter } from './bot/adapter.js';
import { createCardRenderer } from './bot/cards/index.js';
import { ShipShapeBot } from './bot/shipshape-bot.js';
import { commands, createCommandRouter } from './commands/index.js';
import type { AppConfig } from './config/index.js';
import { createServer } from './http/server.js';
import { createLogger, type Logger } from './log/logger.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { KeyValueStore } from './store/types.js';

export interface App {
  server: Server;
  store: KeyValueStore;
  log: Logger;
  /** Starts listening; resolves with the base URL. */
  listen(port: number, host: string): Promise<string>;
  /** Stops taking new activities, lets turns in flight finish (up to the grace period), then releases everything. */
  close(): Promise<void>;
}

export interface AppOverrides {
  log?: Logger;
  store?: KeyValueStore;
  /** For tests of slow answers. */
  ackAfterMs?: number;
}

/** Wires configuration to adapters, bot and HTTP server. Used by main.ts and by the integration tests. */
export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.log ?? createLogger(config.logLevel);
  const store = overrides.store ?? new SqliteStore(path.join(config.dataDir, 'shipshape.db'));
  const { azure } = config;

  const assertions =
    azure.kind === 'emulator' && azure.caCertPem
      ? new EmulatorSsoAssertions(azure.authorityHost, azure.clientId, azure.caCertPem)
      : new NoSignInConfigured();
  const credentials = new OnBehalfOfCredentialFactory(azure, assertions);
  const services = { access: new ArmAccess(azure, credentials) };

  const bot = new ShipShapeBot({
    router: createCommandRouter(commands),
    renderer: createCardRenderer(store),
    services,
    log,
    version: config.version,
    ...(overrides.ackAfterMs === undefined ? {} : { ackAfterMs: overrides.ackAfterMs }),
  });
  const adapter = createAdapter(config, log);

  let accepting = true;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = createServer({
    log,
    version: config.version,
    isAcceptingTraffic: () => accepting,
    readiness: { store: () => store.healthy(), azure: createAzureProbe(azure) },
    async processActivity(req: Request, res: Response) {
      if (!accepting) {
        res.status(503);
        res.json({ error: { code: 'ShuttingDown', message: 'This instance is shutting down; retry on another.' } });
        return;
      }
      inFlight++;
      try {
        await adapter.process(req, res, (context) => bot.run(context));
      } finally {
        inFlight--;
        if (inFlight === 0) drained?.();
      }
    },
  });

  return {
    server,
    store,
    log,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
        });
      });
    },
    async close() {
      accepting = false;
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, config.shutdownGraceMs).unref();
        });
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
