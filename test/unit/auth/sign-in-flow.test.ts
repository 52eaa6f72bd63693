import { describe, expect, test } from 'vitest';
import { SignInFlow } from '../../../src/bot/auth/sign-in-flow.js';
import { isSignInRequired, SignInRequiredError } from '../../../src/bot/auth/sign-in-required.js';
import { TokenServiceAssertions } from '../../../src/bot/auth/token-service-assertions.js';
import { runInTurn } from '../../../src/bot/auth/turn-scope.js';
import { UserError } from '../../../src/domain/errors.js';
import type { UserIdentity } from '../../../src/domain/identity.js';
import { createLogger } from '../../../src/log/logger.js';
import { fakeJwt, fakeTurn, FakeTokenService } from './support/turn.js';

const PRIYA_OID = '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51';
const priya: UserIdentity = { channelUserId: '29:priya', aadObjectId: PRIYA_OID, name: 'Priya Raman' };
const CONNECTION = 'sso';
const log = createLogger('silent');

function flow(): { flow: SignInFlow; forgotten: UserIdentity[] } {
  const forgotten: UserIdentity[] = [];
  return { flow: new SignInFlow({ connectionName: CONNECTION, credentials: { forget: (u) => forgotten.push(u) }, log }), forgotten };
}

describe('TokenServiceAssertions', () => {
  const assertions = new TokenServiceAssertions(CONNECTION);

  test('outside a turn nobody can be asked: sign-in required', async () => {
    await expect(assertions.assertionFor(priya)).rejects.toBeInstanceOf(SignInRequiredError);
  });

  test('no token at the service: sign-in required, and the turn remembers it', async () => {
    const { context } = fakeTurn({ type: 'message', text: 'whoami' }, new FakeTokenService());
    await runInTurn(context, async (scope) => {
      const error = await assertions.assertionFor(priya).catch((e: unknown) => e);
      expect(isSignInRequired(error)).toBe(true);
      expect(scope.signInNeeded).toBe(true);
    });
  });

  test('the user\'s token, with its own expiry', async () => {
    const service = new FakeTokenService();
    const exp = Math.floor(Date.now() / 1000) + 1234;
    service.tokens.set('29:priya', fakeJwt({ oid: PRIYA_OID, exp }));
    const { context } = fakeTurn({ type: 'message' }, service);
    const assertion = await runInTurn(context, () => assertions.assertionFor(priya));
    expect(assertion.expiresOnTimestamp).toBe(exp * 1000);
    expect(service.calls).toEqual(['getUserToken 29:priya']);
  });

  test('a token for another person than the Teams sender is refused', async () => {
    const service = new FakeTokenService();
    service.tokens.set('29:priya', fakeJwt({ oid: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d02', exp: 9_999_999_999 }));
    const { context } = fakeTurn({ type: 'message' }, service);
    const error = await runInTurn(context, () => assertions.assertionFor(priya)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(isSignInRequired(error)).toBe(false);
    expect((error as UserError).message).toMatch(/different account/);
  });
});

describe('SignInFlow', () => {
  test('personal chat: the sign-in card is an OAuth card with the SSO resource', async () => {
    const { flow: f } = flow();
    const { context } = fakeTurn({ type: 'message', text: 'whoami' }, new FakeTokenService());
    const card = await runInTurn(context, () => f.cardFor(new SignInRequiredError(priya)));
    expect(card?.contentType).toBe('application/vnd.microsoft.card.oauth');
    expect(card?.content).toMatchObject({ connectionName: CONNECTION, tokenExchangeResource: { id: 'exchange-1' } });
  });

  test('channels get the in-card sign-in; other errors get no sign-in card', async () => {
    const { flow: f } = flow();
    const { context } = fakeTurn({ type: 'message', conversation: { id: '19:c', conversationType: 'channel', isGroup: true, name: 'c' } }, new FakeTokenService());
    const card = await runInTurn(context, () => f.cardFor(new SignInRequiredError(priya)));
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(card?.content)).toContain('signin.start');
    expect(await runInTurn(context, () => f.cardFor(new UserError('nope')))).toBeUndefined();
    expect(await f.cardFor(new SignInRequiredError(priya)), 'outside a turn').toBeUndefined();
  });

  test('a card action that needed sign-in is answered with a login request, not the bot\'s card', async () => {
    const { flow: f } = flow();
    const service = new FakeTokenService();
    const { context, sent } = fakeTurn({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'findings.refresh', data: {} } } }, service);
    await f.run(context, async () => {
      await new TokenServiceAssertions(CONNECTION).assertionFor(priya).catch(() => undefined);
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'error card' } } });
    });
    const last = sent.at(-1) as { value?: { body?: { statusCode?: number; type?: string } } };
    expect(last.value?.body).toMatchObject({ statusCode: 401, type: 'application/vnd.microsoft.activity.loginRequest' });
  });

  test('in-card SSO: the token is exchanged and the original action goes on', async () => {
    const { flow: f, forgotten } = flow();
    const service = new FakeTokenService();
    const value = { action: { type: 'Action.Execute', verb: 'findings.refresh', data: {} }, authentication: { id: 'e', connectionName: CONNECTION, token: 'sso-token' } };
    const { context } = fakeTurn({ type: 'invoke', name: 'adaptiveCard/action', value }, service);
    let ran = false;
    await f.run(context, async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(service.calls).toContain('exchangeToken 29:priya');
    expect(forgotten.map((u) => u.aadObjectId)).toEqual([PRIYA_OID]);
  });

  test('in-card SSO that fails offers the sign-in button instead, and nothing runs', async () => {
    const { flow: f } = flow();
    const service = new FakeTokenService();
    service.exchangeWorks = false;
    const value = { action: { type: 'Action.Execute', verb: 'findings.refresh', data: {} }, authentication: { token: 'sso-token' } };
    const { context, sent } = fakeTurn({ type: 'invoke', name: 'adaptiveCard/action', value }, service);
    let ran = false;
    await f.run(context, async () => {
      ran = true;
    });
    expect(ran).toBe(false);
    const body = (sent.at(-1) as { value?: { body?: { statusCode?: number; value?: Record<string, unknown> } } }).value?.body;
    expect(body?.statusCode).toBe(401);
    expect(body?.value?.tokenExchangeResource, 'no second SSO attempt').toBeUndefined();
  });

  test('the channel card\'s Action.Submit fallback sends the sign-in button, or says you are signed in', async () => {
    const { flow: f } = flow();
    const service = new FakeTokenService();
    const submit = { type: 'message', value: { verb: 'signin.start', data: {} } };
    const first = fakeTurn(submit, service);
    await f.run(first.context, async () => expect.unreachable('the bot does not see the sign-in verb'));
    expect(first.sent.flatMap((a) => a.attachments ?? []).map((a) => a.contentType)).toEqual(['application/vnd.microsoft.card.oauth']);

    service.tokens.set('29:priya', 'x');
    const second = fakeTurn(submit, service);
    await f.run(second.context, async () => expect.unreachable('the bot does not see the sign-in verb'));
    expect(second.sent.map((a) => a.text)).toEqual([expect.stringMatching(/signed in/)]);
  });

  test('sign out tells the token service and forgets the credential', async () => {
    const { flow: f, forgotten } = flow();
    const service = new FakeTokenService();
    service.tokens.set('29:priya', 'x');
    const { context } = fakeTurn({ type: 'message', text: 'sign out' }, service);
    expect(await runInTurn(context, () => f.signOut(priya))).toEqual({ tokenService: true });
    expect(service.tokens.has('29:priya')).toBe(false);
    expect(forgotten).toHaveLength(1);
  });
});
