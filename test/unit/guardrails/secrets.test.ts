import { describe, expect, test } from 'vitest';
import type { ContainerGroup } from '@azure/arm-containerinstance';
import { looksLikeSecretName, looksLikeSecretValue } from '../../../src/domain/guardrails/index.js';
import { auditOf, toContainerGroupFacts } from '../../../src/azure/workloads/index.js';

/** What looks like a credential, and the promise that values never leave the Azure adapter. */

describe('secret-looking names', () => {
  test.for([
    'DB_PASSWORD', 'ADMIN_PASSWORD', 'dbPassword', 'db.passwd', 'PGPASS', 'SAP_CLIENT_SECRET', 'CLIENT_SECRET', 'GITHUB_TOKEN', 'K6_CLOUD_TOKEN',
    'STRIPE_API_KEY', 'apiKey', 'STORAGE_ACCOUNT_KEY', 'SERVICEBUS_CONNECTION_STRING', 'ConnectionStrings__Default', 'AZURE_STORAGE_SAS',
    'JWT_SIGNING_KEY', 'PRIVATE_KEY', 'KEY', 'REDIS_CREDENTIALS', 'SENTRY_DSN',
  ])('%s is a credential', (name) => {
    expect(looksLikeSecretName(name)).toBe(true);
  });

  test.for([
    'DB_HOST', 'DB_USER', 'SPRING_PROFILES_ACTIVE', 'NODE_ENV', 'TARGET_URL', 'KEY_VAULT_NAME', 'KEYVAULT_URL', 'PARTITION_KEY', 'SECRET_NAME',
    'DB_PASSWORD_FILE', 'TOKEN_ENDPOINT', 'API_KEY_HEADER', 'PASSWORD_POLICY', 'MONKEY', 'TOKENIZER_MODE', 'ORDERS_QUEUE', 'LOG_LEVEL',
  ])('%s is not', (name) => {
    expect(looksLikeSecretName(name)).toBe(false);
  });
});

describe('secret-looking values', () => {
  test.for([
    'Endpoint=sb://sb-contoso.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=ZGVtby1vbmx5LW5vdC1hLXJlYWwta2V5',
    'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=bm90LWEtcmVhbC1rZXktbm90LWEtcmVhbC1rZXk=;EndpointSuffix=core.windows.net',
    'Server=tcp:sql.example.net;Database=app;User Id=app;Password=Hunter2hunter2;',
    'postgres://app:s3cr3t-value@db.example.net:5432/app',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXN0YW5kLWlu',
    // Made up, and assembled here so that secret scanners do not take this file for leaked credentials.
    ['ghp', '0123456789abcdefghijABCDEFGHIJ012345'].join('_'),
    ['AKIA', 'ABCDEFGHIJKLMNOP'].join(''),
    ['sk', 'live', '0123456789abcdefABCDEF'].join('_'),
    'https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%2B%3D',
    'q8Z3vF0mX2pL7wR9tY4uH6jK1nB5cD8e',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIE...',
  ])('%s looks like a credential', (value) => {
    expect(looksLikeSecretValue(value)).toBe(true);
  });

  test.for([
    '', 'prod', 'psql-payments-prod.postgres.database.azure.com', 'https://contoso-web.westeurope.azurecontainer.io', 'payments_app',
    '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51', '/var/run/secrets/db-password', 'orders-staging', 'info', 'The quick brown fox jumps over it', '1.4.2',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  ])('%s does not', (value) => {
    expect(looksLikeSecretValue(value)).toBe(false);
  });
});

