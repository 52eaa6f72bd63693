import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefenderFindingsSource } from '../../../src/azure/findings/index.js';
import { ResourceGraphFindingsSource, type GraphSourceOptions } from '../../../src/azure/resourcegraph/index.js';
import type { AzureConfig } from '../../../src/config/index.js';
import { EstateAggregate, type FindingsSource, type ScanScope } from '../../../src/domain/findings/index.js';
import type { EstateView } from '../../../src/domain/findings/estate-view.js';
import { assessmentBody } from '../../../src/emulator/generate/assessment-body.js';
import { guidFor } from '../../../src/emulator/generate/ids.js';
import { PERSONA } from '../../../src/emulator/generate/personas.js';
import type { ArmResource } from '../../../src/emulator/generate/tenant-types.js';
import { managedClusterBody } from '../../../src/emulator/generate/workload-bodies.js';
import { APP, startTestEmulator, type TestEmulator } from '../../emulator/conformance/support/emulator.js';

/** Both findings paths over one emulator, and the tenants they are compared on. */

export const DEMO: unknown = JSON.parse(readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/emulator/tenants/contoso.json'), 'utf8'));

/** Who is asked on which tenant: full rights, and narrower ones. */
export const PEOPLE = [
  ['demo', PERSONA.priya],
  ['demo', PERSONA.diego],
  ['generated', PERSONA.priya],
  ['generated', PERSONA.mei],
  ['generated', PERSONA.diego],
] as const;

export interface Stack {
  env: TestEmulator;
  azure: AzureConfig;
  graph: ResourceGraphFindingsSource;
  arm: DefenderFindingsSource;
  fallbacks: string[];
}

export async function stackFor(tenant: unknown, options: GraphSourceOptions = {}): Promise<Stack> {
  const env = await startTestEmulator(tenant);
  const azure: AzureConfig = { kind: 'emulator', tenantId: env.emulator.tenantId, clientId: APP.clientId, clientSecret: APP.clientSecret, armEndpoint: env.baseUrl, authorityHost: env.baseUrl, caCertPem: env.emulator.caCertPem };
  const credentials = { forUser: (user: { aadObjectId?: string }) => env.user(user.aadObjectId ?? '') };
  const arm = new DefenderFindingsSource(azure, credentials);
  const fallbacks: string[] = [];
  const graph = new ResourceGraphFindingsSource(azure, credentials, arm, { onFallback: (reason) => fallbacks.push(reason), maxQuotaWaitMs: 200, ...options });
  return { env, azure, graph, arm, fallbacks };
}

/** One scan through a source, as a question runs it; the view once complete. */
export async function scanView(source: FindingsSource, who: string, scope: ScanScope): Promise<EstateView> {
  const sink = new EstateAggregate(scope, Date.now());
  const signal = AbortSignal.timeout(60_000);
  // One scan's requests all listen to its signal, as a question's do.
  setMaxListeners(0, signal);
  await source.scan({ user: { channelUserId: `29:${who}`, aadObjectId: who }, scope, signal }, sink);
  return sink.view(Date.now());
}

const KEY = { registry: 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5', runtime: 'c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5', qualys: 'dbd0cb49-b563-45e7-9724-889e799fa648' };
/** The parts of an MDVM registry finding the conversions below read. */
interface MdvmProperties {
  id: string;
  displayName: string;
  status: unknown;
  remediation: string;
  timeGenerated: string;
  additionalData: {
    artifactDetails: { registryHost: string; repositoryName: string; digest: string };
    vulnerabilityDetails: Record<string, unknown>;
    softwareDetails: { fixStatus: string };
    cvssV30Score: number;
  };
}
const mdvm = (r: ArmResource): MdvmProperties => r.properties as MdvmProperties;

/** The registry a sub-assessment hangs under, when it is one of a registry's MDVM findings. */
function registryOfFinding(r: ArmResource): string | undefined {
  const cut = r.id.indexOf(`/providers/Microsoft.Security/assessments/${KEY.registry}/subAssessments/`);
  return cut > 0 ? r.id.slice(0, cut) : undefined;
}

/** An MDVM registry finding in the retired Qualys shape: QID, repository and digest, CVSS, patchable; no vulnerability details. */
function asQualys(r: ArmResource, n: number): ArmResource {
  const p = mdvm(r);
  const ad = p.additionalData;
  const registry = registryOfFinding(r) as string;
  const name = guidFor(`${r.id}#qualys`);
  const id = `${registry}/providers/Microsoft.Security/assessments/${KEY.qualys}/subAssessments/${name}`;
  return {
    id,
    name,
    type: r.type,
    properties: {
      displayName: `Finding ${n}: ${p.displayName}`,
      id: String(310_000 + n),
      status: p.status,
      resourceDetails: { source: 'Azure', id },
      remediation: p.remediation,
      timeGenerated: p.timeGenerated,
      additionalData: {
        assessedResourceType: 'ContainerRegistryVulnerability',
        imageDigest: ad.artifactDetails.digest,
        repositoryName: ad.artifactDetails.repositoryName,
        cvss: { '3.0': { base: ad.cvssV30Score } },
        patchable: ad.softwareDetails.fixStatus === 'FixAvailable',
        // One finding in three names no CVE: its QID is its id.
        ...(n % 3 === 0 ? {} : { cve: [{ title: p.id, link: `https://nvd.nist.gov/vuln/detail/${p.id}` }] }),
      },
    },
  };
}

/** An MDVM registry finding as a cluster's running-image scan reports it for one placement. */
function asRunning(r: ArmResource, clusterId: string, workload: string): ArmResource {
  const p = mdvm(r);
  const ad = p.additionalData;
  const name = guidFor(`${r.id}#${clusterId}#${workload}`);
  const image = `${ad.artifactDetails.registryHost}/${ad.artifactDetails.repositoryName}@${ad.artifactDetails.digest}`;
  // Exploit data in every combination, the same for the finding in each placement.
  const bits = parseInt(guidFor(r.id).slice(0, 2), 16);
  const exploitabilityAssessment = { exploitStepsPublished: (bits & 1) === 1, exploitStepsVerified: (bits & 2) === 2, isInExploitKit: (bits & 4) === 4, exploitUris: [], types: ['Remote'] };
  return {
    id: `${clusterId}/providers/Microsoft.Security/assessments/${KEY.runtime}/subAssessments/${name}`,
    name,
    type: r.type,
    properties: {
      ...p,
      resourceDetails: { id: `/namespaces/apps/deployments/${workload}/containers/main`, source: 'Azure', ResourceType: 'K8s-container', ResourceName: 'main' },
      additionalData: { ...ad, vulnerabilityDetails: { ...ad.vulnerabilityDetails, exploitabilityAssessment }, assessedResourceType: 'AzureContainerVulnerability', kubernetesContext: { workloads: [{ name: workload, kind: 'Deployment', namespace: 'apps', containers: [{ name: 'main', image }] }] } },
    },
  };
}

/**
 * A generated tenant given the two other scans the findings paths read: the first registry with
 * findings is scanned only by the retired Qualys scan, and an AKS cluster beside the second runs
 * three of its images in two workloads each (the running-image scan repeats a finding per placement).
 */
export function withOtherScanners(tenant: { tenantId: string; resources: ArmResource[] }): { tenantId: string; resources: ArmResource[] } {
  const byRegistry = new Map<string, ArmResource[]>();
  for (const r of tenant.resources) {
    const registry = registryOfFinding(r);
    if (registry) byRegistry.set(registry, [...(byRegistry.get(registry) ?? []), r]);
  }
  const [qualysRegistry, clusterNeighbour] = [...byRegistry.keys()];
  if (!qualysRegistry || !clusterNeighbour) throw new Error('the generated tenant needs two registries with findings');
  const [, , subscriptionId, , resourceGroup] = clusterNeighbour.split('/') as string[];
  const cluster = managedClusterBody({ subscriptionId: String(subscriptionId), resourceGroup: String(resourceGroup), name: 'aks-apps', location: 'westeurope', kubernetesVersion: '1.30.4', tenantId: tenant.tenantId, nodeCount: 3, logAnalyticsWorkspaceResourceId: '' });
  const digests = [...new Set((byRegistry.get(clusterNeighbour) ?? []).map((r) => mdvm(r).additionalData.artifactDetails.digest))].slice(0, 3);
  const running = (byRegistry.get(clusterNeighbour) ?? []).filter((r) => digests.includes(mdvm(r).additionalData.artifactDetails.digest));
  const dates = { firstEvaluationDate: '2026-01-01T00:00:00Z', statusChangeDate: '2026-01-01T00:00:00Z' };
  let n = 0;
  const resources = tenant.resources.flatMap((r): ArmResource[] => {
    if (r.id === `${qualysRegistry}/providers/Microsoft.Security/assessments/${KEY.registry}`) return [{ ...assessmentBody({ resourceId: qualysRegistry, key: KEY.qualys, code: 'Unhealthy', ...dates }) }];
    if (registryOfFinding(r) === qualysRegistry) return [asQualys(r, n++)];
    return [r];
  });
  resources.push(cluster, assessmentBody({ resourceId: cluster.id, key: KEY.runtime, code: 'Unhealthy', ...dates }));
  for (const r of running) resources.push(asRunning(r, cluster.id, 'web'), asRunning(r, cluster.id, 'worker'));
  return { ...tenant, resources };
}
