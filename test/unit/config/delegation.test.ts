import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

/** Production settings for delegated work and the digest reader's ways of signing in. */

const PRODUCTION = {
  MICROSOFT_APP_ID: 'b07a11ce-0000-4000-8000-0000000b07a1',
  MICROSOFT_APP_PASSWORD: 'secret',
  MICROSOFT_APP_TYPE: 'SingleTenant',
  MICROSOFT_APP_TENANT_ID: '11111111-2222-4333-8444-555555555555',
  AZURE_TENANT_ID: '11111111-2222-4333-8444-555555555555',
  AZURE_CLIENT_ID: '6c1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
  AZURE_CLIENT_SECRET: 'obo-secret',
} as const;

function problems(env: Record<string, string>): string {
  try {
    loadConfig({ ...PRODUCTION, ...env });
    return '';
  } catch (error) {
    return error instanceof ConfigError ? error.problems.join('\n') : String(error);
  }
}

describe('delegated grants', () => {
  test('no key: none are kept; a key must be 32 bytes', () => {
    expect(loadConfig(PRODUCTION).delegation.grantKey).toBeUndefined();
    const key = randomBytes(32);
    expect(loadConfig({ ...PRODUCTION, DELEGATED_GRANT_KEY: key.toString('base64') }).delegation.grantKey).toEqual(key);
    expect(problems({ DELEGATED_GRANT_KEY: randomBytes(16).toString('base64') })).toMatch(/DELEGATED_GRANT_KEY: must be 32 random bytes/);
  });
});

describe('the digest reader', () => {
  test('production has no reader unless one is configured, so digests read as their subscriber', () => {
    expect(loadConfig(PRODUCTION).digests).toMatchObject({ reader: undefined, defaultIdentity: 'user' });
  });

  test('a secret, a certificate or a managed identity; exactly one', () => {
    const id = '0c0ffee0-0000-4000-8000-0000d16e57e0';
    expect(loadConfig({ ...PRODUCTION, DIGEST_CLIENT_ID: id, DIGEST_CLIENT_SECRET: 's' }).digests.reader).toMatchObject({ clientId: id, clientSecret: 's' });
    expect(loadConfig({ ...PRODUCTION, DIGEST_CLIENT_ID: id, DIGEST_CLIENT_CERTIFICATE_PATH: 'reader.pem' }).digests.reader).toMatchObject({ clientId: id, certificatePath: expect.stringMatching(/reader\.pem$/) });
    expect(loadConfig({ ...PRODUCTION, DIGEST_CLIENT_ID: id, DIGEST_MANAGED_IDENTITY: 'on' }).digests).toMatchObject({ reader: { clientId: id, managedIdentity: true }, defaultIdentity: 'app' });
    expect(problems({ DIGEST_CLIENT_ID: id })).toMatch(/DIGEST_CLIENT_SECRET: required with DIGEST_CLIENT_ID \(or DIGEST_CLIENT_CERTIFICATE_PATH, or DIGEST_MANAGED_IDENTITY=on\)/);
    expect(problems({ DIGEST_CLIENT_ID: id, DIGEST_CLIENT_SECRET: 's', DIGEST_MANAGED_IDENTITY: 'on' })).toMatch(/set only one/);
    expect(problems({ DIGEST_MANAGED_IDENTITY: 'on' })).toMatch(/DIGEST_CLIENT_ID: required/);
  });
});

describe('the bot\'s app type', () => {
  const { MICROSOFT_APP_TYPE: _type, MICROSOFT_APP_TENANT_ID: _tenant, ...untyped } = PRODUCTION;

  test('single-tenant by default, in the on-behalf-of app\'s tenant, as the README registers it', () => {
    const config = loadConfig(untyped);
    expect(config.bot).toMatchObject({ appType: 'SingleTenant', appTenantId: PRODUCTION.AZURE_TENANT_ID });
    expect(config.warnings).toEqual([]);
  });

  test('start-up warns when type, tenant and authorities disagree', () => {
    expect(loadConfig({ ...PRODUCTION, MICROSOFT_APP_TYPE: 'MultiTenant' }).warnings.join('\n')).toMatch(/MultiTenant ignores MICROSOFT_APP_TENANT_ID/);
    expect(loadConfig({ ...PRODUCTION, MICROSOFT_APP_TENANT_ID: 'common' }).warnings.join('\n')).toMatch(/not "common"/);
    expect(loadConfig({ ...PRODUCTION, MICROSOFT_APP_TENANT_ID: '99999999-2222-4333-8444-555555555555' }).warnings.join('\n')).toMatch(/registered in different tenants/);
    expect(loadConfig({ ...PRODUCTION, AUTHORITY_HOST: 'https://login.microsoftonline.us' }).warnings.join('\n')).toMatch(/login\.microsoftonline\.com \(BOT_AUTHORITY_HOST\) but .*login\.microsoftonline\.us/);
    expect(loadConfig({ ...PRODUCTION, MICROSOFT_APP_TYPE: 'MultiTenant', MICROSOFT_APP_TENANT_ID: '' }).warnings).toEqual([]);
  });
});
