import { ClientSecretCredential, OnBehalfOfCredential } from '@azure/identity';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request } from './support/client.js';
import type { TestEmulator } from './support/client.js';
import { startTestEmulator } from './support/client.js';
import { APP, DIGEST_APP, IDS, SUB_A, TENANT_ID } from './support/tenant.js';
import { trustCaPolicy } from './support/trust.js';

const ARM_SCOPE = 'https://management.azure.com/.default';
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

function credentialOptions(): { authorityHost: string; disableInstanceDiscovery: true; additionalPolicies: ReturnType<typeof trustCaPolicy>[] } {
  return { authorityHost: t.emulator.baseUrl, disableInstanceDiscovery: true, additionalPolicies: [trustCaPolicy(t.emulator.caCertPem)] };
}

async function ssoToken(principalId: string, audience: string = APP.clientId): Promise<string> {
  const reply = await request(`${t.emulator.baseUrl}/_emulator/sso-token`, t.emulator.caCertPem, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ principalId, audience }),
  });
  expect(reply.status).toBe(200);
  return reply.json<{ token: string }>().token;
}

describe('OpenID metadata and keys', () => {
  test('discovery document points at this origin and the JWKS verifies issued tokens', async () => {
    const meta = (await request(`${t.emulator.baseUrl}/${TENANT_ID}/v2.0/.well-known/openid-configuration`, t.emulator.caCertPem)).json<Record<string, string>>();
    expect(meta.issuer).toBe(`${t.emulator.baseUrl}/${TENANT_ID}/v2.0`);
    expect(meta.token_endpoint).toBe(`${t.emulator.baseUrl}/${TENANT_ID}/oauth2/v2.0/token`);
    const jwks = (await request(meta.jwks_uri as string, t.emulator.caCertPem)).json<{ keys: Array<{ kid: string; kty: string; d?: string }> }>();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]?.kty).toBe('RSA');
    expect(jwks.keys[0]?.d).toBeUndefined();
    expect(decodeProtectedHeader(await t.tokenFor(IDS.reader)).kid).toBe(jwks.keys[0]?.kid);
  });

  test('an unknown tenant gets Entra’s AADSTS90002', async () => {
    const reply = await request(`${t.emulator.baseUrl}/not-a-tenant/v2.0/.well-known/openid-configuration`, t.emulator.caCertPem);
    expect(reply.status).toBe(400);
    const body = reply.json<{ error: string; error_codes: number[]; error_description: string }>();
    expect(body.error).toBe('invalid_tenant');
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_description).toMatch(/^AADSTS90002: Tenant 'not-a-tenant' not found/);
  });
});

