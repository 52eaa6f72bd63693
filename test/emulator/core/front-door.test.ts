import { readFile } from 'node:fs/promises';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSigningKey } from '../../../src/emulator/identity/signing-key.js';
import { request, startTestEmulator } from './support/client.js';
import type { TestEmulator } from './support/client.js';
import { IDS, SUB_A, TENANT_ID } from './support/tenant.js';

let t: TestEmulator;
const ITEMS = `/subscriptions/${SUB_A}/providers/Test.Core/items?api-version=2024-01-01`;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

/** Signs arbitrary claims with the emulator's key (or another key), to forge edge cases. */
async function sign(claims: Record<string, unknown>, opts: { foreignKey?: boolean; expiresAt?: number } = {}): Promise<string> {
  const own = await loadSigningKey(await readFile(`${t.caDir}/signing-key.pem`, 'utf8'));
  const key = opts.foreignKey ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : own.privateKey;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid: TENANT_ID, oid: IDS.owner, scp: 'user_impersonation', aud: 'https://management.azure.com', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: own.kid })
    .setIssuer(`${t.emulator.baseUrl}/${TENANT_ID}/v2.0`)
    .setIssuedAt(now - 7200)
    .setNotBefore(now - 7200)
    .setExpirationTime(opts.expiresAt ?? now + 3600)
    .sign(key);
}

