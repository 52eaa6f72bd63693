import { parseDeployedImage, type FindingRecord, type RegistryInfo, type Workload } from '../../../../src/domain/findings/index.js';
import type { Severity } from '../../../../src/domain/severity.js';
import type { FakeEstate } from './fake-source.js';

/**
 * A small, fixed estate for unit tests and card goldens (times are relative to the commands' fixed
 * "now", 2025-06-15). It holds the traps the real tenant holds: an exempt finding, a resolved-only
 * image, a Qualys-shaped registry tagged prod in the dev subscription, an image known only from a
 * cluster, and the same finding reported by the registry and the running-image scans.
 */
export const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
export const SUB = { prod: '1d6e3a2b-7c4f-4e5d-9a8b-000000000001', dev: '1d6e3a2b-7c4f-4e5d-9a8b-000000000003' } as const;

const rg = (sub: string, name: string): string => `/subscriptions/${sub}/resourceGroups/${name}`;
export const REG = {
  prod: `${rg(SUB.prod, 'rg-registries-prod')}/providers/Microsoft.ContainerRegistry/registries/contosoprod`,
  payments: `${rg(SUB.prod, 'rg-payments-prod')}/providers/Microsoft.ContainerRegistry/registries/contosopayments`,
  tools: `${rg(SUB.prod, 'rg-registries-prod')}/providers/Microsoft.ContainerRegistry/registries/contosotools`,
  legacy: `${rg(SUB.dev, 'rg-shared-tools')}/providers/Microsoft.ContainerRegistry/registries/contosolegacy`,
  dev: `${rg(SUB.dev, 'rg-dev-sandbox')}/providers/Microsoft.ContainerRegistry/registries/contosodev`,
} as const;
export const AKS = `${rg(SUB.prod, 'rg-aks-prod')}/providers/Microsoft.ContainerService/managedClusters/aks-contoso-prod`;

function registry(id: string, environment: RegistryInfo['environment'], scan: Pick<RegistryInfo, 'scanState' | 'scanner'>, weak: boolean): RegistryInfo {
  const name = id.split('/').pop() as string;
  return {
    id, name, loginServer: `${name}.azurecr.io`, subscriptionId: id.split('/')[2] as string, resourceGroup: id.split('/')[4] as string, environment,
    posture: { publicNetworkAccess: weak, adminUserEnabled: weak, anonymousPullEnabled: false }, ...scan,
  };
}

export const digest = (c: string): string => `sha256:${c.repeat(64).slice(0, 64)}`;

interface RecordSpec {
  at: string;
  repo: string;
  digest: string;
  tags?: string[];
  pushed?: string;
  id: string;
  severity: Severity;
  cvss?: number;
  pkg?: string;
  version?: string;
  fixed?: string;
  open?: boolean;
  scanner?: FindingRecord['scanner'];
  host?: string;
  placement?: FindingRecord['placements'][number];
  /** Defaults to "has a fixed version"; the Qualys shape says `patchable` without one. */
  fixable?: boolean;
}

export function record(s: RecordSpec): FindingRecord {
  const host = s.host ?? `${s.at.split('/').pop() as string}.azurecr.io`;
  return {
    open: s.open ?? true,
    image: { registryHost: host, repository: s.repo, digest: s.digest },
    tags: s.tags ?? [],
    lastPushed: s.pushed,
    id: s.id,
    cveId: s.id.startsWith('CVE-') ? s.id : undefined,
    title: s.id,
    severity: s.severity,
    cvss: s.cvss,
    packageName: s.pkg,
    installedVersion: s.version,
    fixedVersion: s.fixed,
    fixable: s.fixable ?? s.fixed !== undefined,
    remediation: s.fixed && s.pkg ? `Upgrade ${s.pkg} to version ${s.fixed} or later.` : undefined,
    scannedAt: '2025-06-15T04:00:00.0000000Z',
    scanner: s.scanner ?? 'registry',
    assessedResourceId: s.at,
    placements: s.placement ? [s.placement] : [],
  };
}