describe('client credentials through @azure/identity', () => {
  test('the registered app gets an app-only ARM token', async () => {
    const credential = new ClientSecretCredential(TENANT_ID, APP.clientId, APP.clientSecret, credentialOptions());
    const token = await credential.getToken(ARM_SCOPE);
    const claims = decodeJwt(token.token);
    expect(claims.aud).toBe('https://management.azure.com');
    expect(claims.iss).toBe(`${t.emulator.baseUrl}/${TENANT_ID}/v2.0`);
    expect(claims.appid).toBe(APP.clientId);
    expect(claims.idtyp).toBe('app');
    expect(claims.scp).toBeUndefined();
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 50 * 60 * 1000);
  });

  test('a tenant service principal authenticates with its own secret and acts as itself', async () => {
    const credential = new ClientSecretCredential(TENANT_ID, DIGEST_APP.appId, DIGEST_APP.secret, credentialOptions());
    const token = await credential.getToken(ARM_SCOPE);
    expect(decodeJwt(token.token).oid).toBe(IDS.digest);
    const reply = await request(`${t.emulator.baseUrl}/subscriptions/${SUB_A}/providers/Test.Core/items?api-version=2024-01-01`, t.emulator.caCertPem, {
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(reply.status).toBe(200);
  });

  test('a wrong secret is refused with AADSTS7000215', async () => {
    const credential = new ClientSecretCredential(TENANT_ID, DIGEST_APP.appId, 'not-the-secret', credentialOptions());
    await expect(credential.getToken(ARM_SCOPE)).rejects.toThrow(/AADSTS7000215/);
  });

  test('an unknown client id is refused with AADSTS700016', async () => {
    const credential = new ClientSecretCredential(TENANT_ID, '99999999-0000-4000-8000-000000000000', 'x', credentialOptions());
    await expect(credential.getToken(ARM_SCOPE)).rejects.toThrow(/AADSTS700016/);
  });
});

describe('token endpoint refusals', () => {
  async function post(form: Record<string, string>): Promise<{ status: number; body: { error: string; error_codes: number[]; error_description: string } }> {
    const reply = await request(`${t.emulator.baseUrl}/${TENANT_ID}/oauth2/v2.0/token`, t.emulator.caCertPem, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: reply.status, body: reply.json() };
  }
  const client = { client_id: APP.clientId, client_secret: APP.clientSecret };

  test.for([
    { name: 'client credentials without /.default', form: { grant_type: 'client_credentials', scope: 'https://management.azure.com/user_impersonation' }, status: 400, error: 'invalid_scope', code: 1002012 },
    { name: 'a resource other than ARM', form: { grant_type: 'client_credentials', scope: 'https://vault.azure.net/.default' }, status: 400, error: 'invalid_resource', code: 500011 },
    { name: 'no scope', form: { grant_type: 'client_credentials' }, status: 400, error: 'invalid_request', code: 900144 },
    { name: 'an unsupported grant', form: { grant_type: 'password', scope: 'https://management.azure.com/.default' }, status: 400, error: 'unsupported_grant_type', code: 70003 },
    { name: 'on-behalf-of with a malformed assertion', form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', requested_token_use: 'on_behalf_of', assertion: 'nope', scope: 'https://management.azure.com/.default' }, status: 400, error: 'invalid_request', code: 50027 },
  ] as Array<{ name: string; form: Record<string, string>; status: number; error: string; code: number }>)('$name → $error (AADSTS$code)', async ({ form, status, error, code }) => {
    const reply = await post({ ...client, ...form });
    expect(reply.status).toBe(status);
    expect(reply.body.error).toBe(error);
    expect(reply.body.error_codes).toEqual([code]);
    expect(reply.body.error_description).toMatch(new RegExp(`^AADSTS${code}: .+\r\nTrace ID: `));
  });

  test('a missing secret is invalid_client (401)', async () => {
    const reply = await post({ client_id: APP.clientId, grant_type: 'client_credentials', scope: 'https://management.azure.com/.default' });
    expect(reply.status).toBe(401);
    expect(reply.body.error).toBe('invalid_client');
  });

  test('the emulator origin is accepted as the ARM resource (SDK default scope)', async () => {
    const reply = await post({ ...client, grant_type: 'client_credentials', scope: `${t.emulator.baseUrl}/.default` });
    expect(reply.status).toBe(200);
  });
});

describe('on-behalf-of through @azure/identity', () => {
  test('a Teams SSO stand-in token becomes a delegated ARM token for that user', async () => {
    const credential = new OnBehalfOfCredential({
      tenantId: TENANT_ID,
      clientId: APP.clientId,
      clientSecret: APP.clientSecret,
      userAssertionToken: await ssoToken(IDS.auditor),
      ...credentialOptions(),
    });
    const token = await credential.getToken(ARM_SCOPE);
    const claims = decodeJwt(token.token);
    expect(claims.oid).toBe(IDS.auditor);
    expect(claims.scp).toBe('user_impersonation');
    expect(claims.upn).toBe('ada@core.example');
    expect(claims.groups).toEqual([IDS.auditorsGroup]);
    expect(claims.appid).toBe(APP.clientId);
    expect(claims.tid).toBe(TENANT_ID);
    expect(claims.ver).toBe('2.0');
  });

  test('user_impersonation and an api:// audience are accepted too', async () => {
    const credential = new OnBehalfOfCredential({
      tenantId: TENANT_ID,
      clientId: APP.clientId,
      clientSecret: APP.clientSecret,
      userAssertionToken: await ssoToken(IDS.reader, `api://bot.example/${APP.clientId}`),
      ...credentialOptions(),
    });
    const token = await credential.getToken('https://management.azure.com/user_impersonation');
    expect(decodeJwt(token.token).oid).toBe(IDS.reader);
  });

  test.for([
    { name: 'assertion for another app', audience: '00000000-1111-4000-8000-000000000000', principal: IDS.reader, code: /AADSTS50013/ },
    { name: 'disabled user', audience: APP.clientId, principal: IDS.disabled, code: /AADSTS50057/ },
  ])('refuses $name with invalid_grant', async ({ audience, principal, code }) => {
    // The disabled user cannot get an SSO token either, so sign the assertion directly.
    const assertion =
      principal === IDS.disabled
        ? await signedUserAssertion(principal, audience)
        : await ssoToken(principal, audience);
    const credential = new OnBehalfOfCredential({ tenantId: TENANT_ID, clientId: APP.clientId, clientSecret: APP.clientSecret, userAssertionToken: assertion, ...credentialOptions() });
    await expect(credential.getToken(ARM_SCOPE)).rejects.toThrow(code);
  });
});

async function signedUserAssertion(principalId: string, audience: string): Promise<string> {
  const { TokenFactory } = await import('../../../src/emulator/identity/token-factory.js');
  const { loadSigningKey } = await import('../../../src/emulator/identity/signing-key.js');
  const { readFile } = await import('node:fs/promises');
  const key = await loadSigningKey(await readFile(`${t.caDir}/signing-key.pem`, 'utf8'));
  const factory = new TokenFactory(key, TENANT_ID);
  return (await factory.userAssertion(t.emulator.baseUrl, { id: principalId, displayName: 'x', type: 'User' }, audience)).token;
}

describe('Teams SSO stand-in', () => {
  test('unknown principals and service principals get 404 unknown_principal', async () => {
    for (const principalId of ['12345678-0000-4000-8000-000000000000', IDS.digest]) {
      const reply = await request(`${t.emulator.baseUrl}/_emulator/sso-token`, t.emulator.caCertPem, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ principalId, audience: APP.clientId }),
      });
      expect(reply.status).toBe(404);
      expect(reply.json().error).toBe('unknown_principal');
    }
  });

  test('the token is for the requested audience and user', async () => {
    const claims = decodeJwt(await ssoToken(IDS.owner));
    expect(claims.aud).toBe(APP.clientId);
    expect(claims.oid).toBe(IDS.owner);
    expect(claims.iss).toBe(`${t.emulator.baseUrl}/${TENANT_ID}/v2.0`);
  });
});
