import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The only reader of the environment. Everything the process needs is validated here at start,
 * and every problem is reported at once rather than one per restart.
 */

/** Project root, for defaults that name bundled files. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const portSchema = z.coerce.number().int().min(0).max(65535);
const onOff = z.enum(['on', 'off']);
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

/** Local-demo values for the Entra app the emulator registers; never real secrets. */
const LOCAL_APP = {
  clientId: '5b0d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4',
  clientSecret: 'local-emulator-only',
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
} as const;

const envSchema = z.object({
  PORT: portSchema.default(3978),
  HOST: z.string().min(1).optional(),
  MICROSOFT_APP_ID: z.string().trim().optional(),
  MICROSOFT_APP_PASSWORD: z.string().optional(),
  MICROSOFT_APP_TENANT_ID: z.string().trim().optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  EMULATOR_PORT: portSchema.default(8443),
  EMULATOR_URL: httpsUrl.optional(),
  EMULATOR_CA_DIR: z.string().min(1).optional(),
  TENANT_FILE: z.string().min(1).optional(),
  AZURE_TENANT_ID: z.string().trim().min(1).optional(),
  AZURE_CLIENT_ID: z.string().trim().min(1).optional(),
  AZURE_CLIENT_SECRET: z.string().min(1).optional(),
  ARM_ENDPOINT: httpsUrl.optional(),
  AUTHORITY_HOST: httpsUrl.optional(),
  PLAYGROUND: onOff.default('on'),
  PLAYGROUND_PORT: portSchema.default(56150),
  PLAYGROUND_USER: z.string().trim().min(1).optional(),
  DATA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
});

export type Mode = 'local' | 'production';

export interface AzureConfig {
  /** `emulator` in local mode: every Azure call goes to the local emulator over HTTPS. */
  kind: 'emulator' | 'azure';
  tenantId: string;
  /** The Entra app that exchanges user tokens on behalf of users (on-behalf-of). */
  clientId: string;
  clientSecret: string | undefined;
  armEndpoint: string;
  authorityHost: string;
  /** PEM of the CA to trust for emulator calls; undefined for real Azure. */
  caCertPem: string | undefined;
}

export interface AppConfig {
  mode: Mode;
  port: number;
  host: string;
  bot: { appId: string | undefined; appPassword: string | undefined; appTenantId: string | undefined; appType: string | undefined };
  azure: AzureConfig;
  emulator: { port: number; caDir: string; tenantFile: string };
  /** `user`: who is signed in to the Playground at start (a name or object id from the tenant). */
  playground: { enabled: boolean; port: number; user: string | undefined };
  dataDir: string;
  logLevel: string;
  shutdownGraceMs: number;
  version: string;
}

/**
 * The process environment, with values from a `.env` file in the working directory underneath
 * (variables already set win, as with most dotenv loaders).
 */
export function environment(cwd = process.cwd()): Record<string, string | undefined> {
  const file = path.join(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

function readCa(caDir: string, problems: string[]): string | undefined {
  const file = path.join(caDir, 'ca.pem');
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // The emulator creates its CA on first start; the launcher starts it before the bot.
    problems.push(`EMULATOR_CA_DIR: no CA certificate at ${file} (start the emulator first: npm run emulator)`);
    return undefined;
  }
}

/**
 * Reads and validates the configuration. Throws {@link ConfigError} listing every problem.
 * `options.requireEmulatorCa: false` lets the launcher read the configuration before the emulator has made its CA.
 */
export function loadConfig(env: Record<string, string | undefined>, options: { requireEmulatorCa?: boolean } = {}): AppConfig {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const mode: Mode = e.MICROSOFT_APP_ID ? 'production' : 'local';
  const dataDir = path.resolve(e.DATA_DIR ?? path.join(projectRoot, '.shipshape'));
  const caDir = path.resolve(e.EMULATOR_CA_DIR ?? path.join(dataDir, 'emulator-ca'));
  const useEmulator = mode === 'local' || Boolean(e.EMULATOR_URL);

  if (mode === 'production') {
    if (e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !e.MICROSOFT_APP_PASSWORD) {
      problems.push('MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID (or set MICROSOFT_APP_TYPE=UserAssignedMSI)');
    }
    if (e.MICROSOFT_APP_TYPE === 'SingleTenant' && !e.MICROSOFT_APP_TENANT_ID) {
      problems.push('MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE=SingleTenant');
    }
    if (!useEmulator) {
      for (const key of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'] as const) {
        if (!e[key]) problems.push(`${key}: required in production (the Entra app used for on-behalf-of tokens)`);
      }
    }
  }

  const loopback = new Set(['127.0.0.1', 'localhost', '::1']);
  if (mode === 'local' && e.HOST && !loopback.has(e.HOST)) {
    problems.push('HOST: local mode (no MICROSOFT_APP_ID) accepts unauthenticated activities, so it binds to 127.0.0.1, localhost or ::1 only');
  }

  const emulatorUrl = e.EMULATOR_URL ?? `https://127.0.0.1:${e.EMULATOR_PORT}`;
  const caCertPem = useEmulator && options.requireEmulatorCa !== false ? readCa(caDir, problems) : undefined;
  const azure: AzureConfig = {
    kind: useEmulator ? 'emulator' : 'azure',
    tenantId: e.AZURE_TENANT_ID ?? (useEmulator ? LOCAL_APP.tenantId : ''),
    clientId: e.AZURE_CLIENT_ID ?? (useEmulator ? LOCAL_APP.clientId : ''),
    clientSecret: e.AZURE_CLIENT_SECRET ?? (useEmulator ? LOCAL_APP.clientSecret : undefined),
    armEndpoint: (e.ARM_ENDPOINT ?? (useEmulator ? emulatorUrl : 'https://management.azure.com')).replace(/\/+$/, ''),
    authorityHost: (e.AUTHORITY_HOST ?? (useEmulator ? emulatorUrl : 'https://login.microsoftonline.com')).replace(/\/+$/, ''),
    caCertPem,
  };

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode,
    port: e.PORT,
    // Local mode accepts unauthenticated activities, so it must never listen beyond this machine.
    host: e.HOST ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0'),
    bot: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      appTenantId: e.MICROSOFT_APP_TENANT_ID,
      appType: e.MICROSOFT_APP_TYPE,
    },
    azure,
    emulator: {
      port: e.EMULATOR_PORT,
      caDir,
      tenantFile: path.resolve(e.TENANT_FILE ?? path.join(projectRoot, 'src', 'emulator', 'tenants', 'contoso.json')),
    },
    playground: { enabled: e.PLAYGROUND === 'on', port: e.PLAYGROUND_PORT, user: e.PLAYGROUND_USER },
    dataDir,
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    version: readVersion(),
  };
}
