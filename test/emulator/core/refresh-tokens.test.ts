import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, startTestEmulator, type TestEmulator } from './support/client.js';
import { APP, DIGEST_APP, IDS, TENANT_ID } from './support/tenant.js';

/**
 * Refresh tokens as Entra hands them out: on-behalf-of with `offline_access` answers one, bound to
 * the client it was issued to and the user it names; redeeming it gives that user's token and a
 * new refresh token. It is refused for another client, once the account is disabled, or when it is
 * anything but a refresh token.
 */

const ARM_SCOPE = 'https://management.azure.com/.default';
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

interface TokenBody {
  access_token?: string;
  refresh_token?: string;
  error?: string;
  error_codes?: number[];
}

async function post(form: Record<string, string>): Promise<{ status: number; body: TokenBody }> {
  const reply = await request(`${t.emulator.baseUrl}/${TENANT_ID}/oauth2/v2.0/token`, t.emulator.caCertPem, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: reply.status, body: reply.json<TokenBody>() };
}

async function ssoToken(principalId: string): Promise<string> {
  const reply = await request(`${t.emulator.baseUrl}/_emulator/sso-token`, t.emulator.caCertPem, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ principalId, audience: APP.clientId }),
  });
  return reply.json<{ token: string }>().token;
}

const client = { client_id: APP.clientId, client_secret: APP.clientSecret };

async function onBehalfOf(principalId: string, scope: string): Promise<{ status: number; body: TokenBody }> {
  return post({ ...client, grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', requested_token_use: 'on_behalf_of', assertion: await ssoToken(principalId), scope });
}

describe('refresh tokens', () => {
  test('only with offline_access; redeemed for the same user, with a new refresh token each time', async () => {
    expect((await onBehalfOf(IDS.reader, ARM_SCOPE)).body.refresh_token).toBeUndefined();
    const first = await onBehalfOf(IDS.reader, `${ARM_SCOPE} offline_access`);
    expect(first.status).toBe(200);
    const refreshToken = first.body.refresh_token as string;
    expect(refreshToken).toBeTruthy();

    const renewed = await post({ ...client, grant_type: 'refresh_token', refresh_token: refreshToken, scope: `${ARM_SCOPE} offline_access` });
    expect(renewed.status).toBe(200);
    expect(decodeJwt(renewed.body.access_token as string)).toMatchObject({ oid: IDS.reader, tid: TENANT_ID, scp: 'user_impersonation', idtyp: 'user' });
    expect(renewed.body.refresh_token).toBeTruthy();
    expect(renewed.body.refresh_token).not.toBe(refreshToken);
  });

  test('refused for another client, for an access token, and for nonsense', async () => {
    const { body } = await onBehalfOf(IDS.reader, `${ARM_SCOPE} offline_access`);
    const other = await post({ client_id: DIGEST_APP.appId, client_secret: DIGEST_APP.secret, grant_type: 'refresh_token', refresh_token: body.refresh_token as string, scope: ARM_SCOPE });
    expect(other).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_codes: [70000] } });
    const access = await post({ ...client, grant_type: 'refresh_token', refresh_token: body.access_token as string, scope: ARM_SCOPE });
    expect(access).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const nonsense = await post({ ...client, grant_type: 'refresh_token', refresh_token: 'nope', scope: ARM_SCOPE });
    expect(nonsense).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const missing = await post({ ...client, grant_type: 'refresh_token', scope: ARM_SCOPE });
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });
});
