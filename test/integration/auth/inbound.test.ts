import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { cardAction, message } from '../../harness/activities.js';
import type { ChannelTokenOptions } from '../../harness/openid-server.js';
import { personas } from '../../harness/personas.js';
import { BOT_APP, startAuthStack, type AuthStack } from './support/auth-stack.js';

/**
 * With an app id, only genuine Bot Framework traffic gets in. Each forgery below is refused with
 * 401 before any bot code runs: nothing is sent to the conversation, nothing is asked of Azure or
 * of the token service. The valid case beside them proves the refusals are about the token.
 */

let stack: AuthStack;
beforeAll(async () => {
  stack = await startAuthStack({ logLevel: 'info' });
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  stack.connector.reset();
});

type Forgery = (serviceUrl: string) => Promise<string | undefined>;

const token = (o: Omit<ChannelTokenOptions, 'serviceUrl'>): Forgery => async (serviceUrl) => `Bearer ${await stack.openid.channelToken({ serviceUrl, ...o })}`;

/** Each forgery, and the reason botbuilder gives for refusing it (so each case fails for its own cause). */
const FORGERIES: [string, Forgery, RegExp][] = [
  ['no Authorization header', async () => undefined, /Request is not authorized/],
  ['a signature from a key the channel never published', token({ signer: 'forged' }), /invalid signature/],
  ['a token for another bot (wrong audience)', token({ audience: '00000000-0000-4000-8000-00000000bad0' }), /Invalid AppId passed on token/],
  ['an expired token (beyond the clock tolerance)', token({ expiresIn: -600 }), /expired/],
  ['a token from another issuer', token({ issuer: 'https://sts.attacker.example/' }), /No valid identity/],
  ['a token naming another serviceUrl', async () => `Bearer ${await stack.openid.channelToken({ serviceUrl: 'https://smba.trafficmanager.net/emea/' })}`, /ServiceUrl claim/],
  ['a key endorsed for webchat used on msteams', token({ signer: 'webchat' }), /endorsement/],
  ['a token that is not a JWT', async () => 'Bearer not-a-token', /No valid identity/],
  ['another scheme', async (serviceUrl) => `Basic ${Buffer.from(`x:${await stack.openid.channelToken({ serviceUrl })}`).toString('base64')}`, /No valid identity/],
];

async function postWith(activity: Record<string, unknown>, forge: Forgery): Promise<{ status: number; body: string }> {
  const authorization = await forge(String(activity.serviceUrl));
  // An explicit empty header still counts as "no header" for the bot.
  const result = await stack.teams.post(activity, { headers: { authorization: authorization ?? '' } });
  return { status: result.status, body: result.body };
}

describe('inbound authentication', () => {
  test('a genuine activity is answered, and the reply carries the bot\'s own token', async () => {
    const reply = await stack.teams.say('ping', { as: personas.priya });
    expect(reply.status).toBe(200);
    expect(reply.readable).toMatch(/pong/i);
    expect(stack.connector.refused).toEqual([]);
    expect(stack.openid.issued).toBeGreaterThan(0);
  });

  test.for(FORGERIES)('refuses %s: 401, nothing runs, nothing is sent', async ([, forge, reason]) => {
    const emulatorBefore = stack.emulatorLog.length;
    const tokenServiceBefore = stack.tokenService.calls.length;
    const activity = message(stack.context, { text: 'whoami', as: personas.priya });

    const result = await postWith(activity, forge);

    expect(result.status).toBe(401);
    expect(result.body).not.toMatch(/eyJ/);
    // Give a wrongly started turn the time it would need to reach the connector.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(stack.connector.sent).toEqual([]);
    expect(stack.emulatorLog.slice(emulatorBefore)).toEqual([]);
    expect(stack.tokenService.calls.slice(tokenServiceBefore)).toEqual([]);
    const logged = stack.logs.filter((line) => line.includes(String(activity.id)) && line.includes('activity refused'));
    // Logged once, with botbuilder's reason, and without the token.
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(reason);
    expect(logged[0]).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
  });

  test('a forged card click is refused the same way and gets no card back', async () => {
    const click = cardAction(stack.context, { verb: 'signin.start', as: personas.priya });
    const result = await postWith(click, token({ signer: 'forged' }));
    expect(result.status).toBe(401);
    expect(result.body).not.toContain('AdaptiveCard');
    expect(stack.connector.sent).toEqual([]);
  });

  test('a token whose audience is this bot\'s app id is accepted', async () => {
    const activity = message(stack.context, { text: 'ping', as: personas.diego });
    const good = await postWith(activity, token({ audience: BOT_APP.id }));
    expect(good.status).toBe(200);
  });
});
