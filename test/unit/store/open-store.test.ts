import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createApp } from '../../../src/app.js';
import type { ConfigError} from '../../../src/config/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { openStore } from '../../../src/store/open-store.js';
import { StoreUnavailableError } from '../../../src/store/types.js';

const dir = (): string => mkdtempSync(path.join(tmpdir(), 'shipshape-open-'));
const local = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dir(), LOG_LEVEL: 'silent', ...env }, { requireEmulatorCa: false });

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env, { requireEmulatorCa: false });
    return '';
  } catch (error) {
    return (error as ConfigError).problems.join('\n');
  }
}

describe('store and digest configuration', () => {
  test('defaults: SQLite under DATA_DIR; locally the digest reader is left to the served tenant', () => {
    const config = local();
    expect(config.store).toEqual({ kind: 'sqlite', file: path.join(config.dataDir, 'shipshape.db'), sync: 'normal' });
    expect(config.digests).toMatchObject({ scheduler: true, pollSeconds: 30, reader: undefined });
    expect(config.digests.readerMissing).toBeUndefined();
    expect(config.served).toEqual({ tenantId: true, digestReader: true, digestIdentity: undefined });
    expect(config.instanceId).toMatch(/^[A-Za-z0-9._-]+-\d+$/);
  });

  test('production without a digest identity reads digests as the subscriber', () => {
    const config = loadConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' });
    expect(config.digests).toMatchObject({ defaultIdentity: 'user', reader: undefined });
  });

  test('every problem at once', () => {
    const all = problems({ STORE: 'blob', DIGEST_CLIENT_ID: 'x', INSTANCE_ID: 'has spaces', AZURE_STORAGE_CONTAINER: 'Bad_Name' });
    expect(all).toMatch(/INSTANCE_ID/);
    expect(all).toMatch(/AZURE_STORAGE_CONTAINER/);
    expect(problems({ STORE: 'blob', DIGEST_CLIENT_ID: 'x' })).toMatch(/STORE=blob needs[\s\S]*DIGEST_CLIENT_SECRET/);
    expect(problems({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's', DIGEST_IDENTITY: 'app' })).toMatch(
      /DIGEST_IDENTITY=app needs DIGEST_CLIENT_ID/,
    );
    expect(local({ STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).store).toMatchObject({ kind: 'blob', container: 'shipshape' });
  });
});

describe('refusing to start on a store that cannot be read', () => {
  test('the bot does not start on a corrupt SQLite file, and says which file', async () => {
    const file = path.join(dir(), 'shipshape.db');
    writeFileSync(file, 'not a database '.repeat(500));
    // Tenant and digest reader set, so that start-up has nothing to ask an emulator.
    const config = local({ STORE_PATH: file, AZURE_TENANT_ID: 't', DIGEST_CLIENT_ID: 'c', DIGEST_CLIENT_SECRET: 's' });
    const error = await createApp(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(file);
    await expect(openStore(config.store)).rejects.toThrow(/will not start with an empty store/);
  });

  test('a fresh file is created on start', async () => {
    const config = local();
    const store = await openStore(config.store);
    expect(await store.healthy()).toBe(true);
    await store.close();
  });
});