const api = { at: REG.payments, repo: 'payments/api', digest: digest('a'), tags: ['1.4.2'], pushed: '2025-02-01T08:00:00.0000000Z' };
const storefront = { at: REG.prod, repo: 'web/storefront', digest: digest('b'), tags: ['2025.6.1', 'stable'], pushed: '2025-06-07T08:00:00.0000000Z' };
const orders = { at: REG.prod, repo: 'orders/service', digest: digest('c'), tags: ['3.1.4'], pushed: '2025-01-10T08:00:00.0000000Z' };
const erp = { at: REG.legacy, repo: 'legacy/erp-connector', digest: digest('d'), scanner: 'qualys' as const };
const shell = { at: REG.dev, repo: 'tools/debug-shell', digest: digest('e'), tags: ['latest'], pushed: '2024-11-01T08:00:00.0000000Z' };
const clean = { at: REG.prod, repo: 'base/clean', digest: digest('f'), tags: ['1.0'], pushed: '2024-01-01T08:00:00.0000000Z' };
const placement = { namespace: 'payments', kind: 'Deployment', name: 'payments-api', container: 'api' };
const agent = { at: AKS, host: 'contosoext.azurecr.io', repo: 'ext/agent', digest: digest('9'), tags: ['2.0'], pushed: '2025-05-01T08:00:00.0000000Z', scanner: 'runtime' as const };

export const FINDINGS: FindingRecord[] = [
  record({ ...api, id: 'CVE-2021-44228', severity: 'Critical', cvss: 10, pkg: 'log4j-core', version: '2.14.1', fixed: '2.15.0' }),
  record({ ...api, id: 'CVE-2022-22965', severity: 'Critical', cvss: 9.8, pkg: 'spring-beans', version: '5.3.17', fixed: '5.3.18' }),
  record({ ...api, id: 'CVE-2023-38545', severity: 'High', cvss: 8.8, pkg: 'libcurl4', version: '7.88.1', fixed: '7.88.1-10+deb12u4' }),
  record({ ...api, id: 'CVE-2024-0727', severity: 'Medium', cvss: 5.5, pkg: 'openssl', version: '3.0.11', fixed: '3.0.13', open: false }),
  record({ ...api, id: 'CVE-2016-2781', severity: 'Low', cvss: 3.2, pkg: 'coreutils', version: '9.1' }),
  record({ ...storefront, id: 'CVE-2024-0727', severity: 'Medium', cvss: 5.5, pkg: 'openssl', version: '3.0.11', fixed: '3.0.13' }),
  record({ ...storefront, id: 'CVE-2011-3374', severity: 'Low', cvss: 3.7, pkg: 'apt', version: '2.6.1' }),
  record({ ...orders, id: 'CVE-2024-45337', severity: 'Critical', cvss: 9.1, pkg: 'golang.org/x/crypto', version: 'v0.29.0', fixed: 'v0.31.0' }),
  record({ ...orders, id: 'CVE-2023-44487', severity: 'High', cvss: 7.5, pkg: 'golang.org/x/net', version: 'v0.15.0', fixed: 'v0.17.0' }),
  record({ ...erp, id: 'CVE-2021-44228', severity: 'Critical', cvss: 10, fixable: true }),
  record({ ...erp, id: 'QID 170123', severity: 'High', cvss: 7.2 }),
  record({ ...shell, id: 'CVE-2024-3094', severity: 'Critical', cvss: 10, pkg: 'xz-utils', version: '5.6.0', fixed: '5.6.1' }),
  record({ ...clean, id: 'CVE-2023-4911', severity: 'High', cvss: 7.8, pkg: 'libc6', fixed: '2.36-9+deb12u3', open: false }),
  // The running-image scan repeats a registry finding (counted once) and knows an image no readable registry holds.
  record({ ...api, at: AKS, host: 'contosopayments.azurecr.io', scanner: 'runtime', id: 'CVE-2021-44228', severity: 'Critical', cvss: 10, pkg: 'log4j-core', version: '2.14.1', fixed: '2.15.0', placement }),
  record({ ...agent, id: 'CVE-2024-6387', severity: 'High', cvss: 8.1, pkg: 'openssh-server', version: '9.2p1', fixed: '9.2p1-2+deb12u3', placement: { namespace: 'kube-system', kind: 'DaemonSet', name: 'agent', container: 'agent' } }),
  record({ ...agent, id: 'CVE-2024-6387', severity: 'High', cvss: 8.1, pkg: 'openssh-server', version: '9.2p1', fixed: '9.2p1-2+deb12u3', placement: { namespace: 'monitoring', kind: 'DaemonSet', name: 'agent', container: 'agent' } }),
];

