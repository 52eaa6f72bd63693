import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, followServedTenant, loadConfig } from '../../../src/config/index.js';
import { tenantFromChallenge, type HttpAnswer, type HttpGet } from '../../../src/config/served-tenant.js';

function caDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-served-'));
  mkdirSync(path.join(dir, 'ca'), { recursive: true });
  writeFileSync(path.join(dir, 'ca', 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  return path.join(dir, 'ca');
}

const base = 'https://127.0.0.1:9443';
const challenge = (tenant: string): HttpAnswer => ({
  status: 401,
  headers: { 'www-authenticate': `Bearer authorization_uri="${base}/${tenant}", error="invalid_token", error_description="missing"` },
  body: '{}',
});
const json = (body: unknown, status = 200): HttpAnswer => ({ status, headers: {}, body: JSON.stringify(body) });

/** A fake emulator: answers ARM with a challenge naming `tenant`, and describes its read-only identities. */
function emulator(tenant: string, identities: unknown[] | 'not-an-emulator'): { get: HttpGet; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get: async (url) => {
      asked.push(url);
      if (url.startsWith(`${base}/subscriptions`)) return challenge(tenant);
      if (url === `${base}/_emulator/tenant`) return identities === 'not-an-emulator' ? json({ error: 'not_found' }, 404) : json({ tenantId: tenant, readOnlyIdentities: identities });
      throw new Error(`unexpected ${url}`);
    },
  };
}

const localConfig = (env: Record<string, string> = {}) => loadConfig({ EMULATOR_CA_DIR: caDir(), EMULATOR_URL: base, ...env });

describe('the tenant the emulator serves decides the local tenant', () => {
  test('the tenant id comes from the ARM challenge, the digest reader from the served tenant', async () => {
    const tenant = randomUUID();
    const appId = randomUUID();
    const { get } = emulator(tenant, [{ appId, clientSecret: 'local-value', displayName: 'Reader' }]);
    const config = await followServedTenant(localConfig(), { get });
    expect(config.azure.tenantId).toBe(tenant);
    expect(config.digests.reader).toEqual({ tenantId: tenant, clientId: appId, clientSecret: 'local-value' });
    expect(config.digests.defaultIdentity).toBe('app');
    expect(config.digests.readerMissing).toBeUndefined();
  });

  test('a tenant without a read-only identity says so, and digests default to the subscriber', async () => {
    const tenant = randomUUID();
    const config = await followServedTenant(localConfig(), { get: emulator(tenant, []).get });
    expect(config.azure.tenantId).toBe(tenant);
    expect(config.digests.reader).toBeUndefined();
    expect(config.digests.defaultIdentity).toBe('user');
    expect(config.digests.readerMissing).toContain(tenant);
    expect(config.digests.readerMissing).toMatch(/no read-only/);
  });

  test('DIGEST_IDENTITY=app against a tenant without one is a configuration problem, named', async () => {
    const error = await followServedTenant(localConfig({ DIGEST_IDENTITY: 'app' }), { get: emulator(randomUUID(), []).get }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join()).toMatch(/DIGEST_IDENTITY=app: tenant .* has no read-only/);
  });

  test('settings win: nothing is asked when the tenant id and reader are configured', async () => {
    const { get, asked } = emulator(randomUUID(), []);
    const config = localConfig({ AZURE_TENANT_ID: 'configured', DIGEST_CLIENT_ID: 'reader-app', DIGEST_CLIENT_SECRET: 's' });
    const followed = await followServedTenant(config, { get });
    expect(asked).toEqual([]);
    expect(followed.azure.tenantId).toBe('configured');
    expect(followed.digests.reader).toEqual({ tenantId: 'configured', clientId: 'reader-app', clientSecret: 's' });
  });

  test('a configured reader without DIGEST_TENANT_ID belongs to the served tenant', async () => {
    const tenant = randomUUID();
    const config = await followServedTenant(localConfig({ DIGEST_CLIENT_ID: 'reader-app', DIGEST_CLIENT_SECRET: 's' }), { get: emulator(tenant, []).get });
    expect(config.digests.reader).toEqual({ tenantId: tenant, clientId: 'reader-app', clientSecret: 's' });
  });

  test('an endpoint that does not describe its tenant leaves digests without a reader, with the reason', async () => {
    const tenant = randomUUID();
    const config = await followServedTenant(localConfig(), { get: emulator(tenant, 'not-an-emulator').get });
    expect(config.azure.tenantId).toBe(tenant);
    expect(config.digests.reader).toBeUndefined();
    expect(config.digests.readerMissing).toMatch(/DIGEST_CLIENT_ID/);
  });

  test('an emulator that cannot be reached is a plain configuration error, after retries', async () => {
    let calls = 0;
    const get: HttpGet = async () => {
      calls += 1;
      throw new Error('connect ECONNREFUSED');
    };
    const error = await followServedTenant(localConfig(), { get, attempts: 3, retryMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/AZURE_TENANT_ID: not set, and the emulator at https:\/\/127\.0\.0\.1:9443 did not say which tenant/);
    expect(calls).toBe(3);
  });

  test('production against Azure asks nothing', async () => {
    const config = loadConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' });
    expect(config.served).toBeUndefined();
    expect(await followServedTenant(config, { get: () => Promise.reject(new Error('must not be called')) })).toBe(config);
  });
});

describe('tenantFromChallenge', () => {
  test('reads the tenant from authorization_uri, and nothing from common or malformed challenges', () => {
    expect(tenantFromChallenge('Bearer authorization_uri="https://login.microsoftonline.com/abc-123", error="invalid_token"')).toBe('abc-123');
    expect(tenantFromChallenge(['Bearer authorization_uri="https://login.windows.net/common"'])).toBeUndefined();
    expect(tenantFromChallenge('Bearer realm=""')).toBeUndefined();
    expect(tenantFromChallenge('Bearer authorization_uri="not a url"')).toBeUndefined();
    expect(tenantFromChallenge(undefined)).toBeUndefined();
  });
});
