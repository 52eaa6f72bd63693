import { ClientSecretCredential } from '@azure/identity';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { followServedTenant, loadConfig, type AppConfig } from '../../../src/config/index.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { TEST_APP } from '../../harness/stack.js';
import { trustCaPolicy } from '../../emulator/core/support/trust.js';

/**
 * Start-up against a real emulator: the tenant id from ARM's challenge, and the read-only digest
 * identity chosen by the rule of the tenant format (a service principal with a secret holding Reader
 * and Security Reader and nothing else), whatever the principals are called.
 */
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const SECURITY_READER = '39bc4728-0917-49c7-9d2c-d95423bc2eb4';
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

const tenantId = randomUUID();
const sub = randomUUID();
const sp = (name: string, extra: Record<string, unknown> = {}) => ({ id: randomUUID(), appId: randomUUID(), clientSecret: `${name}-secret`, displayName: name, type: 'ServicePrincipal', ...extra });
const readOnly = sp('nightly auditor');
const writer = sp('deploy pipeline');
const readerOnly = sp('inventory reader');
const disabled = sp('archived reader', { accountEnabled: false });
const noSecret = { id: randomUUID(), appId: randomUUID(), displayName: 'managed reader', type: 'ServicePrincipal' };

function grant(principalId: string, role: string) {
  const name = randomUUID();
  return {
    id: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name,
    properties: { roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${role}`, principalId, principalType: 'ServicePrincipal', scope: `/subscriptions/${sub}` },
  };
}

function tenant(principals: Array<Record<string, unknown>>, grants: Array<[Record<string, unknown>, string[]]>) {
  return {
    tenantId,
    principals,
    resources: [
      { id: `/subscriptions/${sub}`, subscriptionId: sub, tenantId, displayName: 'Estate', state: 'Enabled' },
      ...grants.flatMap(([p, roles]) => roles.map((r) => grant(String(p.id), r))),
    ],
  };
}

const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-served-'));
let emulator: RunningEmulator;
let empty: RunningEmulator;
beforeAll(async () => {
  const both = [READER, SECURITY_READER];
  emulator = await startEmulator({
    tenant: tenant([writer, readerOnly, disabled, noSecret, readOnly], [[writer, [...both, CONTRIBUTOR]], [readerOnly, [READER]], [disabled, both], [noSecret, both], [readOnly, both]]),
    host: '127.0.0.1', port: 0, caDir: path.join(dir, 'ca'), app: { ...TEST_APP },
  });
  empty = await startEmulator({ tenant: tenant([writer], [[writer, [READER, SECURITY_READER, CONTRIBUTOR]]]), host: '127.0.0.1', port: 0, caDir: path.join(dir, 'ca'), app: { ...TEST_APP } });
});
afterAll(async () => {
  await emulator?.close();
  await empty?.close();
  rmSync(dir, { recursive: true, force: true });
});

function configFor(running: RunningEmulator): AppConfig {
  return loadConfig({ EMULATOR_URL: running.baseUrl, EMULATOR_CA_DIR: path.join(dir, 'ca'), AZURE_CLIENT_ID: TEST_APP.clientId, AZURE_CLIENT_SECRET: TEST_APP.clientSecret, DATA_DIR: path.join(dir, 'data') });
}

describe('what start-up learns from the served tenant', () => {
  test('the tenant id, and the one read-only identity among principals that are not', async () => {
    const config = await followServedTenant(configFor(emulator));
    expect(config.azure.tenantId).toBe(tenantId);
    expect(config.digests.reader).toEqual({ tenantId, clientId: readOnly.appId, clientSecret: readOnly.clientSecret });
    expect(config.digests.defaultIdentity).toBe('app');

    // The identity works as it is described: the emulator issues it a token.
    const credential = new ClientSecretCredential(tenantId, readOnly.appId, readOnly.clientSecret, {
      authorityHost: emulator.baseUrl, disableInstanceDiscovery: true, additionalPolicies: [trustCaPolicy(emulator.caCertPem)],
    });
    expect((await credential.getToken('https://management.azure.com/.default')).token).toBeTruthy();
  });

  test('a tenant whose only service principal can write has no reader, and says so', async () => {
    const config = await followServedTenant(configFor(empty));
    expect(config.azure.tenantId).toBe(tenantId);
    expect(config.digests.reader).toBeUndefined();
    expect(config.digests.defaultIdentity).toBe('user');
    expect(config.digests.readerMissing).toMatch(new RegExp(`tenant ${tenantId} has no read-only service principal`));
  });
});