function aci(sub: string, group: string, name: string, container: string, image: string, environment: Workload['environment'], publicIp: boolean): Workload {
  return {
    kind: 'aci', resourceId: `${rg(sub, group)}/providers/Microsoft.ContainerInstance/containerGroups/${name}`, name, detail: container,
    subscriptionId: sub, resourceGroup: group, environment, image, deployed: parseDeployedImage(image), publicIp,
  };
}

export function demoEstate(): FakeEstate {
  return {
    subscriptions: [
      { id: SUB.prod, name: 'Contoso Prod', tenantId: TENANT, environment: 'prod' },
      { id: SUB.dev, name: 'Contoso Dev', tenantId: TENANT, environment: 'dev' },
    ],
    registries: [
      registry(REG.prod, 'prod', { scanState: 'findings', scanner: 'registry' }, false),
      registry(REG.payments, 'prod', { scanState: 'findings', scanner: 'registry' }, true),
      registry(REG.tools, 'prod', { scanState: 'healthy', scanner: 'registry' }, false),
      registry(REG.legacy, 'prod', { scanState: 'findings', scanner: 'qualys' }, true),
      registry(REG.dev, 'dev', { scanState: 'findings', scanner: 'registry' }, true),
    ],
    clusters: [{ id: AKS, name: 'aks-contoso-prod', subscriptionId: SUB.prod, resourceGroup: 'rg-aks-prod', environment: 'prod' }],
    workloads: [
      aci(SUB.prod, 'rg-payments-prod', 'aci-payments-api', 'api', 'contosopayments.azurecr.io/payments/api:1.4.2', 'prod', true),
      aci(SUB.dev, 'rg-shared-tools', 'aci-erp-connector', 'connector', 'contosolegacy.azurecr.io/legacy/erp-connector:7.4', 'prod', true),
      aci(SUB.dev, 'rg-dev-sandbox', 'aci-dev-debug', 'shell', 'contosodev.azurecr.io/tools/debug-shell:latest', 'dev', true),
    ],
    findings: FINDINGS,
  };
}

/** `count` images with findings in one prod registry: for paging and card-size tests. */
export function manyImages(count: number, nameLength = 12): FakeEstate {
  const estate = demoEstate();
  const findings: FindingRecord[] = [];
  for (let i = 0; i < count; i++) {
    const spec = { at: REG.prod, repo: `team${i % 50}/${'service'.padEnd(nameLength, 'x')}-${i}`, digest: `sha256:${(i + 1).toString(16).padEnd(8, 'f').padEnd(64, '0')}`, tags: [`1.${i}.0`], pushed: '2025-03-01T08:00:00.0000000Z' };
    findings.push(record({ ...spec, id: `CVE-2024-${10000 + (i % 997)}`, severity: i % 3 === 0 ? 'Critical' : 'High', cvss: 9.1, pkg: `library-with-a-long-name-${i % 13}`, version: '1.0.0', fixed: '1.0.1' }));
  }
  return { ...estate, findings };
}

/** The demo estate plus a production registry Defender reports nothing for (no plan on it). */
export function estateWithUnscanned(): FakeEstate {
  const estate = demoEstate();
  const id = `${rg(SUB.prod, 'rg-registries-prod')}/providers/Microsoft.ContainerRegistry/registries/contosoarchive`;
  return { ...estate, registries: [...estate.registries, registry(id, 'prod', { scanState: 'not-scanned', scanner: undefined }, false)] };
}
