import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createApp, type App } from '../app.js';
import { loadConfig, type AppConfig } from '../config/index.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { terminalLogging } from '../log/terminal.js';

/**
 * The emulator and the bot as `npm start` runs them, sharing one data folder: the bot's SQLite store,
 * the emulator's saved changes (`emulator-state/`), its CA, and the log file. Restarting on the same
 * folder keeps both Azure's state and ShipShape's; `fresh` starts both over from the tenant file.
 */

export interface LocalStackOptions {
  env: Record<string, string | undefined>;
  /** Drop the saved Azure changes and the local store first. */
  fresh?: boolean;
  /** Where readable lines go (the terminal). */
  print: (line: string) => void;
}

export interface LocalStack {
  config: AppConfig;
  emulator: RunningEmulator;
  app: App;
  /** `http://host:port`, without a path. */
  botUrl: string;
  /** The JSON log file, unless LOG_FORMAT=json. */
  logFile?: string;
  close(): Promise<void>;
}

/** A port someone else holds: said in one sentence with what to do, never as a stack trace. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(port: number, setting: string) {
    super(`Port ${port} is in use — stop the other process or set ${setting}=… (another free port; 0 picks one).`);
  }
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

/** Runs `start`, turning "address in use" into a {@link PortInUseError} naming the setting to change. */
export async function onPort<T>(port: number, setting: string, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (isAddressInUse(error)) throw new PortInUseError(port, setting);
    throw error;
  }
}

export function emulatorStateDir(dataDir: string): string {
  return path.join(dataDir, 'emulator-state');
}

/** Empties the local SQLite store (approvals, audit log, subscriptions) so it matches a fresh Azure. */
async function dropLocalStore(config: AppConfig): Promise<string | undefined> {
  if (config.store.kind !== 'sqlite') return undefined;
  const file = config.store.file;
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
  return file;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // The CA does not exist before the emulator's first start; read it once the emulator is up.
  const early = loadConfig(options.env, { requireEmulatorCa: false });
  if (options.fresh) {
    const dropped = await dropLocalStore(early);
    options.print(`Starting fresh: Azure back to ${early.emulator.tenantFile}${dropped ? `, ShipShape's store ${dropped} emptied` : ''}.`);
  }
  const emulator = await onPort(early.emulator.port, 'EMULATOR_PORT', () =>
    startEmulator({
      tenantFile: early.emulator.tenantFile,
      host: '127.0.0.1',
      port: early.emulator.port,
      caDir: early.emulator.caDir,
      app: { clientId: early.azure.clientId, clientSecret: early.azure.clientSecret ?? '' },
      state: { dir: emulatorStateDir(early.dataDir), fresh: options.fresh === true },
    }),
  );
  try {
    // The served tenant's own id, unless the environment names one: another TENANT_FILE just works.
    const config = loadConfig({ AZURE_TENANT_ID: emulator.tenantId, ...options.env, EMULATOR_URL: emulator.baseUrl });
    const logging = terminalLogging({ format: config.logFormat ?? 'text', level: config.logLevel, dataDir: config.dataDir, print: options.print });
    const app = await createApp(config, { log: logging.log, ...(logging.onTurn ? { onTurn: logging.onTurn } : {}) });
    let botUrl: string;
    try {
      botUrl = (await onPort(config.port, 'PORT', () => app.listen(config.port, config.host))).replace(/\/+$/, '');
    } catch (error) {
      await app.close();
      await logging.close();
      throw error;
    }
    return {
      config,
      emulator,
      app,
      botUrl,
      ...(logging.file ? { logFile: logging.file } : {}),
      close: async () => {
        await app.close();
        await emulator.close();
        await logging.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}
