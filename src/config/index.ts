import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
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
/** https, or plain http to this machine only (local stand-ins for Bot Framework services in tests). */
const httpsOrLoopbackUrl = z.url({ error: 'must be a URL' }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
}, 'must be an https:// URL (http:// only for 127.0.0.1 or localhost)');

/**
 * Local values for the Entra app the emulator registers for the bot, whatever tenant it serves; never
 * real secrets. The tenant id and the digest reader come from the served tenant ({@link followServedTenant}).
 */
const LOCAL_APP = {
  clientId: '5b0d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4',
  clientSecret: 'local-emulator-only',
} as const;

const envSchema = z.object({
  PORT: portSchema.default(3978),
  HOST: z.string().min(1).optional(),
  MICROSOFT_APP_ID: z.string().trim().optional(),
  MICROSOFT_APP_PASSWORD: z.string().optional(),
  MICROSOFT_APP_TENANT_ID: z.string().trim().optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MICROSOFT_APP_CERTIFICATE_PATH: z.string().min(1).optional(),
  BOT_OPENID_METADATA_URL: httpsOrLoopbackUrl.optional(),
  BOT_TOKEN_ISSUER: z.string().trim().min(1).optional(),
  BOT_AUTHORITY_HOST: httpsUrl.optional(),
  OAUTH_CONNECTION_NAME: z.string().trim().min(1).optional(),
  OAUTH_API_ENDPOINT: httpsOrLoopbackUrl.optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000).default(30),
  EMULATOR_PORT: portSchema.default(8443),
  EMULATOR_URL: httpsUrl.optional(),
  EMULATOR_CA_DIR: z.string().min(1).optional(),
  TENANT_FILE: z.string().min(1).optional(),
  AZURE_TENANT_ID: z.string().trim().min(1).optional(),
  AZURE_CLIENT_ID: z.string().trim().min(1).optional(),
  AZURE_CLIENT_SECRET: z.string().min(1).optional(),
  AZURE_CLIENT_CERTIFICATE_PATH: z.string().min(1).optional(),
  ARM_ENDPOINT: httpsUrl.optional(),
  AUTHORITY_HOST: httpsUrl.optional(),
  PLAYGROUND: onOff.default('on'),
  PLAYGROUND_PORT: portSchema.default(56150),
  PLAYGROUND_USER: z.string().trim().min(1).optional(),
  DATA_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['text', 'json']).optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  STORE: z.enum(['sqlite', 'blob']).default('sqlite'),
  STORE_PATH: z.string().min(1).optional(),
  STORE_SYNC: z.enum(['normal', 'full']).default('normal'),
  AZURE_STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
  AZURE_STORAGE_ACCOUNT_URL: httpsUrl.optional(),
  AZURE_STORAGE_CONTAINER: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid blob container name').default('shipshape'),
  INSTANCE_ID: z.string().trim().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (64 at most)').optional(),
  DIGEST_SCHEDULER: onOff.default('on'),
  DIGEST_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(30),
  DIGEST_IDENTITY: z.enum(['app', 'user']).optional(),
  DIGEST_TENANT_ID: z.string().trim().min(1).optional(),
  DIGEST_CLIENT_ID: z.string().trim().min(1).optional(),
  DIGEST_CLIENT_SECRET: z.string().min(1).optional(),
  DIGEST_CLIENT_CERTIFICATE_PATH: z.string().min(1).optional(),
  DIGEST_MANAGED_IDENTITY: onOff.default('off'),
  DELEGATED_GRANT_KEY: z.string().trim().min(1).optional(),
  APPROVED_REGISTRIES: z.string().optional(),
  STALE_IMAGE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  APPROVER_GROUPS: z.string().regex(/^\s*([0-9a-fA-F-]{36}\s*(,\s*|$))*$/, 'comma-separated Entra group object ids').optional(),
  APPROVAL_EXPIRY_HOURS: z.coerce.number().min(0.1).max(720).default(24),
  ALLOWED_CHANNELS: z.string().regex(/^\s*([a-z0-9_-]+\s*(,\s*|$))*$/i, 'comma-separated Bot Framework channel ids').optional(),
  ALLOWED_TENANT_IDS: z.string().regex(/^\s*([0-9a-fA-F-]{36}\s*(,\s*|$))*$/, 'comma-separated Entra tenant ids').optional(),
  APPROVAL_CLAIM_LEASE_SECONDS: z.coerce.number().min(0.1).max(3600).default(60),
  APPROVAL_RECOVERY_SECONDS: z.coerce.number().min(0.05).max(3600).default(30),
  APPROVAL_RUN_BUDGET_SECONDS: z.coerce.number().min(1).max(86_400).default(600),
  APPROVAL_ANSWER_WITHIN_MS: z.coerce.number().int().min(0).max(10_000).default(2_500),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().trim().regex(/InstrumentationKey=/i, 'must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…)').optional(),
});

