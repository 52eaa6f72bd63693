import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import { describe, expect, test } from 'vitest';
import { IdentityCredentialsFactory, makeBotCredential, parseLoginEndpoint, type BotIdentity } from '../../../src/azure/bot-credentials.js';

const APP = '11111111-2222-4333-8444-555555555555';
const identity: BotIdentity = { appId: APP, secret: { kind: 'secret', clientSecret: 'unit-test-only' }, caCertPem: undefined };

class FakeCredential implements TokenCredential {
  readonly scopes: string[] = [];
  constructor(private readonly token: string) {}
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: this.token, expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

function headersRecorder(): { headers: { set(name: string, value: string): void }; values: Map<string, string> } {
  const values = new Map<string, string>();
  return { headers: { set: (name, value) => values.set(name.toLowerCase(), value) }, values };
}

describe('the bot\'s own credentials (IdentityCredentialsFactory)', () => {
  test('botbuilder login URLs split into authority host and tenant', () => {
    expect(parseLoginEndpoint('https://login.microsoftonline.com/botframework.com')).toEqual({ authorityHost: 'https://login.microsoftonline.com', tenantId: 'botframework.com' });
    expect(parseLoginEndpoint('https://127.0.0.1:9443/72f988bf-0000-4000-8000-00000000c0de/')).toEqual({ authorityHost: 'https://127.0.0.1:9443', tenantId: '72f988bf-0000-4000-8000-00000000c0de' });
  });

  test('only its own app id is valid, and authentication is never disabled', async () => {
    const factory = new IdentityCredentialsFactory(identity);
    expect(await factory.isValidAppId(APP)).toBe(true);
    expect(await factory.isValidAppId('someone-else')).toBe(false);
    expect(await factory.isValidAppId('')).toBe(false);
    expect(await factory.isAuthenticationDisabled()).toBe(false);
    await expect(factory.createCredentials('someone-else', undefined, 'https://login.microsoftonline.com/botframework.com', true)).rejects.toThrow(/Invalid appId/);
  });

  test('requests are signed with a token for the audience, from one credential per authority', async () => {
    const made: { authorityHost: string; tenantId: string; credential: FakeCredential }[] = [];
    const factory = new IdentityCredentialsFactory(identity, (_id, authorityHost, tenantId) => {
      const credential = new FakeCredential(`token-${made.length}`);
      made.push({ authorityHost, tenantId, credential });
      return credential;
    });
    const login = 'https://login.microsoftonline.com/botframework.com';
    const first = await factory.createCredentials(APP, 'https://api.botframework.com', login, true);
    const second = await factory.createCredentials(APP, 'https://api.botframework.com/', login, true);
    const request = headersRecorder();
    await first.signRequest(request as never);
    await second.signRequest(request as never);
    expect(request.values.get('authorization')).toBe('Bearer token-0');
    expect(made).toHaveLength(1);
    expect(made[0]?.credential.scopes).toEqual(['https://api.botframework.com/.default', 'https://api.botframework.com/.default']);

    await factory.createCredentials(APP, undefined, 'https://login.microsoftonline.us/contoso.example', true);
    expect(made.map((m) => `${m.authorityHost}|${m.tenantId}`)).toEqual(['https://login.microsoftonline.com|botframework.com', 'https://login.microsoftonline.us|contoso.example']);
    // A skill audience is an app id; its scope is that app's .default.
    const skill = await factory.createCredentials(APP, APP, login, true);
    await skill.signRequest(headersRecorder() as never);
    expect(made[0]?.credential.scopes.at(-1)).toBe(`${APP}/.default`);
  });

  test('the signer never serializes a token or secret', async () => {
    const factory = new IdentityCredentialsFactory(identity, () => new FakeCredential('eyJsecret.token.value'));
    const signer = await factory.createCredentials(APP, 'https://api.botframework.com', 'https://login.microsoftonline.com/botframework.com', true);
    await signer.signRequest(headersRecorder() as never);
    expect(JSON.stringify(signer)).not.toMatch(/eyJ|unit-test-only/);
  });

  test('the credential follows the configured kind of secret', () => {
    const host = 'https://login.microsoftonline.com';
    expect(makeBotCredential(identity, host, 'botframework.com')).toBeInstanceOf(ClientSecretCredential);
    expect(makeBotCredential({ ...identity, secret: { kind: 'certificate', certificatePath: '/nonexistent/bot.pem' } }, host, 'contoso')).toBeInstanceOf(ClientCertificateCredential);
    expect(makeBotCredential({ ...identity, secret: { kind: 'managed-identity' } }, host, 'contoso')).toBeInstanceOf(ManagedIdentityCredential);
  });
});
