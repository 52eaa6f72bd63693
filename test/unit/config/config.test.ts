import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/index.js';

function caDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-config-'));
  mkdirSync(path.join(dir, 'ca'), { recursive: true });
  writeFileSync(path.join(dir, 'ca', 'ca.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  return path.join(dir, 'ca');
}

describe('loadConfig', () => {
  test('local mode with nothing set uses the emulator and loopback', () => {
    const config = loadConfig({ EMULATOR_CA_DIR: caDir() });
    expect(config.mode).toBe('local');
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3978);
    expect(config.azure.kind).toBe('emulator');
    expect(config.azure.armEndpoint).toBe('https://127.0.0.1:8443');
    expect(config.azure.authorityHost).toBe('https://127.0.0.1:8443');
    expect(config.azure.caCertPem).toContain('BEGIN CERTIFICATE');
    expect(config.playground).toEqual({ enabled: true, port: 56150, user: undefined });
    expect(config.emulator.tenantFile).toMatch(/src[/\\]emulator[/\\]tenants[/\\]contoso\.json$/);
  });

  test('EMULATOR_URL and EMULATOR_PORT decide where Azure calls go', () => {
    expect(loadConfig({ EMULATOR_CA_DIR: caDir(), EMULATOR_PORT: '9443' }).azure.armEndpoint).toBe('https://127.0.0.1:9443');
    expect(loadConfig({ EMULATOR_CA_DIR: caDir(), EMULATOR_URL: 'https://127.0.0.1:7000/' }).azure.armEndpoint).toBe('https://127.0.0.1:7000');
  });

  test('reports every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', EMULATOR_PORT: '70000', PLAYGROUND: 'maybe', LOG_LEVEL: 'loud', ARM_ENDPOINT: 'http://insecure' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'EMULATOR_PORT', 'PLAYGROUND', 'LOG_LEVEL', 'ARM_ENDPOINT']) expect(problems).toContain(name);
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(5);
  });

  test('production needs the app secret and the on-behalf-of app', () => {
    let error: unknown;
    try {
      loadConfig({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_TYPE: 'SingleTenant' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('MICROSOFT_APP_PASSWORD');
    expect(problems).toContain('MICROSOFT_APP_TENANT_ID');
    expect(problems).toContain('AZURE_CLIENT_SECRET');
  });

  test('production against real Azure binds all interfaces and trusts no extra CA', () => {
    const config = loadConfig({
      MICROSOFT_APP_ID: 'app',
      MICROSOFT_APP_PASSWORD: 'pw',
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 's',
    });
    expect(config.mode).toBe('production');
    expect(config.host).toBe('0.0.0.0');
    expect(config.azure).toMatchObject({ kind: 'azure', armEndpoint: 'https://management.azure.com', caCertPem: undefined });
  });

  test('local mode refuses a non-loopback HOST', () => {
    expect(() => loadConfig({ EMULATOR_CA_DIR: caDir(), HOST: '0.0.0.0' })).toThrow(/HOST/);
  });

  test('a missing emulator CA is reported with what to do', () => {
    expect(() => loadConfig({ EMULATOR_CA_DIR: path.join(tmpdir(), 'no-such-ca-dir') })).toThrow(/npm run emulator/);
    expect(loadConfig({ EMULATOR_CA_DIR: path.join(tmpdir(), 'no-such-ca-dir') }, { requireEmulatorCa: false }).azure.caCertPem).toBeUndefined();
  });
});
