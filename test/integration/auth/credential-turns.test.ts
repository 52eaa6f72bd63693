import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { OnBehalfOfCredentialFactory } from '../../../src/azure/credentials.js';
import { runInTurn, TokenServiceAssertions, turnPerson } from '../../../src/bot/auth/index.js';
import { loadConfig } from '../../../src/config/index.js';
import type { UserIdentity } from '../../../src/domain/identity.js';
import { personas, type Persona } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { startAuthStack, type AuthStack } from './support/auth-stack.js';
import { signInWithSso } from './support/sign-in.js';
import { CONNECTION, tokenServiceClient, turnOf } from './support/turns.js';

/**
 * The credential layer on the token-service path, wired as the app wires it: real Teams SSO tokens
 * from the token service, real on-behalf-of exchanges at the emulator. One person's credential never
 * reads or writes for another, whether asked for in another person's turn, from a cache, or
 * after the turn that took it.
 */

let stack: AuthStack;
let factory: OnBehalfOfCredentialFactory;
const priya = personas.priya;
const diego = personas.diego;
const ARM = 'https://management.azure.com/.default';

const identity = (p: Persona): UserIdentity => ({ channelUserId: p.id, aadObjectId: p.aadObjectId, name: p.name });
const inTurnOf = <T>(p: Persona, fn: () => Promise<T>): Promise<T> => runInTurn(turnOf(p, tokenServiceClient(stack)), fn);
const getUserTokenCalls = (userId: string): number => stack.tokenService.calls.filter((c) => c.path === '/api/usertoken/GetToken' && c.userId === userId).length;

beforeAll(async () => {
  stack = await startAuthStack();
  await signInWithSso(stack, priya);
  await signInWithSso(stack, diego);
  const azure = loadConfig({
    MICROSOFT_APP_ID: 'unused',
    MICROSOFT_APP_PASSWORD: 'unused',
    EMULATOR_URL: stack.emulator.baseUrl,
    EMULATOR_CA_DIR: stack.caDir,
    AZURE_TENANT_ID: stack.emulator.tenantId,
    AZURE_CLIENT_ID: TEST_APP.clientId,
    AZURE_CLIENT_SECRET: TEST_APP.clientSecret,
  }).azure;
  factory = new OnBehalfOfCredentialFactory(azure, new TokenServiceAssertions(CONNECTION), { turn: turnPerson, outsideTurn: 'refuse', recheckAfterMs: 5 * 60_000 });
}, 90_000);
afterAll(async () => {
  await stack?.close();
});

describe('credentials on the token-service path', () => {
  test('a credential cached in its owner\'s turn is refused in another person\'s turn, and outside any turn', async () => {
    const mine = await inTurnOf(priya, async () => (await factory.forUser(identity(priya))).getToken(ARM));
    expect(decodeJwt(mine?.token ?? '')).toMatchObject({ oid: priya.aadObjectId, idtyp: 'user' });

    const asked = getUserTokenCalls(priya.id);
    await expect(inTurnOf(diego, () => factory.forUser(identity(priya)))).rejects.toMatchObject({ reason: 'not-your-credential' });
    expect(getUserTokenCalls(priya.id), 'the token service was not asked for Priya in Diego\'s turn').toBe(asked);
    await expect(factory.forUser(identity(priya)), 'outside any turn: the scheduler, a recovery sweep').rejects.toMatchObject({ reason: 'sign-in-required' });

    // Diego's own credential in his own turn is his.
    const his = await inTurnOf(diego, async () => (await factory.forUser(identity(diego))).getToken(ARM));
    expect(decodeJwt(his?.token ?? '').oid).toBe(diego.aadObjectId);
  }, 60_000);

  test('a turn naming Priya\'s object id from another channel account gets no cached credential of hers', async () => {
    const spoof: Persona = { ...diego, aadObjectId: priya.aadObjectId };
    await expect(inTurnOf(spoof, () => factory.forUser(identity(spoof)))).rejects.toThrow(/different account/);
  }, 60_000);

  test('the approver\'s credential held from the click finishes the work after it, for the approver\'s work only', async () => {
    await expect(inTurnOf(diego, () => factory.holdForLater(identity(priya))), 'held only from the owner\'s own turn').rejects.toMatchObject({ reason: 'not-your-credential' });
    const held = await inTurnOf(priya, () => factory.holdForLater(identity(priya)));

    // After the click: no turn, as in a background completion.
    const token = await held.credentialFor(identity(priya)).getToken(ARM);
    expect(decodeJwt(token?.token ?? '')).toMatchObject({ oid: priya.aadObjectId, tid: stack.emulator.tenantId });
    expect(() => held.credentialFor(identity(diego))).toThrow(/will not use Priya Raman's sign-in/);
    await expect(held.factory.forUser(identity(diego))).rejects.toMatchObject({ reason: 'not-your-credential' });
    await expect(inTurnOf(diego, () => held.factory.forUser(identity(diego)))).rejects.toMatchObject({ reason: 'not-your-credential' });
  }, 60_000);
});
