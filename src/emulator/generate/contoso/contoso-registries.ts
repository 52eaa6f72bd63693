import type { RegistrySpec } from '../registry-body.js';
import { registryId } from '../registry-body.js';
import { RG, LOCATION, type RgKey } from './contoso-estate.js';

/**
 * Seven registries, from exemplary to neglected. What each one teaches:
 * - contosoprod: the target posture (CMK with auto-rotation, approved private endpoint, no public
 *   access, dedicated data endpoints, no admin user, quarantine/trust/retention on, export off).
 * - contosotools: approved base images, clean scans.
 * - contosopayments: Premium but careless: admin user on, public, no CMK, export allowed.
 * - contosoweb: Standard SKU, so CMK and private link are impossible without an upgrade.
 * - contosostaging: CMK pinned to a key version (no rotation), private endpoint still Pending.
 * - contosodev: Standard (ACR refuses anonymous pull on Basic), anonymous pull and admin user on
 *   (exempted from the anonymous-pull policy).
 * - contosolegacy: Basic, stale, public, last scanned by the retired Qualys scanner; lives in the
 *   dev subscription but is tagged PRODUCTION, so it counts as production.
 */

function at(rg: RgKey): Pick<RegistrySpec, 'subscriptionId' | 'resourceGroup'> {
  return { subscriptionId: RG[rg].sub, resourceGroup: RG[rg].name };
}

const PLATFORM = 'noah@contoso.example';

export const REGISTRIES = {
  contosoprod: {
    ...at('registriesProd'), name: 'contosoprod', location: LOCATION.prod, sku: 'Premium',
    creationDate: '2024-03-11T09:12:44.3185520Z', createdBy: PLATFORM, lastModifiedAt: '2026-09-02T14:03:10.1190000Z',
    adminUserEnabled: false, publicNetworkAccess: 'Disabled', networkDefaultAction: 'Deny', anonymousPullEnabled: false,
    dataEndpointEnabled: true, replicaLocations: ['northeurope'],
    cmk: { keyVault: 'kv-contoso-prod-cmk', keyName: 'acr-contosoprod', rotation: true, lastRotation: '2026-09-02T14:03:10.1190000Z' },
    privateEndpoint: { status: 'Approved', networkResourceGroup: RG.networkProd.name, description: 'Auto-Approved' },
    quarantine: true, trust: true, retentionDays: 30, exportEnabled: false, zoneRedundancy: true,
  },
  contosotools: {
    ...at('registriesProd'), name: 'contosotools', location: LOCATION.prod, sku: 'Premium',
    tags: { purpose: 'approved-base-images' },
    creationDate: '2024-05-20T07:40:02.6620000Z', createdBy: PLATFORM, lastModifiedAt: '2026-06-14T10:00:00.0000000Z',
    adminUserEnabled: false, publicNetworkAccess: 'Enabled', networkDefaultAction: 'Deny', ipRules: ['203.0.113.0/24'],
    anonymousPullEnabled: false, dataEndpointEnabled: true,
    cmk: { keyVault: 'kv-contoso-prod-cmk', keyName: 'acr-contosotools', rotation: true, lastRotation: '2026-06-14T10:00:00.0000000Z' },
    privateEndpoint: { status: 'Approved', networkResourceGroup: RG.networkProd.name, description: 'Approved by platform-team' },
    quarantine: false, trust: true, retentionDays: 14, exportEnabled: false, zoneRedundancy: true,
  },
  contosopayments: {
    ...at('paymentsProd'), name: 'contosopayments', location: LOCATION.prod, sku: 'Premium',
    tags: { team: 'payments', 'data-classification': 'pci' },
    creationDate: '2023-08-29T16:25:51.0040000Z', createdBy: 'ravi.patel@contoso.example', lastModifiedAt: '2026-02-17T11:45:20.5000000Z',
    adminUserEnabled: true, publicNetworkAccess: 'Enabled', networkDefaultAction: 'Allow', anonymousPullEnabled: false,
    dataEndpointEnabled: false, quarantine: false, trust: false, exportEnabled: true, zoneRedundancy: false,
  },
  contosoweb: {
    ...at('webProd'), name: 'contosoweb', location: LOCATION.prod, sku: 'Standard',
    creationDate: '2022-11-03T08:02:17.7210000Z', createdBy: 'web-deploy@contoso.example', lastModifiedAt: '2025-12-01T09:30:00.0000000Z',
    adminUserEnabled: false, publicNetworkAccess: 'Enabled', anonymousPullEnabled: false, dataEndpointEnabled: false,
    quarantine: false, trust: false, exportEnabled: true, zoneRedundancy: false,
  },
  contosostaging: {
    ...at('platformStaging'), name: 'contosostaging', location: LOCATION.staging, sku: 'Premium',
    creationDate: '2024-09-16T13:18:05.9000000Z', createdBy: PLATFORM, lastModifiedAt: '2026-10-30T15:22:41.0000000Z',
    adminUserEnabled: false, publicNetworkAccess: 'Enabled', networkDefaultAction: 'Deny', ipRules: ['203.0.113.0/24', '198.51.100.17'],
    anonymousPullEnabled: false, dataEndpointEnabled: true,
    cmk: { keyVault: 'kv-contoso-stg-cmk', keyName: 'acr-contosostaging', rotation: false },
    privateEndpoint: { status: 'Pending', networkResourceGroup: RG.networkStaging.name, description: 'Awaiting approval from network team' },
    quarantine: false, trust: false, retentionDays: 7, exportEnabled: false, zoneRedundancy: false,
  },
  contosodev: {
    ...at('devSandbox'), name: 'contosodev', location: LOCATION.dev, sku: 'Standard',
    creationDate: '2025-01-08T10:05:33.1000000Z', createdBy: 'diego@contoso.example', lastModifiedAt: '2026-03-03T17:12:09.0000000Z',
    adminUserEnabled: true, publicNetworkAccess: 'Enabled', anonymousPullEnabled: true, dataEndpointEnabled: false,
    quarantine: false, trust: false, exportEnabled: true, zoneRedundancy: false,
  },
  contosolegacy: {
    ...at('sharedTools'), name: 'contosolegacy', location: LOCATION.dev, sku: 'Basic',
    tags: { Env: 'PRODUCTION', owner: 'erp-team', decommission: '2026-Q4' },
    creationDate: '2019-06-21T12:44:10.2000000Z', createdBy: 'erp-admin@contoso.example', lastModifiedAt: '2023-04-11T08:00:00.0000000Z',
    adminUserEnabled: true, publicNetworkAccess: 'Enabled', anonymousPullEnabled: false, dataEndpointEnabled: false,
    quarantine: false, trust: false, exportEnabled: true, zoneRedundancy: false,
  },
} as const satisfies Record<string, RegistrySpec>;

export type RegistryName = keyof typeof REGISTRIES;

export function contosoRegistryId(name: RegistryName): string {
  return registryId(REGISTRIES[name]);
}
