import type { ArmResource } from '../tenant-types.js';
import { SUBSCRIPTION, TENANT_ID } from '../personas.js';
import { guidFor } from '../ids.js';
import { resourceGroupBody, subscriptionBody } from '../scope-bodies.js';

/**
 * Contoso's subscriptions and resource groups. Environment tags are deliberately untidy, the way
 * real estates are: aliases ("production", "stg", "development"), a capitalised tag name
 * ("Environment"), and groups without a tag that inherit their subscription's.
 */

export const LOCATION = { prod: 'westeurope', staging: 'westeurope', dev: 'northeurope' } as const;

export const RG = {
  registriesProd: { sub: SUBSCRIPTION.prod, name: 'rg-registries-prod', tags: { env: 'production', owner: 'platform-team' } },
  paymentsProd: { sub: SUBSCRIPTION.prod, name: 'rg-payments-prod', tags: { Environment: 'Prod', costCenter: 'CC-1042' } },
  webProd: { sub: SUBSCRIPTION.prod, name: 'rg-web-prod', tags: undefined },
  aksProd: { sub: SUBSCRIPTION.prod, name: 'rg-aks-prod', tags: { env: 'prod', owner: 'platform-team' } },
  networkProd: { sub: SUBSCRIPTION.prod, name: 'rg-network-prod', tags: { env: 'prod' } },
  monitoringProd: { sub: SUBSCRIPTION.prod, name: 'rg-monitoring-prod', tags: { env: 'prod' } },
  platformStaging: { sub: SUBSCRIPTION.staging, name: 'rg-platform-staging', tags: { env: 'stg', owner: 'platform-team' } },
  networkStaging: { sub: SUBSCRIPTION.staging, name: 'rg-network-staging', tags: undefined },
  devSandbox: { sub: SUBSCRIPTION.dev, name: 'rg-dev-sandbox', tags: { environment: 'development' } },
  sharedTools: { sub: SUBSCRIPTION.dev, name: 'rg-shared-tools', tags: undefined },
} as const satisfies Record<string, { sub: string; name: string; tags: Record<string, string> | undefined }>;

export type RgKey = keyof typeof RG;

export function rgId(key: RgKey): string {
  return `/subscriptions/${RG[key].sub}/resourceGroups/${RG[key].name}`;
}

export function subscriptionId(sub: string): string {
  return `/subscriptions/${sub}`;
}

function locationOf(sub: string): string {
  if (sub === SUBSCRIPTION.dev) return LOCATION.dev;
  return sub === SUBSCRIPTION.staging ? LOCATION.staging : LOCATION.prod;
}

/** The central security workspace that registry logs and Defender for Containers report to. */
export const WORKSPACE = {
  resourceId: `${rgId('monitoringProd')}/providers/Microsoft.OperationalInsights/workspaces/law-contoso-security`,
  customerId: guidFor('law-contoso-security#customerId'),
};

export function estateResources(): ArmResource[] {
  const subscriptions = [
    subscriptionBody({ subscriptionId: SUBSCRIPTION.prod, tenantId: TENANT_ID, displayName: 'Contoso Prod', tags: { env: 'prod', costCenter: 'CC-1000' } }),
    subscriptionBody({ subscriptionId: SUBSCRIPTION.staging, tenantId: TENANT_ID, displayName: 'Contoso Staging', tags: { env: 'staging', costCenter: 'CC-1000' } }),
    subscriptionBody({
      subscriptionId: SUBSCRIPTION.dev,
      tenantId: TENANT_ID,
      displayName: 'Contoso Dev',
      tags: { env: 'dev', costCenter: 'CC-2000' },
      quotaId: 'MSDNDevTest_2014-09-01',
    }),
  ];
  const groups = Object.values(RG).map((rg) =>
    resourceGroupBody({ subscriptionId: rg.sub, name: rg.name, location: locationOf(rg.sub), ...(rg.tags ? { tags: rg.tags } : {}) }),
  );
  return [...subscriptions, ...groups];
}
