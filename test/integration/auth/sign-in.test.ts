import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { invoke } from '../../harness/activities.js';
import type { Json } from '../../harness/connector.js';
import { personas } from '../../harness/personas.js';
import { tenantFacts } from '../../harness/tenant-facts.js';
import { CONNECTION, SSO_AUDIENCE, startAuthStack, type AuthStack } from './support/auth-stack.js';
import { azureCallsSince, exchangeSso, oauthCardOf, signInWithSso, type OAuthCardContent } from './support/sign-in.js';
import { ssoToken } from './support/sso.js';

/**
 * Teams sign-in as deployed: the OAuth card and silent SSO in personal chat, the 412 fallback and
 * the sign-in button's magic code, in-card sign-in in channels, and sign-out. Answers are read from
 * Azure (the emulator) with the signed-in person's own on-behalf-of token.
 */

const tenant = tenantFacts();
let stack: AuthStack;
beforeAll(async () => {
  stack = await startAuthStack();
});
afterAll(async () => {
  await stack?.close();
});

interface InvokeBody {
  statusCode?: number;
  type?: string;
  value?: Json & { tokenExchangeResource?: { id?: string }; buttons?: { type?: string; value?: string }[]; connectionName?: string };
}

describe('personal chat', () => {
  test('a question before sign-in gets the sign-in card, and Azure is not asked', async () => {
    const since = stack.emulatorLog.length;
    const reply = await stack.teams.say('whoami', { as: personas.priya });

    const card = oauthCardOf(reply.activity);
    expect(card?.connectionName).toBe(CONNECTION);
    expect(card?.tokenExchangeResource?.uri).toBe(SSO_AUDIENCE);
    expect(card?.buttons?.[0]?.type).toBe('signin');
    expect(card?.buttons?.[0]?.value).toMatch(/^https:\/\//);
    expect(reply.messages).toHaveLength(1);
    expect(azureCallsSince(stack, since)).toEqual([]);
  });

  test('silent SSO signs Priya in, and her next question is answered with her own rights', async () => {
    await signInWithSso(stack, personas.priya);
    const since = stack.emulatorLog.length;
    const reply = await stack.teams.say('whoami', { as: personas.priya });
    for (const role of tenant.roleNamesOf(personas.priya.aadObjectId)) expect(reply.readable).toContain(role);
    // The on-behalf-of exchange and the ARM reads happened, as seen by the emulator.
    expect(azureCallsSince(stack, since).some((line) => line.includes('/oauth2/v2.0/token'))).toBe(true);
    expect(azureCallsSince(stack, since).some((line) => line.includes('/subscriptions'))).toBe(true);
    expect(stack.tokenService.calls.every((c) => c.authorized), 'every token service call carries the bot token').toBe(true);
  });

  test('a failed exchange answers 412, and the card\'s sign-in button (magic code) still signs in', async () => {
    const diego = personas.diego;
    const asked = await stack.teams.say('whoami', { as: diego });
    const card = oauthCardOf(asked.activity) as OAuthCardContent;
    expect(card.buttons?.[0]?.type).toBe('signin');

    stack.tokenService.refuseExchangeFor.add(diego.id);
    const since = stack.connector.sent.length;
    const refused = await exchangeSso(stack, diego, card);
    expect(refused.status).toBe(412);
    expect(refused.json).toMatchObject({ id: card.tokenExchangeResource?.id, connectionName: CONNECTION });
    expect(stack.connector.sent.slice(since)).toEqual([]);

    const wrong = await stack.teams.post(invoke(stack.context, { name: 'signin/verifyState', value: { state: '000000' }, as: diego }));
    expect(wrong.status).toBe(404);

    const code = await stack.tokenService.magicCodeFor(diego.id, diego.aadObjectId);
    const verified = await stack.teams.post(invoke(stack.context, { name: 'signin/verifyState', value: { state: code }, as: diego }));
    expect(verified.status).toBe(200);
    const reply = await stack.teams.say('whoami', { as: diego });
    for (const role of tenant.roleNamesOf(diego.aadObjectId)) expect(reply.readable).toContain(role);
  });
});

/** The first `Action.Execute` with this verb anywhere in a card. */
function actionWithVerb(node: unknown, verb: string): { verb: string; data?: Json } | undefined {
  if (Array.isArray(node)) return node.map((n) => actionWithVerb(n, verb)).find((a) => a !== undefined);
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as Record<string, unknown>;
  if (record.type === 'Action.Execute' && record.verb === verb) return record as { verb: string; data?: Json };
  return Object.values(record).map((v) => actionWithVerb(v, verb)).find((a) => a !== undefined);
}

describe('channels', () => {
  test('the sign-in card names the requester and signs in inside the card', async () => {
    const mei = personas.mei;
    const asked = await stack.teams.say('whoami', { as: mei, in: 'channel' });
    expect(oauthCardOf(asked.activity), 'no OAuth card in a channel').toBeUndefined();
    const card = asked.card as Json & { refresh?: { userIds?: string[]; action?: { verb?: string } }; actions?: { verb?: string }[] };
    expect(card.refresh?.userIds).toEqual([mei.id]);
    expect(card.actions?.[0]?.verb).toBe('signin.start');
    expect(asked.readable).toContain(mei.name);

    const click = await stack.teams.click('signin.start', {}, { as: mei, in: 'channel' });
    const login = click as InvokeBody;
    expect(login.statusCode).toBe(401);
    expect(login.type).toBe('application/vnd.microsoft.activity.loginRequest');
    expect(login.value?.connectionName).toBe(CONNECTION);
    expect(login.value?.buttons?.[0]?.type).toBe('signin');

    // Teams obtains an SSO token and repeats the click with it.
    const token = await ssoToken(stack.emulator, mei.aadObjectId, SSO_AUDIENCE);
    const value = { action: { type: 'Action.Execute', verb: 'signin.start', data: {} }, trigger: 'manual', authentication: { id: login.value?.tokenExchangeResource?.id, connectionName: CONNECTION, token } };
    const repeated = await stack.teams.post(invoke(stack.context, { name: 'adaptiveCard/action', value, as: mei, in: 'channel' }));
    expect(repeated.status).toBe(200);
    expect((repeated.json as InvokeBody).statusCode).toBe(200);
    expect(JSON.stringify(repeated.json)).toContain('signed in');

    const reply = await stack.teams.say('whoami', { as: mei, in: 'channel' });
    for (const role of tenant.roleNamesOf(mei.aadObjectId)) expect(reply.readable).toContain(role);
  });

  test('someone not signed in who clicks a colleague\'s card is asked to sign in inside the card', async () => {
    const diego = personas.diego;
    if (!stack.tokenService.hasToken(diego.id)) await signInWithSso(stack, diego);
    const answer = await stack.teams.say('findings in dev', { as: diego, in: 'channel' });
    const action = actionWithVerb(answer.card, 'where-running.show');
    expect(action, `the findings card offers "where is it running": ${answer.readable.slice(0, 300)}`).toBeDefined();

    const since = stack.emulatorLog.length;
    const click = (await stack.teams.click('where-running.show', action?.data ?? {}, { as: personas.sam, in: 'channel' })) as InvokeBody;
    expect(click.statusCode, JSON.stringify(click).slice(0, 600)).toBe(401);
    expect(click.type).toBe('application/vnd.microsoft.activity.loginRequest');
    expect(click.value?.tokenExchangeResource?.id).toBeTruthy();
    expect(azureCallsSince(stack, since)).toEqual([]);
  });

  test('a bad magic code inside a card is refused as an invalid code', async () => {
    const value = { action: { type: 'Action.Execute', verb: 'signin.start', data: {} }, trigger: 'manual', state: '123' };
    const result = await stack.teams.post(invoke(stack.context, { name: 'adaptiveCard/action', value, as: personas.sam, in: 'channel' }));
    expect((result.json as InvokeBody).type).toBe('application/vnd.microsoft.error.invalidAuthCode');
  });
});

describe('on-behalf-of per person', () => {
  test('the same code gives each person their own Azure answer', async () => {
    await signInWithSso(stack, personas.sam);
    const answers = new Map<string, string>();
    for (const persona of [personas.priya, personas.diego, personas.mei, personas.sam]) {
      const reply = await stack.teams.say('whoami', { as: persona });
      for (const role of tenant.roleNamesOf(persona.aadObjectId)) expect(reply.readable).toContain(role);
      answers.set(persona.key, reply.readable);
    }
    expect(new Set(answers.values()).size).toBe(answers.size);
    expect(answers.get('sam')).not.toMatch(/Contoso (Prod|Dev|Staging)/);
  });
});

describe('sign out', () => {
  test('"sign out" ends the sign-in here and at the token service; the next question asks again', async () => {
    const priya = personas.priya;
    expect(stack.tokenService.hasToken(priya.id)).toBe(true);
    const reply = await stack.teams.say('sign out', { as: priya });
    expect(reply.readable).toMatch(/signed out/i);
    expect(stack.tokenService.hasToken(priya.id)).toBe(false);
    expect(stack.tokenService.calls.some((c) => c.method === 'DELETE' && c.userId === priya.id && c.authorized)).toBe(true);

    const since = stack.emulatorLog.length;
    const again = await stack.teams.say('whoami', { as: priya });
    expect(oauthCardOf(again.activity)?.connectionName).toBe(CONNECTION);
    expect(azureCallsSince(stack, since)).toEqual([]);
  });
});
