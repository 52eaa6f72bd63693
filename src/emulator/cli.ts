/**
 * Command line for the local Azure emulator.
 *
 *   npm run emulator -- [--tenant FILE] [--port N] [--host H] [--ca-dir DIR] [--page-size N]
 *                       [--latency-ms N] [--jitter-ms N] [--error-rate X] [--slow-page-ms N]
 *                       [--throttle-reads-per-minute N] [--throttle-writes-per-minute N] [--no-throttle]
 *                       [--seed N] [--client-id ID] [--client-secret S] [--quiet]
 *                       [--state-dir DIR] [--fresh] [--in-memory]
 *   npm run emulator -- generate --out FILE --subscriptions N --registries N --images N --findings N --seed N [--shape skewed]
 *   npm run token -- <principalId> [--ca-dir DIR] [--tenant FILE] [--host H] [--port N]
 *
 * This file is the only part of the emulator that reads the environment, and only for defaults.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';
import type { FaultOptions } from './http/options.js';
import { loadSigningKey } from './identity/signing-key.js';
import { TokenFactory } from './identity/token-factory.js';
import { loadTenantFile, TenantFileError } from './tenant/load-tenant.js';
import { ensureDevCa } from './tls/dev-ca.js';

/** The Azure CLI's public client id: user tokens from `token` look like `az account get-access-token`. */
const AZURE_CLI_APP_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
/** The bot's local app registration when no configuration says otherwise (matches src/config). */
const LOCAL_APP = { clientId: '5b0d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4', clientSecret: 'local-emulator-only' };

const env = process.env;
const defaults = {
  tenant: env.TENANT_FILE ?? path.join('src', 'emulator', 'tenants', 'contoso.json'),
  port: env.EMULATOR_PORT ?? '8443',
  host: '127.0.0.1',
  caDir: env.EMULATOR_CA_DIR ?? path.join(env.DATA_DIR ?? '.shipshape', 'emulator-ca'),
  // Where `npm start` keeps the emulator's changes too, so both see the same Azure.
  stateDir: path.join(env.DATA_DIR ?? '.shipshape', 'emulator-state'),
  clientId: env.AZURE_CLIENT_ID ?? LOCAL_APP.clientId,
  clientSecret: env.AZURE_CLIENT_SECRET ?? LOCAL_APP.clientSecret,
};

class UsageError extends Error {}

function num(name: string, value: string | undefined, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number between ${min} and ${max}, got '${value}'`);
  return n;
}

async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string', default: defaults.tenant },
      port: { type: 'string', default: defaults.port },
      host: { type: 'string', default: defaults.host },
      'ca-dir': { type: 'string', default: defaults.caDir },
      'page-size': { type: 'string' },
      'latency-ms': { type: 'string' },
      'jitter-ms': { type: 'string' },
      'error-rate': { type: 'string' },
      'slow-page-ms': { type: 'string' },
      'throttle-reads-per-minute': { type: 'string' },
      'throttle-writes-per-minute': { type: 'string' },
      'no-throttle': { type: 'boolean', default: false },
      seed: { type: 'string' },
      'client-id': { type: 'string', default: defaults.clientId },
      'client-secret': { type: 'string', default: defaults.clientSecret },
      quiet: { type: 'boolean', default: false },
      'state-dir': { type: 'string', default: defaults.stateDir },
      fresh: { type: 'boolean', default: false },
      'in-memory': { type: 'boolean', default: false },
    },
  });
  const reads = num('throttle-reads-per-minute', values['throttle-reads-per-minute'], { min: 1 });
  const writes = num('throttle-writes-per-minute', values['throttle-writes-per-minute'], { min: 1 });
  const faults: FaultOptions = {};
  const latency = num('latency-ms', values['latency-ms']);
  const jitter = num('jitter-ms', values['jitter-ms']);
  const errorRate = num('error-rate', values['error-rate'], { max: 1 });
  const slowPage = num('slow-page-ms', values['slow-page-ms']);
  const seed = num('seed', values.seed);
  if (latency !== undefined) faults.latencyMs = latency;
  if (jitter !== undefined) faults.jitterMs = jitter;
  if (errorRate !== undefined) faults.errorRate = errorRate;
  if (slowPage !== undefined) faults.slowPageMs = slowPage;
  if (seed !== undefined) faults.seed = seed;
  if (values['no-throttle']) faults.throttle = false;
  else if (reads !== undefined || writes !== undefined) {
    faults.throttle = { ...(reads !== undefined ? { readsPerMinute: reads } : {}), ...(writes !== undefined ? { writesPerMinute: writes } : {}) };
  }
  const pageSize = num('page-size', values['page-size'], { min: 1 });
  const caDir = path.resolve(values['ca-dir']);
  const emulator = await startEmulator({
    tenantFile: path.resolve(values.tenant),
    host: values.host,
    port: num('port', values.port, { max: 65535 }) ?? 8443,
    caDir,
    app: { clientId: values['client-id'], clientSecret: values['client-secret'] },
    ...(pageSize !== undefined ? { pageSize } : {}),
    faults,
    // Changes are kept across restarts (replayed from a journal per tenant file) unless --in-memory.
    ...(values['in-memory'] ? {} : { state: { dir: path.resolve(values['state-dir']), fresh: values.fresh } }),
    ...(values.quiet ? {} : { log: (line: string) => console.error(line) }),
  });
  console.log(`Azure emulator listening on ${emulator.baseUrl}`);
  console.log(`Tenant ${emulator.tenantId}`);
  console.log(`CA certificate ${path.join(caDir, 'ca.pem')}`);
  if (emulator.state) console.log(`Saved changes ${emulator.state.file} (${emulator.state.restored} resources; --fresh starts over, --in-memory keeps none)`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function token(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'ca-dir': { type: 'string', default: defaults.caDir },
      tenant: { type: 'string', default: defaults.tenant },
      host: { type: 'string', default: defaults.host },
      port: { type: 'string', default: defaults.port },
    },
  });
  const principalId = positionals[0];
  if (!principalId || positionals.length > 1) throw new UsageError('usage: token <principalId> [--ca-dir DIR] [--tenant FILE] [--host H] [--port N]');
  const tenant = await loadTenantFile(path.resolve(values.tenant));
  const entry = tenant.principals.get(principalId);
  if (!entry) {
    console.error(`No principal with object id '${principalId}' in tenant ${tenant.tenantId} (${values.tenant}).`);
    process.exit(2);
  }
  const ca = await ensureDevCa(path.resolve(values['ca-dir']));
  const factory = new TokenFactory(await loadSigningKey(ca.signingKeyPem), tenant.tenantId);
  const host = values.host.includes(':') ? `[${values.host}]` : values.host;
  const origin = `https://${host}:${num('port', values.port, { max: 65535 }) ?? 8443}`;
  const { principal } = entry;
  const user = principal.type === 'User';
  const issued = await factory.armToken(origin, principal, user ? AZURE_CLI_APP_ID : (principal.appId ?? principal.id), user);
  console.log(issued.token);
}

