import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { invoke, message } from '../../harness/activities.js';
import { personas } from '../../harness/personas.js';
import { TEST_APP } from '../../harness/stack.js';
import { BOT_APP, CONNECTION, SSO_AUDIENCE, startAuthStack, type AuthStack } from './support/auth-stack.js';
import { exchangeSso, oauthCardOf, type OAuthCardContent } from './support/sign-in.js';
import { ssoToken } from './support/sso.js';

/**
 * A whole protocol session at LOG_LEVEL=trace: refusals, SSO, the 412 fallback, magic codes,
 * in-card sign-in, rate limiting, sign-out. Afterwards nothing that was written (the bot's log, the
 * console, the emulator's log) may contain a JWT or a client secret.
 */

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;
const SECRETS = [BOT_APP.secret, TEST_APP.clientSecret];

function leaks(lines: readonly string[]): string[] {
  return lines.filter((line) => JWT.test(line) || SECRETS.some((secret) => line.includes(secret)));
}

let stack: AuthStack;
const consoleLines: string[] = [];
const tokensSeen = new Set<string>();

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
  stack = await startAuthStack({ logLevel: 'trace', env: { RATE_LIMIT_PER_MINUTE: '6' } });
});
afterAll(async () => {
  await stack?.close();
  vi.restoreAllMocks();
});

describe('tokens never reach the logs', () => {
  test('the scan itself finds a token and a secret when they are there', () => {
    expect(leaks(['{"msg":"x","value":"eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIxIn0.c2lnbmF0dXJl"}'])).toHaveLength(1);
    expect(leaks([`password=${BOT_APP.secret}`])).toHaveLength(1);
    expect(leaks(['{"msg":"activity received"}'])).toHaveLength(0);
  });

  test('a whole session at trace level logs plenty and leaks nothing', async () => {
    const { teams, context } = stack;
    // Refused traffic, with real-looking tokens in the headers.
    const refused = message(context, { text: 'whoami', as: personas.priya });
    const forged = await stack.openid.channelToken({ serviceUrl: String(refused.serviceUrl), signer: 'forged' });
    expect((await teams.post(refused, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    const expired = await stack.openid.channelToken({ serviceUrl: String(refused.serviceUrl), expiresIn: -900 });
    expect((await teams.post(refused, { headers: { authorization: `Bearer ${expired}` } })).status).toBe(401);

    // Silent SSO (the token travels in the invoke's value), then answers read with it.
    const card = oauthCardOf((await teams.say('whoami', { as: personas.priya })).activity) as OAuthCardContent;
    expect((await exchangeSso(stack, personas.priya, card)).status).toBe(200);
    expect((await teams.say('whoami', { as: personas.priya })).readable).toContain('Priya');
    expect((await teams.say('findings in dev', { as: personas.priya })).status).toBe(200);

    // A refused exchange (412), then the magic code.
    const diegoCard = oauthCardOf((await teams.say('whoami', { as: personas.diego })).activity) as OAuthCardContent;
    stack.tokenService.refuseExchangeFor.add(personas.diego.id);
    expect((await exchangeSso(stack, personas.diego, diegoCard)).status).toBe(412);
    const code = await stack.tokenService.magicCodeFor(personas.diego.id, personas.diego.aadObjectId);
    expect((await teams.post(invoke(context, { name: 'signin/verifyState', value: { state: code }, as: personas.diego }))).status).toBe(200);

    // In-card sign-in in a channel, the token in the card action.
    await teams.say('whoami', { as: personas.mei, in: 'channel' });
    const token = await ssoToken(stack.emulator, personas.mei.aadObjectId, SSO_AUDIENCE);
    tokensSeen.add(token);
    const value = { action: { type: 'Action.Execute', verb: 'signin.start', data: {} }, trigger: 'manual', authentication: { id: 'x', connectionName: CONNECTION, token } };
    expect((await teams.post(invoke(context, { name: 'adaptiveCard/action', value, as: personas.mei, in: 'channel' }))).status).toBe(200);
    expect((await teams.say('whoami', { as: personas.mei, in: 'channel' })).readable).toContain('Mei');

    // A person nobody knows, and a noisy one.
    await teams.say('whoami', { as: personas.stranger });
    for (let i = 0; i < 8; i++) await teams.post(message(context, { text: 'ping', as: personas.sam }));
    await teams.say('sign out', { as: personas.priya });

    const botLog = stack.logs;
    for (const wanted of ['activity received', 'activity refused', 'signed in', 'rate limited', 'signed out']) {
      expect(botLog.some((line) => line.includes(wanted)), `the log has "${wanted}"`).toBe(true);
    }
    expect(botLog.filter((line) => line.includes('"level":10')).length, 'trace lines were written').toBeGreaterThan(10);

    const everything = [...botLog, ...consoleLines, ...stack.emulatorLog];
    expect(leaks(everything)).toEqual([]);
    for (const t of tokensSeen) expect(everything.some((line) => line.includes(t.slice(-20)))).toBe(false);
  });
});
