import https from 'node:https';
import { ConfigError, type AppConfig, type DigestConfig, type DigestReader } from './index.js';

/**
 * Against the emulator, the tenant comes from what it serves, not from a setting: any tenant file
 * works with no other configuration. The tenant id is learnt the way Azure tools learn it, from
 * ARM's 401 challenge to an unauthenticated request (`authorization_uri=".../{tenantId}"`); the
 * read-only digest identity from the emulator's description of its tenant, since Azure never hands
 * out a secret.
 */

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One plain GET; the default trusts the emulator's CA. */
export type HttpGet = (url: string) => Promise<HttpAnswer>;

interface TenantDescription {
  tenantId?: unknown;
  readOnlyIdentities?: Array<{ appId?: unknown; clientSecret?: unknown; displayName?: unknown }>;
}

const ATTEMPTS = 10;
const RETRY_MS = 500;

export function httpsGet(caPem: string | undefined): HttpGet {
  return (url) =>
    new Promise((resolve, reject) => {
      const req = https.get(url, { ...(caPem ? { ca: caPem } : {}), timeout: 5_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
      req.on('error', reject);
    });
}

/** The tenant id named by an ARM `WWW-Authenticate: Bearer authorization_uri="https://host/{tenant}"` challenge. */
export function tenantFromChallenge(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const uri = /authorization_uri="([^"]+)"/i.exec(value)?.[1];
  if (!uri) return undefined;
  let tenant: string | undefined;
  try {
    tenant = new URL(uri).pathname.split('/').filter(Boolean)[0];
  } catch {
    return undefined;
  }
  // "common" and "organizations" name no tenant; ARM names the subscription's own when it knows it.
  return tenant && !['common', 'organizations', 'consumers'].includes(tenant.toLowerCase()) ? tenant : undefined;
}

async function discoverTenantId(armEndpoint: string, get: HttpGet): Promise<string> {
  const answer = await get(`${armEndpoint}/subscriptions?api-version=2022-12-01`);
  const tenant = answer.status === 401 ? tenantFromChallenge(answer.headers['www-authenticate']) : undefined;
  if (!tenant) throw new Error(`ARM at ${armEndpoint} answered ${answer.status} without naming its tenant`);
  return tenant;
}

/** The served tenant's read-only identity, or why there is none. */
async function discoverReader(authorityHost: string, tenantId: string, get: HttpGet): Promise<{ reader: DigestReader } | { missing: string }> {
  const answer = await get(`${authorityHost}/_emulator/tenant`);
  if (answer.status === 404) return { missing: `the Azure endpoint at ${authorityHost} does not describe a read-only identity; set DIGEST_CLIENT_ID and DIGEST_CLIENT_SECRET` };
  if (answer.status !== 200) throw new Error(`the emulator answered ${answer.status} describing its tenant`);
  const described = JSON.parse(answer.body) as TenantDescription;
  const first = (described.readOnlyIdentities ?? []).find((i) => typeof i.appId === 'string' && typeof i.clientSecret === 'string');
  if (!first) return { missing: `tenant ${tenantId} has no read-only service principal (Reader and Security Reader, nothing else)` };
  return { reader: { tenantId, clientId: first.appId as string, clientSecret: first.clientSecret as string } };
}

async function withRetries<T>(what: () => Promise<T>, attempts: number, delayMs: number): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await what();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/**
 * The configuration with everything the served tenant decides filled in; unchanged when nothing is
 * left to learn. Throws {@link ConfigError} when the emulator cannot be asked at all.
 */
export async function followServedTenant(
  config: AppConfig,
  options: { get?: HttpGet; attempts?: number; retryMs?: number } = {},
): Promise<AppConfig> {
  const served = config.served;
  if (!served || (!served.tenantId && !served.digestReader)) return config;
  const get = options.get ?? httpsGet(config.azure.caCertPem);
  const attempts = options.attempts ?? ATTEMPTS;
  const retryMs = options.retryMs ?? RETRY_MS;
  let tenantId = config.azure.tenantId;
  if (served.tenantId) {
    try {
      tenantId = await withRetries(() => discoverTenantId(config.azure.armEndpoint, get), attempts, retryMs);
    } catch (error) {
      throw new ConfigError([`AZURE_TENANT_ID: not set, and the emulator at ${config.azure.armEndpoint} did not say which tenant it serves (${(error as Error).message}); start it first, or set AZURE_TENANT_ID`]);
    }
  }
  const digests: DigestConfig = { ...config.digests };
  // A configured reader without DIGEST_TENANT_ID belongs to the served tenant too.
  if (digests.reader && !digests.reader.tenantId) digests.reader = { ...digests.reader, tenantId };
  if (served.digestReader) {
    // One try: the emulator has just answered for the tenant, or the tenant id was set and digests can do without.
    const found = await discoverReader(config.azure.authorityHost, tenantId, get).catch((error: unknown) => ({
      missing: `the emulator could not be asked for a read-only identity (${(error as Error).message})`,
    }));
    const reader = 'reader' in found ? found.reader : undefined;
    if (served.digestIdentity === 'app' && !reader) throw new ConfigError([`DIGEST_IDENTITY=app: ${'missing' in found ? found.missing : ''}`]);
    digests.reader = reader;
    digests.defaultIdentity = served.digestIdentity ?? (reader ? 'app' : 'user');
    delete digests.readerMissing;
    if ('missing' in found) digests.readerMissing = found.missing;
  }
  return {
    ...config,
    azure: { ...config.azure, tenantId },
    digests,
    served: { ...served, tenantId: false, digestReader: false },
  };
}
