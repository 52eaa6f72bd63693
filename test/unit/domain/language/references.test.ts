import { describe, expect, test } from 'vitest';
import type { Entities } from '../../../../src/domain/language/index.js';
import { p } from './support.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('registries, repositories, tags and digests', () => {
  test.for<[string, Partial<Entities>]>([
    ['findings for contosoprod.azurecr.io/payments/api:1.4.2', { registry: 'contosoprod', repository: 'payments/api', tag: '1.4.2' }],
    ['pull ContosoProd.azurecr.io/Payments/API@' + DIGEST, { registry: 'contosoprod', repository: 'payments/api', digest: DIGEST }],
    ['is payments/api@sha256:0123456789AB affected?', { repository: 'payments/api', digest: 'sha256:0123456789ab' }],
    ['what about sha256:abcdef0123', { digest: 'sha256:abcdef0123' }],
    ['criticals in payments/api:1.4.2.', { repository: 'payments/api', tag: '1.4.2' }],
    ['registry contosoprod', { registry: 'contosoprod' }],
    ['registry named contosodev findings', { registry: 'contosodev' }],
    ['criticals in contosoprod', { registry: 'contosoprod' }],
    ['the contosostaging registry', { registry: 'contosostaging' }],
    ['acr contoso01', { registry: 'contoso01' }],
    ['contosodev.westeurope.data.azurecr.io', { registry: 'contosodev' }],
    ['repository nginx', { repository: 'nginx' }],
    ['image nginx:1.25 criticals', { repository: 'nginx', tag: '1.25' }],
    ['is nginx:latest affected', { repository: 'nginx', tag: 'latest' }],
  ])('%s', ([text, expected]) => {
    expect(p(text).entities).toMatchObject(expected);
  });

  test.for(['critical/high in prod', 'and/or', 'in prod', 'show image scanning policy', 'meet at 10:30', 'reason: later'])(
    '%s names no image',
    (text) => {
      const { entities } = p(text);
      expect(entities.repository).toBeUndefined();
      expect(entities.tag).toBeUndefined();
      expect(entities.registry).toBeUndefined();
    },
  );
});

describe('CVE ids', () => {
  test.for<[string, string[]]>([
    ['CVE-2024-3094', ['CVE-2024-3094']],
    ['is cve-2021-44228 in prod', ['CVE-2021-44228']],
    ['cve 2024 3094', ['CVE-2024-3094']],
    ['Cve_2023_4863 and CVE-2024-3094 and cve-2023-4863', ['CVE-2023-4863', 'CVE-2024-3094']],
    ['cve-2024-1234567', ['CVE-2024-1234567']],
    ['CVE-24-1', []],
  ])('%s', ([text, cves]) => {
    expect(p(text).entities.cves).toEqual(cves);
  });
});

describe('subscriptions and resource groups', () => {
  test.for<[string, Partial<Entities>]>([
    ['in rg-payments-prod', { resourceGroup: 'rg-payments-prod' }],
    ['exempt RG_Shared.Services please', { resourceGroup: 'RG_Shared.Services' }],
    ['resource group payments-prod', { resourceGroup: 'payments-prod' }],
    ['resource-group: shared_services', { resourceGroup: 'shared_services' }],
    ['findings in payments-rg', { resourceGroup: 'payments-rg' }],
    ['subscription Contoso Prod', { subscription: { name: 'Contoso Prod' } }],
    ['criticals in subscription Contoso Staging, please', { subscription: { name: 'Contoso Staging' } }],
    ['in the Contoso Dev subscription', { subscription: { name: 'Contoso Dev' } }],
    ['subscription "Contoso Prod" because audit', { subscription: { name: 'Contoso Prod' }, reason: 'audit' }],
    ['subscription 1d6e3a2b-7c4f-4e5d-9a8b-000000000001', { subscription: { id: '1d6e3a2b-7c4f-4e5d-9a8b-000000000001' } }],
    ['access in 1D6E3A2B-7C4F-4E5D-9A8B-000000000002?', { subscription: { id: '1d6e3a2b-7c4f-4e5d-9a8b-000000000002' } }],
    [
      'https://portal.azure.com/#@contoso/resource/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000003/resourceGroups/rg-dev/providers/Microsoft.ContainerRegistry/registries/contosodev/overview',
      { subscription: { id: '1d6e3a2b-7c4f-4e5d-9a8b-000000000003' }, resourceGroup: 'rg-dev', registry: 'contosodev' },
    ],
  ])('%s', ([text, expected]) => {
    expect(p(text).entities).toMatchObject(expected);
  });

  test.for(['which subscriptions can I read', 'subscription prod', 'my subscriptions', 'resource group in prod'])('%s names none', (text) => {
    const { entities } = p(text);
    expect(entities.subscription).toBeUndefined();
    expect(entities.resourceGroup).toBeUndefined();
  });

  test('"subscription prod" leaves prod as the environment', () => {
    expect(p('subscription prod').entities.environments).toEqual(['prod']);
  });
});