describe('the Azure adapter drops values where it reads them', () => {
  const SECRETS = ['Winter2024!payments', 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=R;SharedAccessKey=c2VjcmV0LXZhbHVlLWhlcmU=', 'registry-password-1', 'workspace-key-1'];
  const body = {
    id: '/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000001/resourceGroups/rg-payments-prod/providers/Microsoft.ContainerInstance/containerGroups/aci-payments-api',
    name: 'aci-payments-api',
    osType: 'Linux',
    containers: [
      {
        name: 'api',
        image: 'contosopayments.azurecr.io/payments/api:1.4.2',
        resources: { requests: { cpu: 1, memoryInGB: 1 } },
        ports: [{ port: 8443 }],
        environmentVariables: [
          { name: 'DB_PASSWORD', value: SECRETS[0] },
          { name: 'ORDERS_BUS', value: SECRETS[1] },
          { name: 'STRIPE_API_KEY' },
          { name: 'EMPTY_PASSWORD', value: '' },
        ],
        securityContext: { privileged: true },
      },
    ],
    initContainers: [{ name: 'migrate', image: 'contosopayments.azurecr.io/payments/migrate:1', environmentVariables: [] }],
    imageRegistryCredentials: [
      { server: 'contosopayments.azurecr.io', username: 'contosopayments', password: SECRETS[2] },
      { server: 'contosoprod.azurecr.io', identity: '/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id' },
    ],
    ipAddress: { type: 'Public', ports: [{ port: 8443, protocol: 'TCP' }], fqdn: 'pay.westeurope.azurecontainer.io' },
    diagnostics: { logAnalytics: { workspaceId: 'ws-id', workspaceKey: SECRETS[3] } },
  } as unknown as ContainerGroup & { id: string; name: string };

  test('facts hold names and verdicts, no value, password or workspace key', () => {
    const facts = toContainerGroupFacts(body, 'prod');
    const json = JSON.stringify(facts);
    for (const secret of SECRETS) expect(json).not.toContain(secret);
    const env = facts.containers.find((c) => c.name === 'api')?.env;
    expect(env).toEqual([
      { name: 'DB_PASSWORD', secure: false, hasValue: true, valueLooksSecret: false },
      { name: 'ORDERS_BUS', secure: false, hasValue: true, valueLooksSecret: true },
      { name: 'STRIPE_API_KEY', secure: true, hasValue: false, valueLooksSecret: false },
      { name: 'EMPTY_PASSWORD', secure: false, hasValue: false, valueLooksSecret: false },
    ]);
    expect(facts.logins).toEqual([
      { server: 'contosopayments.azurecr.io', method: 'password', adminUser: true },
      { server: 'contosoprod.azurecr.io', method: 'identity', adminUser: false },
    ]);
    expect(facts.containers.map((c) => [c.name, c.init, c.privileged])).toEqual([['migrate', true, false], ['api', false, true]]);
    expect([facts.ip?.type, facts.subnets, facts.logAnalytics, facts.resourceGroup]).toEqual(['Public', 0, true, 'rg-payments-prod']);
  });
});

describe('registry audit trail from diagnostic settings', () => {
  const ws = '/subscriptions/x/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law';
  test('both categories to a workspace is complete; one is partial; none, or only to storage, is none', () => {
    const log = (category: string, enabled = true) => ({ category, enabled });
    expect(auditOf([{ properties: { workspaceId: ws, logs: [log('ContainerRegistryLoginEvents'), log('ContainerRegistryRepositoryEvents')] } }])).toEqual({ state: 'complete', missing: [], workspaceId: ws });
    expect(auditOf([{ properties: { workspaceId: ws, logs: [log('ContainerRegistryLoginEvents', false), log('ContainerRegistryRepositoryEvents')] } }]).missing).toEqual(['ContainerRegistryLoginEvents']);
    expect(auditOf([]).state).toBe('none');
    expect(auditOf([{ properties: { workspaceId: null, logs: [log('ContainerRegistryLoginEvents'), log('ContainerRegistryRepositoryEvents')] } }]).state).toBe('none');
  });

  test('the allLogs and audit category groups cover both', () => {
    expect(auditOf([{ properties: { workspaceId: ws, logs: [{ categoryGroup: 'allLogs', enabled: true }] } }]).state).toBe('complete');
    expect(auditOf([{ properties: { workspaceId: ws, logs: [{ categoryGroup: 'audit', enabled: true }] } }]).state).toBe('complete');
  });
});