/** An approved registry: a host, a host with a repository prefix, or a `*.` wildcard host. */
const APPROVED_ENTRY = /^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?(\/[a-z0-9._/-]+)?$/;

export type Mode = 'local' | 'production';

export interface AzureConfig {
  /** `emulator` in local mode: every Azure call goes to the local emulator over HTTPS. */
  kind: 'emulator' | 'azure';
  tenantId: string;
  /** The Entra app that exchanges user tokens on behalf of users (on-behalf-of). */
  clientId: string;
  clientSecret: string | undefined;
  /** PEM (certificate and private key) used instead of the secret for on-behalf-of, when set. */
  clientCertificatePath?: string;
  armEndpoint: string;
  authorityHost: string;
  /** PEM of the CA to trust for emulator calls; undefined for real Azure. */
  caCertPem: string | undefined;
}

/** Where durable state lives: the embedded SQLite file, or a blob container shared by every instance. */
export type StoreConfig =
  | { kind: 'sqlite'; file: string; sync: 'normal' | 'full' }
  | { kind: 'blob'; container: string; connectionString: string | undefined; accountUrl: string | undefined };

export interface DigestConfig {
  /** Off: this instance sends no scheduled digests (others sharing the store still do). */
  scheduler: boolean;
  /** Longest wait between looks at the due list; changes made by other instances are seen within it. */
  pollSeconds: number;
  /** Whose view a new subscription reads with, unless the subscriber says. */
  defaultIdentity: 'app' | 'user';
  /**
   * The bot's own read-only identity for digests (Reader + Security Reader); undefined when not
   * configured. It signs in with a secret, a certificate (PEM with the key), or as a user-assigned
   * managed identity whose client id is `clientId`.
   */
  reader: DigestReader | undefined;
  /** Why there is no reader identity, in plain words; undefined when there is one or nobody asked for one. */
  readerMissing?: string;
}

export interface DigestReader {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  certificatePath?: string;
  managedIdentity?: boolean;
}

/**
 * What start-up still has to learn from the tenant the emulator serves (local mode, or EMULATOR_URL):
 * its tenant id unless AZURE_TENANT_ID is set, and in local mode its read-only digest identity unless
 * DIGEST_CLIENT_ID is.
 */
export interface ServedTenantSettings {
  tenantId: boolean;
  digestReader: boolean;
  /** DIGEST_IDENTITY as set; unset means "the reader when there is one". */
  digestIdentity: 'app' | 'user' | undefined;
}

/**
 * Delegated work outside a turn: the key that seals the renewable grants people leave for it
 * (digests "as me", approvals finishing later). Undefined: no grants are kept, and such work waits
 * for the person's next message instead.
 */
export interface DelegationConfig {
  grantKey: Buffer | undefined;
}