interface GenerateOptions {
  out: string;
  subscriptions: number;
  registries: number;
  images: number;
  findings: number;
  seed: number;
  shape: 'even' | 'skewed';
}

const GENERATE_USAGE = `usage: npm run emulator -- generate --out FILE [options]

Writes a large, deterministic tenant file (same options and seed, same bytes) for benchmarks and
scale tests; serve it with \`npm run emulator -- --tenant FILE\` or \`TENANT_FILE=FILE npm start\`.

  --out FILE           where to write the tenant (required)
  --subscriptions N    subscriptions (default 3, at least 1)
  --registries N       container registries over all subscriptions (default 6)
  --images N           distinct images over all registries (default 40)
  --findings N         open vulnerability findings (Defender sub-assessments) (default 2000)
  --seed N             seed of the generator (default 1)
  --shape even|skewed  even (default): every registry alike; skewed: a long tail of findings per
                       registry (a few with tens of thousands, most with tens), about a fifth of
                       subscriptions in production, most images without a critical finding
  -h, --help           this text`;

async function generate(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      out: { type: 'string' },
      subscriptions: { type: 'string', default: '3' },
      registries: { type: 'string', default: '6' },
      images: { type: 'string', default: '40' },
      findings: { type: 'string', default: '2000' },
      seed: { type: 'string', default: '1' },
      shape: { type: 'string', default: 'even' },
    },
  });
  if (values.help) {
    console.log(GENERATE_USAGE);
    return;
  }
  if (!values.out) throw new UsageError(GENERATE_USAGE);
  if (values.shape !== 'even' && values.shape !== 'skewed') throw new UsageError(`--shape must be even or skewed, got '${values.shape}'`);
  const opts: GenerateOptions = {
    out: path.resolve(values.out),
    subscriptions: num('subscriptions', values.subscriptions, { min: 1 }) ?? 3,
    registries: num('registries', values.registries, { min: 0 }) ?? 6,
    images: num('images', values.images, { min: 0 }) ?? 40,
    findings: num('findings', values.findings, { min: 0 }) ?? 2000,
    seed: num('seed', values.seed) ?? 1,
    shape: values.shape,
  };
  const { generateTenant } = (await import('./generate/index.js')) as { generateTenant: (o: GenerateOptions) => Promise<void> };
  await generateTenant(opts);
  console.log(`Wrote ${opts.out}`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'token') return token(rest);
  if (command === 'generate') return generate(rest);
  if (command === 'run') return run(rest);
  return run(argv);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof TenantFileError || error instanceof UsageError) {
    console.error(error.message);
    process.exit(error instanceof UsageError ? 64 : 1);
  }
  if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(error.message);
    process.exit(64);
  }
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
