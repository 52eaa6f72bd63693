import { describe, expect, test } from 'vitest';
import { OnBehalfOfCredentialFactory } from '../../../src/azure/credentials.js';
import type { UserAssertion, UserAssertionSource } from '../../../src/azure/user-assertion.js';
import { SignInRequiredError } from '../../../src/bot/auth/sign-in-required.js';
import type { AzureConfig } from '../../../src/config/index.js';
import type { UserIdentity } from '../../../src/domain/identity.js';

/** Per-user caching of on-behalf-of credentials, in memory, and how it ends. */

const azure: AzureConfig = {
  kind: 'emulator',
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
  clientId: '6c1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
  clientSecret: 'unit-test-only',
  armEndpoint: 'https://127.0.0.1:1',
  authorityHost: 'https://127.0.0.1:1',
  caCertPem: undefined,
};
const priya: UserIdentity = { channelUserId: '29:priya', aadObjectId: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51', name: 'Priya' };
const diego: UserIdentity = { channelUserId: '29:diego', aadObjectId: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d02', name: 'Diego' };

/** Hands out assertions from a script; counts the asks. */
class ScriptedAssertions implements UserAssertionSource {
  asks = 0;
  next: (user: UserIdentity) => UserAssertion | Error;
  constructor(next: (user: UserIdentity) => UserAssertion | Error) {
    this.next = next;
  }
  async assertionFor(user: UserIdentity): Promise<UserAssertion> {
    this.asks += 1;
    const answer = this.next(user);
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

const HOUR = 3600_000;

/** An unsigned token shaped like Entra's (only its claims matter before the exchange). */
function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.sig`;
}
function assertionOf(user: UserIdentity, serial = ''): string {
  return jwt({ oid: user.aadObjectId, tid: azure.tenantId, serial });
}

describe('OnBehalfOfCredentialFactory', () => {
  test('one credential per person, reused while the assertion is valid', async () => {
    let now = 0;
    const source = new ScriptedAssertions((u) => ({ token: assertionOf(u), expiresOnTimestamp: now + HOUR }));
    const factory = new OnBehalfOfCredentialFactory(azure, source, { now: () => now });
    const a = await factory.forUser(priya);
    expect(await factory.forUser(priya)).toBe(a);
    expect(await factory.forUser(diego)).not.toBe(a);
    expect(source.asks).toBe(2);

    // Within five minutes of expiry a fresh assertion is fetched.
    now += HOUR - 4 * 60_000;
    expect(await factory.forUser(priya)).not.toBe(a);
    expect(source.asks).toBe(3);
  });

  test('forget drops only that person', async () => {
    const source = new ScriptedAssertions((u) => ({ token: assertionOf(u), expiresOnTimestamp: Date.now() + HOUR }));
    const factory = new OnBehalfOfCredentialFactory(azure, source);
    const p = await factory.forUser(priya);
    const d = await factory.forUser(diego);
    factory.forget(priya);
    expect(await factory.forUser(priya)).not.toBe(p);
    expect(await factory.forUser(diego)).toBe(d);
  });

  test('rechecking keeps the credential for the same assertion and drops it once signed out', async () => {
    let now = 0;
    let token = assertionOf(priya, '1');
    const source = new ScriptedAssertions(() => (token === '' ? new SignInRequiredError(priya) : { token, expiresOnTimestamp: now + HOUR }));
    const factory = new OnBehalfOfCredentialFactory(azure, source, { now: () => now, recheckAfterMs: 60_000 });
    const first = await factory.forUser(priya);

    now += 30_000;
    expect(await factory.forUser(priya)).toBe(first);
    expect(source.asks).toBe(1);

    now += 60_000;
    expect(await factory.forUser(priya), 'same assertion: same credential').toBe(first);
    expect(source.asks).toBe(2);

    now += 61_000;
    token = assertionOf(priya, '2');
    const renewed = await factory.forUser(priya);
    expect(renewed).not.toBe(first);

    // Signed out elsewhere: the token service has nothing; the cached credential must not be used.
    now += 61_000;
    token = '';
    await expect(factory.forUser(priya)).rejects.toBeInstanceOf(SignInRequiredError);
    token = assertionOf(priya, '3');
    expect(await factory.forUser(priya)).not.toBe(renewed);
  });

  test('a person without an Entra object id is refused before anything is asked', async () => {
    const source = new ScriptedAssertions(() => ({ token: 't', expiresOnTimestamp: Date.now() + HOUR }));
    const factory = new OnBehalfOfCredentialFactory(azure, source);
    await expect(factory.forUser({ channelUserId: '29:guest' })).rejects.toThrow(/not known to this Azure tenant/);
    expect(source.asks).toBe(0);
  });

  test('an assertion issued for someone else, or in another tenant, is refused', async () => {
    const factory = new OnBehalfOfCredentialFactory(azure, new ScriptedAssertions(() => ({ token: assertionOf(diego), expiresOnTimestamp: Date.now() + HOUR })));
    await expect(factory.forUser(priya)).rejects.toThrow(/different account/);
    const elsewhere = new OnBehalfOfCredentialFactory(azure, new ScriptedAssertions(() => ({ token: jwt({ oid: priya.aadObjectId, tid: 'another-tenant' }), expiresOnTimestamp: Date.now() + HOUR })));
    await expect(elsewhere.forUser(priya)).rejects.toThrow(/different account/);
    const opaque = new OnBehalfOfCredentialFactory(azure, new ScriptedAssertions(() => ({ token: 'not-a-jwt', expiresOnTimestamp: Date.now() + HOUR })));
    await expect(opaque.forUser(priya)).rejects.toThrow(/different account/);
  });
});

describe('credentials and turns', () => {
  let turn: { oid: string | undefined } | undefined;
  const source = new ScriptedAssertions((u) => ({ token: assertionOf(u), expiresOnTimestamp: Date.now() + HOUR }));
  const factory = new OnBehalfOfCredentialFactory(azure, source, { turn: () => turn });

  test('a cached credential is never handed out in another person\'s turn', async () => {
    turn = { oid: priya.aadObjectId };
    const mine = await factory.forUser(priya);
    turn = { oid: diego.aadObjectId };
    const asks = source.asks;
    await expect(factory.forUser(priya)).rejects.toMatchObject({ reason: 'not-your-credential' });
    expect(source.asks, 'nothing was fetched for Priya in Diego\'s turn').toBe(asks);
    expect(await factory.forUser(diego)).not.toBe(mine);
  });

  test('outside any turn, delegated credentials are refused unless the source may vouch there', async () => {
    turn = { oid: priya.aadObjectId };
    await factory.forUser(priya);
    turn = undefined;
    await expect(factory.forUser(priya)).rejects.toMatchObject({ reason: 'sign-in-required' });
    const local = new OnBehalfOfCredentialFactory(azure, source, { turn: () => undefined, outsideTurn: 'allow' });
    await expect(local.forUser(priya)).resolves.toBeDefined();
  });

  test('a credential held for later serves its owner only, after the turn too', async () => {
    turn = undefined;
    await expect(factory.holdForLater(priya), 'only in the owner\'s turn').rejects.toMatchObject({ reason: 'sign-in-required' });
    turn = { oid: priya.aadObjectId };
    const held = await factory.holdForLater(priya);
    turn = undefined;
    expect(held.owner.oid).toBe(priya.aadObjectId);
    expect(held.credentialFor(priya)).toBe(await held.factory.forUser(priya));
    expect(() => held.credentialFor(diego)).toThrow(/will not use Priya's sign-in/);
    await expect(held.factory.forUser(diego)).rejects.toMatchObject({ reason: 'not-your-credential' });
  });
});