function withToken(token: string | undefined, path = ITEMS): ReturnType<typeof request> {
  return request(`${t.emulator.baseUrl}${path}`, t.emulator.caCertPem, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

describe('authentication', () => {
  test('no Authorization header: 401 AuthenticationFailed with a Bearer challenge', async () => {
    const reply = await withToken(undefined);
    expect(reply.status).toBe(401);
    expect(reply.json()).toEqual({ error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." } });
    expect(reply.headers['www-authenticate']).toMatch(/^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/[^"]+", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header\."$/);
    expect(reply.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a header that is not a bearer token: AuthenticationFailedInvalidHeader', async () => {
    const reply = await request(`${t.emulator.baseUrl}${ITEMS}`, t.emulator.caCertPem, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(reply.status).toBe(401);
    expect(reply.json<{ error: { code: string } }>().error.code).toBe('AuthenticationFailedInvalidHeader');
  });

  test.for([
    { name: 'forged signature', make: () => sign({}, { foreignKey: true }), code: 'InvalidAuthenticationToken', message: /^The access token is invalid\.$/ },
    { name: 'not a JWT', make: async () => 'abc.def', code: 'InvalidAuthenticationToken', message: /^The access token is invalid\.$/ },
    {
      name: 'expired token',
      make: () => sign({}, { expiresAt: Math.floor(Date.now() / 1000) - 600 }),
      code: 'ExpiredAuthenticationToken',
      message: /^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M' is earlier than current UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M'\.$/,
    },
    {
      name: 'wrong audience',
      make: () => sign({ aud: 'https://vault.azure.net' }),
      code: 'InvalidAuthenticationTokenAudience',
      message: /^The access token has been obtained for wrong audience or resource 'https:\/\/vault\.azure\.net'\. It should exactly match with one of the allowed audiences 'https:\/\/management\.core\.windows\.net\/'/,
    },
    {
      name: 'another tenant',
      make: () => sign({ tid: '99999999-0000-4000-8000-000000000000' }),
      code: 'InvalidAuthenticationTokenTenant',
      message: /^The access token is from the wrong issuer/,
    },
  ])('$name: 401 $code', async ({ make, code, message }) => {
    const reply = await withToken(await make());
    expect(reply.status).toBe(401);
    const body = reply.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
    expect(reply.headers['www-authenticate']).toMatch(/^Bearer authorization_uri=".*", error="invalid_token"/);
  });

  test('a valid token reaches the route as a delegated caller', async () => {
    const reply = await withToken(await sign({}), `/subscriptions/${SUB_A}/providers/Test.Core/echo?api-version=x`);
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ caller: IDS.owner, delegated: true });
  });
});

describe('request handling', () => {
  test('missing api-version: ARM’s MissingApiVersionParameter', async () => {
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/items`);
    expect(reply.status).toBe(400);
    expect(reply.json()).toEqual({
      error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' },
    });
  });

  test('unsupported api-version lists the supported ones', async () => {
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/items?api-version=2099-01-01`);
    expect(reply.status).toBe(400);
    const body = reply.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('NoRegisteredProviderFound');
    expect(body.error.message).toContain("The supported api-versions are '2024-01-01, 2023-01-01'");
  });

  test('unknown resource type: 404 InvalidResourceType', async () => {
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/widgets?api-version=2024-01-01`);
    expect(reply.status).toBe(404);
    expect(reply.json()).toEqual({
      error: { code: 'InvalidResourceType', message: "The resource type 'widgets' could not be found in the namespace 'Test.Core' for api version '2024-01-01'." },
    });
  });

  test('malformed JSON: 400 InvalidRequestContent', async () => {
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/items/x?api-version=2024-01-01`, { method: 'PUT', body: '{"tags": ' });
    expect(reply.status).toBe(400);
    const body = reply.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('InvalidRequestContent');
    expect(body.error.message).toMatch(/^The request content was invalid and could not be deserialized: '.+'\.$/);
  });

  test('bodies over 4 MB: 413', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(4 * 1024 * 1024) });
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/items/x?api-version=2024-01-01`, { method: 'PUT', body: big });
    expect(reply.status).toBe(413);
    expect(reply.json<{ error: { code: string } }>().error.code).toBe('RequestEntityTooLarge');
  });

  test('an exception in a route is a 500 InternalServerError without internals', async () => {
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/boom?api-version=2024-01-01`);
    expect(reply.status).toBe(500);
    const body = reply.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('InternalServerError');
    expect(body.error.message).toContain(`tracking id '${reply.headers['x-ms-request-id'] as string}'`);
    expect(reply.text).not.toMatch(/hunter2|secret\.ts|at /);
  });

  test('an ArmError from a route keeps its status, code and details', async () => {
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/teapot?api-version=2024-01-01`);
    expect(reply.status).toBe(409);
    expect(reply.json()).toEqual({ error: { code: 'Conflict', message: 'The teapot is busy.', details: [{ code: 'Busy', message: 'Try later.' }] } });
  });

  test('ARM headers: request id, echoed correlation and client request ids, remaining reads', async () => {
    const reply = await t.arm(IDS.owner, ITEMS, { headers: { 'x-ms-correlation-request-id': 'corr-123', 'x-ms-client-request-id': 'client-456' } });
    expect(reply.status).toBe(200);
    expect(reply.headers['x-ms-correlation-request-id']).toBe('corr-123');
    expect(reply.headers['x-ms-client-request-id']).toBe('client-456');
    expect(reply.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(reply.headers['x-ms-ratelimit-remaining-subscription-reads'])).toBeGreaterThan(0);
  });

  test('double slashes, mixed case and percent-encoding resolve to the same route', async () => {
    const reply = await t.arm(IDS.owner, `//SUBSCRIPTIONS/${SUB_A}/resourceGroups/rg%2Dapp/PROVIDERS/test.core/Echo?api-version=1`);
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ params: { scope: `/SUBSCRIPTIONS/${SUB_A}/resourceGroups/rg-app` }, path: `/SUBSCRIPTIONS/${SUB_A}/resourceGroups/rg-app/PROVIDERS/test.core/Echo` });
  });

  test('writes are stamped with the caller through systemDataFor', async () => {
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/items/stamped?api-version=2024-01-01`, { method: 'PUT', body: '{"tags":{"a":"b"}}' });
    expect(reply.status).toBe(201);
    expect(reply.json()).toMatchObject({ tags: { a: 'b' }, systemData: { createdBy: IDS.owner, createdByType: 'User', lastModifiedBy: IDS.owner } });
    expect(Number(reply.headers['x-ms-ratelimit-remaining-subscription-writes'])).toBeGreaterThan(0);
  });

  test('403 AuthorizationFailed is worded exactly as ARM words it', async () => {
    const reply = await t.arm(IDS.nobody, ITEMS);
    expect(reply.status).toBe(403);
    expect(reply.json()).toEqual({
      error: {
        code: 'AuthorizationFailed',
        message: `The client 'nadia@core.example' with object id '${IDS.nobody}' does not have authorization to perform action 'Test.Core/items/read' over scope '/subscriptions/${SUB_A}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      },
    });
  });

  test('HEAD runs the GET route and answers 204 without a body', async () => {
    const reply = await t.arm(IDS.owner, ITEMS, { method: 'HEAD' });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
  });

  test('a path served only for other methods: 405', async () => {
    const reply = await t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/items/x?api-version=2024-01-01`, { method: 'DELETE' });
    expect(reply.status).toBe(405);
    expect(reply.json<{ error: { code: string } }>().error.code).toBe('MethodNotAllowed');
  });

  test('app-only callers are named by their app id in 403s', async () => {
    const put = await t.arm(IDS.digest, `/subscriptions/${SUB_A}/providers/Test.Core/items/x?api-version=2024-01-01`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(403);
    expect(put.json<{ error: { message: string } }>().error.message).toMatch(
      /^The client 'd0000000-0000-4000-8000-00000000d16e' with object id 'b0000000-0000-4000-8000-000000000001' does not have authorization to perform action 'Test.Core\/items\/write'/,
    );
  });
});
