import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { botAuthenticationSettings } from '../../../src/bot/adapter.js';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

const PRODUCTION = { MICROSOFT_APP_ID: 'bot-app', MICROSOFT_APP_PASSWORD: 'pw', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' };

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

function caDir(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'shipshape-auth-config-')), 'ca');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  return dir;
}

describe('identity configuration', () => {
  test('production defaults are the public Bot Framework cloud, a 30 a minute limit, no SSO connection', () => {
    const { bot } = loadConfig(PRODUCTION);
    expect(bot).toMatchObject({
      openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      tokenIssuer: 'https://api.botframework.com',
      authorityHost: 'https://login.microsoftonline.com',
      oauthApiEndpoint: 'https://api.botframework.com',
      oauthConnectionName: undefined,
      rateLimitPerMinute: 30,
    });
  });

  test('overrides for tests and sovereign clouds; plain http only to this machine', () => {
    const { bot } = loadConfig({
      ...PRODUCTION,
      BOT_OPENID_METADATA_URL: 'http://127.0.0.1:9000/v1/.well-known/openidconfiguration',
      BOT_TOKEN_ISSUER: 'https://api.botframework.us',
      BOT_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
      OAUTH_API_ENDPOINT: 'https://tokengcch.botframework.azure.us/',
      OAUTH_CONNECTION_NAME: 'shipshape-sso',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    expect(bot).toMatchObject({ tokenIssuer: 'https://api.botframework.us', authorityHost: 'https://login.microsoftonline.us', oauthApiEndpoint: 'https://tokengcch.botframework.azure.us', oauthConnectionName: 'shipshape-sso', rateLimitPerMinute: 0 });
    expect(problemsOf({ ...PRODUCTION, BOT_OPENID_METADATA_URL: 'http://metadata.example/keys' })).toContain('BOT_OPENID_METADATA_URL');
    expect(problemsOf({ ...PRODUCTION, OAUTH_API_ENDPOINT: 'http://10.0.0.5/' })).toContain('OAUTH_API_ENDPOINT');
    expect(problemsOf({ ...PRODUCTION, BOT_AUTHORITY_HOST: 'http://127.0.0.1:1' })).toContain('BOT_AUTHORITY_HOST');
    expect(problemsOf({ ...PRODUCTION, RATE_LIMIT_PER_MINUTE: 'lots' })).toContain('RATE_LIMIT_PER_MINUTE');
  });

  test('certificates replace secrets; a user-assigned managed identity needs its tenant', () => {
    const withCerts = loadConfig({ MICROSOFT_APP_ID: 'bot-app', MICROSOFT_APP_CERTIFICATE_PATH: 'bot.pem', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE_PATH: 'obo.pem' });
    expect(withCerts.bot.appCertificatePath).toBe(path.resolve('bot.pem'));
    expect(withCerts.azure.clientCertificatePath).toBe(path.resolve('obo.pem'));
    expect(withCerts.azure.clientSecret).toBeUndefined();
    expect(problemsOf({ MICROSOFT_APP_ID: 'bot-app', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' })).toMatch(/MICROSOFT_APP_PASSWORD[\s\S]*AZURE_CLIENT_SECRET/);
    expect(loadConfig({ ...PRODUCTION, MICROSOFT_APP_PASSWORD: '', MICROSOFT_APP_TYPE: 'UserAssignedMSI' }).bot.appTenantId, 'in the on-behalf-of app\'s tenant').toBe('t');
    expect(problemsOf({ MICROSOFT_APP_ID: 'bot-app', MICROSOFT_APP_TYPE: 'UserAssignedMSI', EMULATOR_URL: 'https://127.0.0.1:1', EMULATOR_CA_DIR: caDir() })).toContain('MICROSOFT_APP_TENANT_ID');
  });

  test('botbuilder gets every setting: the login tenant follows the app type', () => {
    expect(botAuthenticationSettings(loadConfig(PRODUCTION)).ToChannelFromBotLoginUrl, 'single-tenant by default').toBe('https://login.microsoftonline.com/t');
    const multi = botAuthenticationSettings(loadConfig({ ...PRODUCTION, MICROSOFT_APP_TYPE: 'MultiTenant' }));
    expect(multi).toMatchObject({ MicrosoftAppId: 'bot-app', ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com', ToBotFromChannelTokenIssuer: 'https://api.botframework.com', CallerId: 'urn:botframework:azure' });
    const single = botAuthenticationSettings(loadConfig({ ...PRODUCTION, MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: 'contoso-tenant' }));
    expect(single.ToChannelFromBotLoginUrl).toBe('https://login.microsoftonline.com/contoso-tenant');
    for (const key of ['ToChannelFromBotOAuthScope', 'OAuthUrl', 'ToBotFromChannelOpenIdMetadataUrl', 'ToBotFromEmulatorOpenIdMetadataUrl']) expect(multi[key], key).toBeTruthy();
  });

  test('local mode keeps its demo on-behalf-of app unless a certificate is given', () => {
    expect(loadConfig({ EMULATOR_CA_DIR: caDir() }).azure.clientSecret).toBeTruthy();
    expect(loadConfig({ EMULATOR_CA_DIR: caDir(), AZURE_CLIENT_CERTIFICATE_PATH: 'obo.pem' }).azure.clientSecret).toBeUndefined();
  });
});