/** How the bot proves who it is and checks who calls it (Bot Framework), and how people sign in. */
export interface BotAuthConfig {
  /** PEM file with the bot app's certificate and private key, instead of MICROSOFT_APP_PASSWORD. */
  appCertificatePath: string | undefined;
  /** Where the Bot Framework channel's signing keys are published (OpenID metadata). */
  openIdMetadataUrl: string;
  /** The `iss` of tokens the channel sends. */
  tokenIssuer: string;
  /** Entra authority host for the bot's own outgoing token. */
  authorityHost: string;
  /** Bot Framework token service (Teams SSO and the OAuth connection). */
  oauthApiEndpoint: string;
  /** The Azure Bot's OAuth connection for Teams SSO; undefined = no token-service sign-in. */
  oauthConnectionName: string | undefined;
  /** Commands per person per minute; 0 = no limit. */
  rateLimitPerMinute: number;
}

export interface AppConfig {
  mode: Mode;
  port: number;
  host: string;
  bot: { appId: string | undefined; appPassword: string | undefined; appTenantId: string | undefined; appType: string | undefined } & BotAuthConfig;
  azure: AzureConfig;
  /** Present against the emulator: what {@link followServedTenant} fills in. */
  served?: ServedTenantSettings;
  emulator: { port: number; caDir: string; tenantFile: string };
  /** `user`: who is signed in to the Playground at start (a name or object id from the tenant). */
  playground: { enabled: boolean; port: number; user: string | undefined };
  dataDir: string;
  logLevel: string;
  /**
   * `json`: every log line to stdout. `text`: one readable line per turn on the terminal, the JSON
   * lines in DATA_DIR/shipshape.log. Unset: `text` under `npm start`, `json` otherwise.
   */
  logFormat: 'text' | 'json' | undefined;
  shutdownGraceMs: number;
  version: string;
  store: StoreConfig;
  /** Names this process in leases and logs; unique per running instance. */
  instanceId: string;
  digests: DigestConfig;
  delegation: DelegationConfig;
  /** Settings that are allowed but probably not meant (logged at start). */
  warnings: string[];
  /** Workload guardrails: registries approved besides the tenant's own, and when an image counts as stale. */
  guardrails: { approvedRegistries: string[]; staleImageDays: number };
  /** Traces and metrics go to Application Insights when a connection string is set; off otherwise. */
  observability: { connectionString: string | undefined };
  /**
   * Inbound activities accepted in production: `msteams` plus ALLOWED_CHANNELS, from ALLOWED_TENANT_IDS
   * or else the bot's own tenant (single-tenant apps) or the Azure tenant it serves.
   */
  inbound: { channels: string[]; tenants: string[] };
  /** Approval-gated changes: groups an approver must be in (empty: anyone but the requester), and how long a request stays open. */
  approvals: {
    approverGroups: string[];
    expiryHours: number;
    /** A claim lasts this long without renewal; the running instance renews it every third. */
    claimLeaseMs: number;
    /** Between recovery sweeps (takeovers of stopped instances' claims, expiries). */
    recoveryIntervalMs: number;
    /** The longest one change may take, throttling waits included. */
    runBudgetMs: number;
    /** How long a click waits for its change before answering "running" (Teams allows an invoke ~15 s). */
    answerWithinMs: number;
  };
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

export { followServedTenant } from './served-tenant.js';

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

function hostOf(url: string | undefined): string | undefined {
  return url ? new URL(url).host.toLowerCase() : undefined;
}

/** Where the bot's app type, its tenant and the authorities disagree: it starts, but says so. */
function identityWarnings(e: z.infer<typeof envSchema>, appType: string, appTenantId: string | undefined): string[] {
  const warnings: string[] = [];
  if (appType === 'MultiTenant' && e.MICROSOFT_APP_TENANT_ID) {
    warnings.push('MICROSOFT_APP_TYPE=MultiTenant ignores MICROSOFT_APP_TENANT_ID: the bot gets its token from the botframework.com tenant. An app registered for one tenant (AzureADMyOrg, as the README does) needs MICROSOFT_APP_TYPE=SingleTenant.');
  }
  if (appType !== 'MultiTenant' && appTenantId && /^(common|organizations|consumers|botframework\.com)$/i.test(appTenantId)) {
    warnings.push(`MICROSOFT_APP_TYPE=${appType} needs the bot's own tenant in MICROSOFT_APP_TENANT_ID, not "${appTenantId}".`);
  }
  if (appType !== 'MultiTenant' && appTenantId && e.AZURE_TENANT_ID && appTenantId.toLowerCase() !== e.AZURE_TENANT_ID.toLowerCase()) {
    warnings.push(`MICROSOFT_APP_TENANT_ID (${appTenantId}) differs from AZURE_TENANT_ID (${e.AZURE_TENANT_ID}): the bot and the on-behalf-of app are registered in different tenants.`);
  }
  const botAuthority = hostOf(e.BOT_AUTHORITY_HOST) ?? 'login.microsoftonline.com';
  const azureAuthority = hostOf(e.AUTHORITY_HOST) ?? (e.EMULATOR_URL ? undefined : 'login.microsoftonline.com');
  if (azureAuthority && botAuthority !== azureAuthority) {
    warnings.push(`The bot signs in at ${botAuthority} (BOT_AUTHORITY_HOST) but people's tokens are exchanged at ${azureAuthority} (AUTHORITY_HOST): both are usually the same cloud.`);
  }
  return warnings;
}

/** How the digest reader signs in: exactly one of a secret, a certificate or a managed identity. */
function readerKeyOf(
  e: Pick<z.infer<typeof envSchema>, 'DIGEST_CLIENT_ID' | 'DIGEST_CLIENT_CERTIFICATE_PATH' | 'DIGEST_MANAGED_IDENTITY'>,
  secret: string | undefined,
  problems: string[],
): { clientSecret: string } | { certificatePath: string } | { managedIdentity: true } | undefined {
  const kinds = [e.DIGEST_CLIENT_CERTIFICATE_PATH, e.DIGEST_MANAGED_IDENTITY === 'on' ? 'on' : undefined].filter(Boolean).length + (e.DIGEST_CLIENT_ID && secret ? 1 : 0);
  if (e.DIGEST_CLIENT_ID && kinds === 0) problems.push('DIGEST_CLIENT_SECRET: required with DIGEST_CLIENT_ID (or DIGEST_CLIENT_CERTIFICATE_PATH, or DIGEST_MANAGED_IDENTITY=on)');
  if (kinds > 1) problems.push('DIGEST_CLIENT_SECRET, DIGEST_CLIENT_CERTIFICATE_PATH, DIGEST_MANAGED_IDENTITY: set only one');
  if (!e.DIGEST_CLIENT_ID && (e.DIGEST_CLIENT_CERTIFICATE_PATH || e.DIGEST_MANAGED_IDENTITY === 'on')) problems.push('DIGEST_CLIENT_ID: required with a digest certificate or managed identity');
  if (e.DIGEST_CLIENT_CERTIFICATE_PATH) return { certificatePath: path.resolve(e.DIGEST_CLIENT_CERTIFICATE_PATH) };
  if (e.DIGEST_MANAGED_IDENTITY === 'on') return { managedIdentity: true };
  return secret ? { clientSecret: secret } : undefined;
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
  // The README and the infrastructure register the bot single-tenant (AzureADMyOrg), in the tenant of the on-behalf-of app.
  const appType = e.MICROSOFT_APP_TYPE ?? 'SingleTenant';
  const appTenantId = e.MICROSOFT_APP_TENANT_ID ?? (appType === 'MultiTenant' ? undefined : e.AZURE_TENANT_ID);

  if (mode === 'production') {
    if (e.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !e.MICROSOFT_APP_PASSWORD && !e.MICROSOFT_APP_CERTIFICATE_PATH) {
      problems.push('MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID (or set MICROSOFT_APP_CERTIFICATE_PATH, or MICROSOFT_APP_TYPE=UserAssignedMSI)');
    }
    if (appType !== 'MultiTenant' && !appTenantId) {
      problems.push(`MICROSOFT_APP_TENANT_ID: required when MICROSOFT_APP_TYPE=${appType}${e.MICROSOFT_APP_TYPE ? '' : ' (the default, as the README registers the bot) or set MICROSOFT_APP_TYPE=MultiTenant'}`);
    }
    if (!useEmulator) {
      for (const key of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'] as const) {
        if (!e[key]) problems.push(`${key}: required in production (the Entra app used for on-behalf-of tokens)`);
      }
      if (!e.AZURE_CLIENT_SECRET && !e.AZURE_CLIENT_CERTIFICATE_PATH) {
        problems.push('AZURE_CLIENT_SECRET: required in production (or AZURE_CLIENT_CERTIFICATE_PATH), for on-behalf-of tokens');
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
    // Against the emulator an unset tenant id is learnt from the served tenant at start-up.
    tenantId: e.AZURE_TENANT_ID ?? '',
    clientId: e.AZURE_CLIENT_ID ?? (useEmulator ? LOCAL_APP.clientId : ''),
    clientSecret: e.AZURE_CLIENT_SECRET ?? (useEmulator && !e.AZURE_CLIENT_CERTIFICATE_PATH ? LOCAL_APP.clientSecret : undefined),
    ...(e.AZURE_CLIENT_CERTIFICATE_PATH ? { clientCertificatePath: path.resolve(e.AZURE_CLIENT_CERTIFICATE_PATH) } : {}),
    armEndpoint: (e.ARM_ENDPOINT ?? (useEmulator ? emulatorUrl : 'https://management.azure.com')).replace(/\/+$/, ''),
    authorityHost: (e.AUTHORITY_HOST ?? (useEmulator ? emulatorUrl : 'https://login.microsoftonline.com')).replace(/\/+$/, ''),
    caCertPem,
  };

  if (e.STORE === 'blob' && !e.AZURE_STORAGE_CONNECTION_STRING && !e.AZURE_STORAGE_ACCOUNT_URL) {
    problems.push('STORE=blob needs AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT_URL with a managed identity');
  }
  const readerKey = readerKeyOf(e, e.DIGEST_CLIENT_SECRET, problems);
  const reader = e.DIGEST_CLIENT_ID && readerKey ? { tenantId: e.DIGEST_TENANT_ID ?? azure.tenantId, clientId: e.DIGEST_CLIENT_ID, ...readerKey } : undefined;
  // Against the emulator the tenant id is learnt from the served tenant; in local mode so is its read-only
  // identity, unless one is configured. Production (even against the emulator) has only the identity it is given.
  const served: ServedTenantSettings | undefined = useEmulator
    ? { tenantId: !e.AZURE_TENANT_ID, digestReader: mode === 'local' && !e.DIGEST_CLIENT_ID, digestIdentity: e.DIGEST_IDENTITY }
    : undefined;
  if (e.DIGEST_IDENTITY === 'app' && !reader && !served?.digestReader) problems.push('DIGEST_IDENTITY=app needs DIGEST_CLIENT_ID and DIGEST_CLIENT_SECRET (the read-only digest identity)');

  // Microsoft's own registry is approved unless configured otherwise; "none" approves only the tenant's registries.
  const approvedList = (e.APPROVED_REGISTRIES ?? 'mcr.microsoft.com').trim().toLowerCase();
  const approvedRegistries = approvedList === 'none' ? [] : approvedList.split(/[\s,]+/).filter(Boolean);
  for (const entry of approvedRegistries.filter((r) => !APPROVED_ENTRY.test(r))) {
    problems.push(`APPROVED_REGISTRIES: "${entry}" is not a registry host (mcr.microsoft.com), host/path (docker.io/myorg) or wildcard (*.example.com)`);
  }

  const grantKey = e.DELEGATED_GRANT_KEY ? Buffer.from(e.DELEGATED_GRANT_KEY, 'base64') : undefined;
  if (grantKey && grantKey.length !== 32) problems.push('DELEGATED_GRANT_KEY: must be 32 random bytes in base64 (for example: openssl rand -base64 32)');

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode,
    port: e.PORT,
    // Local mode accepts unauthenticated activities, so it must never listen beyond this machine.
    host: e.HOST ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0'),
    bot: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      appTenantId: mode === 'production' ? appTenantId : e.MICROSOFT_APP_TENANT_ID,
      appType: mode === 'production' ? appType : e.MICROSOFT_APP_TYPE,
      appCertificatePath: e.MICROSOFT_APP_CERTIFICATE_PATH ? path.resolve(e.MICROSOFT_APP_CERTIFICATE_PATH) : undefined,
      // Defaults are the public cloud's (botbuilder's own constants); sovereign clouds and tests override them.
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL ?? 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      tokenIssuer: e.BOT_TOKEN_ISSUER ?? 'https://api.botframework.com',
      authorityHost: (e.BOT_AUTHORITY_HOST ?? 'https://login.microsoftonline.com').replace(/\/+$/, ''),
      oauthApiEndpoint: (e.OAUTH_API_ENDPOINT ?? 'https://api.botframework.com').replace(/\/+$/, ''),
      oauthConnectionName: e.OAUTH_CONNECTION_NAME,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    },
    azure,
    ...(served ? { served } : {}),
    emulator: {
      port: e.EMULATOR_PORT,
      caDir,
      tenantFile: path.resolve(e.TENANT_FILE ?? path.join(projectRoot, 'src', 'emulator', 'tenants', 'contoso.json')),
    },
    playground: { enabled: e.PLAYGROUND === 'on', port: e.PLAYGROUND_PORT, user: e.PLAYGROUND_USER },
    dataDir,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    version: readVersion(),
    store:
      e.STORE === 'blob'
        ? { kind: 'blob', container: e.AZURE_STORAGE_CONTAINER, connectionString: e.AZURE_STORAGE_CONNECTION_STRING, accountUrl: e.AZURE_STORAGE_ACCOUNT_URL }
        : { kind: 'sqlite', file: path.resolve(e.STORE_PATH ?? path.join(dataDir, 'shipshape.db')), sync: e.STORE_SYNC },
    instanceId: e.INSTANCE_ID ?? `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40)}-${process.pid}`,
    digests: {
      scheduler: e.DIGEST_SCHEDULER === 'on',
      pollSeconds: e.DIGEST_POLL_SECONDS,
      defaultIdentity: e.DIGEST_IDENTITY ?? (reader ? 'app' : 'user'),
      reader,
      ...(reader || e.DIGEST_IDENTITY === 'user' || served?.digestReader ? {} : { readerMissing: 'no read-only identity is configured (DIGEST_CLIENT_ID)' }),
    },
    delegation: { grantKey },
    warnings: mode === 'production' ? identityWarnings(e, appType, appTenantId) : [],
    guardrails: { approvedRegistries, staleImageDays: e.STALE_IMAGE_DAYS },
    observability: { connectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING },
    inbound: {
      channels: [...new Set(['msteams', ...(e.ALLOWED_CHANNELS ?? '').split(',').map((c) => c.trim().toLowerCase()).filter(Boolean)])],
      tenants: (e.ALLOWED_TENANT_IDS ? e.ALLOWED_TENANT_IDS.split(',') : [(e.MICROSOFT_APP_TYPE === 'SingleTenant' || e.MICROSOFT_APP_TYPE === 'UserAssignedMSI' ? e.MICROSOFT_APP_TENANT_ID : undefined) ?? azure.tenantId])
        .map((t) => (t ?? '').trim().toLowerCase())
        .filter(Boolean),
    },
    approvals: {
      approverGroups: (e.APPROVER_GROUPS ?? '').split(',').map((g) => g.trim().toLowerCase()).filter(Boolean),
      expiryHours: e.APPROVAL_EXPIRY_HOURS,
      claimLeaseMs: Math.round(e.APPROVAL_CLAIM_LEASE_SECONDS * 1000),
      recoveryIntervalMs: Math.round(e.APPROVAL_RECOVERY_SECONDS * 1000),
      runBudgetMs: Math.round(e.APPROVAL_RUN_BUDGET_SECONDS * 1000),
      answerWithinMs: e.APPROVAL_ANSWER_WITHIN_MS,
    },
  };
}
