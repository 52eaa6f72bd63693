import type { ArmResource } from '../tenant-types.js';
import { ASSESSMENT, daysAgo } from '../builtins.js';
import { catalogEntry } from '../cve-catalog.js';
import { guidFor } from '../ids.js';
import { TENANT_ID } from '../personas.js';
import { assessmentBody, rollUpStatus } from '../assessment-body.js';
import { runtimeSubAssessment, type K8sPlacement } from '../sub-assessment-bodies.js';
import { containerGroupBody, managedClusterBody, managedClusterId, type ContainerGroupSpec } from '../workload-bodies.js';
import { LOCATION, RG, WORKSPACE, rgId } from './contoso-estate.js';
import { IMAGES, type DemoImage } from './contoso-images.js';
import { imageRef, parseFinding } from './contoso-findings.js';

/**
 * Where Contoso's images run. The container groups carry the guardrail stories: a secret in a
 * plain environment value, registry logins with the admin user, public IPs, images from Docker
 * Hub and GitHub's registry, privileged containers, and one group that keeps every guardrail.
 */

function uami(rg: keyof typeof RG, name: string): string {
  return `${rgId(rg)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
}

const started = (days: number): string => daysAgo(days);

export const CONTAINER_GROUPS: readonly ContainerGroupSpec[] = [
  {
    subscriptionId: RG.paymentsProd.sub, resourceGroup: RG.paymentsProd.name, name: 'aci-payments-api', location: LOCATION.prod,
    tags: { team: 'payments' },
    containers: [{
      name: 'api', image: 'contosopayments.azurecr.io/payments/api:1.4.2', ports: [8443], cpu: 2, memoryInGB: 4, startTime: started(41),
      env: [
        { name: 'SPRING_PROFILES_ACTIVE', value: 'prod' },
        { name: 'DB_HOST', value: 'psql-payments-prod.postgres.database.azure.com' },
        { name: 'DB_USER', value: 'payments_app' },
        // A database password in a plain value: visible to anyone who can read the container group.
        { name: 'DB_PASSWORD', value: 'Winter2024!payments' },
        { name: 'STRIPE_API_KEY', secure: true },
      ],
    }],
    ip: { type: 'Public', address: '20.86.150.21', ports: [8443], dnsNameLabel: 'contoso-payments-api' },
    credentials: [{ server: 'contosopayments.azurecr.io', username: 'contosopayments' }],
  },
  {
    subscriptionId: RG.webProd.sub, resourceGroup: RG.webProd.name, name: 'aci-web-frontend', location: LOCATION.prod,
    containers: [{
      name: 'frontend', image: 'contosoweb.azurecr.io/web/frontend:2026.10.2', ports: [80, 443], cpu: 1, memoryInGB: 1.5, startTime: started(29),
      env: [{ name: 'NODE_ENV', value: 'production' }, { name: 'SESSION_SECRET', secure: true }],
    }],
    ip: { type: 'Public', address: '20.86.151.4', ports: [80, 443], dnsNameLabel: 'contoso-web' },
    identity: uami('webProd', 'id-web-frontend'),
    credentials: [{ server: 'contosoweb.azurecr.io', identity: uami('webProd', 'id-web-frontend') }],
    logAnalyticsWorkspaceId: WORKSPACE.customerId,
  },
  {
    subscriptionId: RG.webProd.sub, resourceGroup: RG.webProd.name, name: 'aci-web-loadtest', location: LOCATION.prod,
    // Lives in the prod subscription but is a staging tool: the resource tag wins.
    tags: { env: 'stg', purpose: 'load-test' },
    containers: [{
      name: 'k6', image: 'docker.io/grafana/k6:0.49.0', ports: [6565], cpu: 1, memoryInGB: 2, startTime: started(2),
      env: [{ name: 'TARGET_URL', value: 'https://contoso-web.westeurope.azurecontainer.io' }, { name: 'K6_CLOUD_TOKEN', secure: true }],
    }],
    ip: { type: 'Public', address: '20.86.152.90', ports: [6565] },
    credentials: [],
  },
  {
    subscriptionId: RG.platformStaging.sub, resourceGroup: RG.platformStaging.name, name: 'aci-orders-worker', location: LOCATION.staging,
    containers: [{
      name: 'worker', image: 'contosostaging.azurecr.io/orders/service:4.0.0-rc.1', ports: [8080], cpu: 1, memoryInGB: 2, startTime: started(1.5),
      env: [
        { name: 'ORDERS_QUEUE', value: 'orders-staging' },
        // A connection string with its key in a plain value (a demo key, decodes to "demo-only-not-a-real-key").
        { name: 'SERVICEBUS_CONNECTION_STRING', value: 'Endpoint=sb://sb-contoso-stg.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=ZGVtby1vbmx5LW5vdC1hLXJlYWwta2V5' },
      ],
    }],
    ip: { type: 'Private', address: '10.20.4.5', ports: [8080] },
    identity: uami('platformStaging', 'id-orders-worker'),
    credentials: [{ server: 'contosostaging.azurecr.io', identity: uami('platformStaging', 'id-orders-worker') }],
    logAnalyticsWorkspaceId: WORKSPACE.customerId,
    subnet: {
      id: `${rgId('networkStaging')}/providers/Microsoft.Network/virtualNetworks/vnet-staging/subnets/snet-aci`,
      name: 'snet-aci',
    },
  },
  {
    subscriptionId: RG.devSandbox.sub, resourceGroup: RG.devSandbox.name, name: 'aci-dev-debug', location: LOCATION.dev,
    tags: { owner: 'diego' },
    containers: [
      {
        name: 'shell', image: 'contosodev.azurecr.io/tools/debug-shell:latest', ports: [22], cpu: 1, memoryInGB: 1, startTime: started(9),
        privileged: true, env: [{ name: 'ADMIN_PASSWORD', value: 'changeme123' }],
      },
      { name: 'cache', image: 'docker.io/library/redis:7.2.4', ports: [6379], cpu: 0.5, memoryInGB: 0.5, startTime: started(9), env: [] },
    ],
    ip: { type: 'Public', address: '52.169.10.77', ports: [22, 6379], dnsNameLabel: 'diego-debug' },
    credentials: [{ server: 'contosodev.azurecr.io', username: 'contosodev' }],
  },
  {
    subscriptionId: RG.sharedTools.sub, resourceGroup: RG.sharedTools.name, name: 'aci-erp-connector', location: LOCATION.dev,
    tags: { env: 'production', owner: 'erp-team' },
    containers: [{
      name: 'connector', image: 'contosolegacy.azurecr.io/legacy/erp-connector:7.4', ports: [8080], cpu: 1, memoryInGB: 3, startTime: started(388),
      env: [{ name: 'ERP_HOST', value: 'erp01.corp.contoso.example' }, { name: 'SAP_CLIENT_SECRET', value: 'erp-legacy-secret-2019' }],
    }],
    ip: { type: 'Public', address: '52.169.12.140', ports: [8080], dnsNameLabel: 'contoso-erp-connector' },
    credentials: [{ server: 'contosolegacy.azurecr.io', username: 'contosolegacy' }],
  },
  {
    subscriptionId: RG.webProd.sub, resourceGroup: RG.webProd.name, name: 'aci-reports-exporter', location: LOCATION.prod,
    tags: { team: 'web', owner: 'reporting' },
    containers: [
      {
        // Straight from GitHub's registry: not one of Contoso's registries, nor on the approved list.
        name: 'exporter', image: 'ghcr.io/contoso-oss/report-exporter:2.3.1', ports: [9100], cpu: 0.5, memoryInGB: 1, startTime: started(12),
        env: [{ name: 'REPORT_BUCKET', value: 'reports-prod' }, { name: 'EXPORT_API_TOKEN', secure: true }],
      },
      {
        // A host-metrics collector someone ran privileged "to see the host".
        name: 'collector', image: 'contosotools.azurecr.io/base/debian:12-slim', ports: [], cpu: 0.5, memoryInGB: 0.5, startTime: started(12),
        privileged: true, env: [],
      },
    ],
    ip: { type: 'Private', address: '10.10.6.4', ports: [9100] },
    identity: uami('webProd', 'id-reports-exporter'),
    credentials: [{ server: 'contosotools.azurecr.io', identity: uami('webProd', 'id-reports-exporter') }],
    logAnalyticsWorkspaceId: WORKSPACE.customerId,
    subnet: { id: `${rgId('networkProd')}/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-aci`, name: 'snet-aci' },
  },
  {
    // The way it should be: a private, logged, identity-pulled canary from a scanned, audited registry.
    subscriptionId: RG.webProd.sub, resourceGroup: RG.webProd.name, name: 'aci-storefront-canary', location: LOCATION.prod,
    tags: { team: 'web' },
    containers: [{
      name: 'storefront', image: 'contosoprod.azurecr.io/web/storefront:2026.11.4-canary', ports: [8080], cpu: 1, memoryInGB: 2, startTime: started(0.8),
      env: [{ name: 'NODE_ENV', value: 'production' }, { name: 'STOREFRONT_SESSION_SECRET', secure: true }],
    }],
    ip: { type: 'Private', address: '10.10.6.5', ports: [8080] },
    identity: uami('webProd', 'id-storefront'),
    credentials: [{ server: 'contosoprod.azurecr.io', identity: uami('webProd', 'id-storefront') }],
    logAnalyticsWorkspaceId: WORKSPACE.customerId,
    subnet: { id: `${rgId('networkProd')}/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/snet-aci`, name: 'snet-aci' },
  },
];

export const AKS = {
  subscriptionId: RG.aksProd.sub, resourceGroup: RG.aksProd.name, name: 'aks-contoso-prod', location: LOCATION.prod,
  tags: { env: 'prod' }, kubernetesVersion: '1.33.4', tenantId: TENANT_ID, nodeCount: 3,
  logAnalyticsWorkspaceResourceId: WORKSPACE.resourceId,
};

/** Images running on the cluster and the findings Defender reports for them there. */
const RUNNING: ReadonlyArray<{ registry: DemoImage['registry']; repo: string; tag: string; at: K8sPlacement; findings: readonly string[] }> = [
  { registry: 'contosopayments', repo: 'payments/api', tag: '1.4.2',
    at: { namespace: 'payments', workloadKind: 'Deployment', workloadName: 'payments-api', containerName: 'api' },
    findings: ['CVE-2021-44228', 'CVE-2022-22965', 'CVE-2023-38545', 'CVE-2023-4911'] },
  { registry: 'contosoprod', repo: 'web/storefront', tag: '2026.08.1',
    at: { namespace: 'web', workloadKind: 'Deployment', workloadName: 'storefront', containerName: 'storefront' },
    findings: ['CVE-2023-38545', 'CVE-2024-29041'] },
  { registry: 'contosoprod', repo: 'web/storefront', tag: '2026.11.3',
    at: { namespace: 'web', workloadKind: 'Deployment', workloadName: 'storefront-next', containerName: 'storefront' },
    findings: ['CVE-2024-0727', 'CVE-2016-2781 resolved'] },
  { registry: 'contosoprod', repo: 'platform/ingress-nginx', tag: '1.9.4',
    at: { namespace: 'ingress-nginx', workloadKind: 'Deployment', workloadName: 'ingress-nginx-controller', containerName: 'controller' },
    findings: ['CVE-2023-44487/golang.org/x/net', 'CVE-2024-24790'] },
];

function runningImage(registry: DemoImage['registry'], repo: string, tag: string): DemoImage {
  const image = IMAGES.find((i) => i.registry === registry && i.repo === repo && i.tags.includes(tag));
  if (!image) throw new Error(`running image ${registry}/${repo}:${tag} is not in the registry list`);
  return image;
}

export function workloadResources(): ArmResource[] {
  const clusterId = managedClusterId(AKS);
  const subs = RUNNING.flatMap((run, runIndex) => {
    const ref = imageRef(runningImage(run.registry, run.repo, run.tag));
    return run.findings.map((text, i) => {
      const { key, status } = parseFinding(text);
      const entry = catalogEntry(key, ref.family);
      const where = `${run.at.namespace}/${run.at.workloadName}/${run.at.containerName}`;
      return {
        status,
        body: runtimeSubAssessment({
          resourceId: clusterId, name: guidFor(`${clusterId}#${where}#${entry.cveId}/${entry.packageName}`),
          image: ref, entry, status, placement: run.at, timeGenerated: daysAgo(0.1 + runIndex * 0.05 + i * 0.01),
        }),
      };
    });
  });
  return [
    ...CONTAINER_GROUPS.map(containerGroupBody),
    managedClusterBody(AKS),
    assessmentBody({
      resourceId: clusterId, key: ASSESSMENT.runningMdvm, code: rollUpStatus(subs.map((s) => s.status)),
      firstEvaluationDate: '2025-02-03T08:00:00.0000000Z', statusChangeDate: daysAgo(41),
    }),
    ...subs.map((s) => s.body),
  ];
}
