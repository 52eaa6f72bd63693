import { describe, expect, test } from 'vitest';
import { channelSignInCard, loginRequest, oauthCard, SIGN_IN_VERB } from '../../../src/bot/auth/sign-in-cards.js';
import { cardSchemaValidator, houseRuleProblems } from '../cards/support/card-checks.js';

const RESOURCE = { signInLink: 'https://token.example/signin?x=1', tokenExchangeResource: { id: 'exchange-7', uri: 'api://botid-app', providerId: 'aadv2' } };

describe('sign-in cards', () => {
  test('the channel card is valid Adaptive Card 1.5, follows the house rules and names the requester', () => {
    const card = channelSignInCard({ id: '29:mei', name: 'Mei Chen' }).content as Record<string, unknown>;
    const validate = cardSchemaValidator();
    expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
    expect(houseRuleProblems(card, new Set([SIGN_IN_VERB]))).toEqual([]);
    expect(card.refresh).toMatchObject({ userIds: ['29:mei'], action: { verb: SIGN_IN_VERB } });
    expect(JSON.stringify(card)).toContain('Mei Chen');
  });

  test('the OAuth card and the login request carry the link and exchange resource, never a token', () => {
    const oauth = oauthCard('sso', RESOURCE);
    expect(oauth.content).toMatchObject({ connectionName: 'sso', tokenExchangeResource: { id: 'exchange-7' }, buttons: [{ type: 'signin', value: RESOURCE.signInLink }] });
    const sso = loginRequest('sso', RESOURCE, true);
    expect(sso).toMatchObject({ statusCode: 401, type: 'application/vnd.microsoft.activity.loginRequest', value: { connectionName: 'sso', tokenExchangeResource: { id: 'exchange-7' } } });
    const nominal = loginRequest('sso', RESOURCE, false);
    expect((nominal.value as Record<string, unknown>).tokenExchangeResource).toBeUndefined();
    for (const body of [oauth, sso, nominal]) expect(JSON.stringify(body)).not.toMatch(/eyJ/);
  });
});
