import type { ArmResource } from './tenant-types.js';
import { ASSESSMENT, daysAgo } from './builtins.js';
import { assessmentBody, rollUpStatus, type FindingStatus } from './assessment-body.js';
import type { OsFamily } from './cve-catalog.js';
import { realEntries } from './finding-pool.js';
import { guidFor } from './ids.js';
import type { GeneratedSubscription } from './large-estate.js';
import { TENANT_ID } from './personas.js';
import type { Prng } from './prng.js';
import { DOCKER_MANIFEST, runtimeSubAssessment, type ImageRef, type K8sPlacement } from './sub-assessment-bodies.js';
import { managedClusterBody, managedClusterId } from './workload-bodies.js';

/**
 * AKS clusters of a generated tenant, in each subscription's apps group: some without the Azure
 * Policy add-on, some without a Defender assessment yet, and the containers Defender reports running
 * on them (images from the tenant's registries and from public ones, a few privileged).
 */

const NAMESPACES = ['default', 'payments', 'web', 'batch', 'monitoring', 'kube-system'] as const;
const WORKLOADS = ['api', 'worker', 'frontend', 'collector', 'scheduler', 'proxy'] as const;
const PUBLIC = [
  { host: 'docker.io', repo: 'library/nginx', family: 'debian' },
  { host: 'ghcr.io', repo: 'example-org/collector', family: 'alpine' },
  { host: 'quay.io', repo: 'prometheus/node-exporter', family: 'ubuntu' },
] as const;

function image(host: string, repo: string, family: OsFamily, prng: Prng): ImageRef {
  return {
    registryHost: host, repositoryName: repo, digest: `sha256:${prng.hex(64)}`, tags: [`${prng.int(1, 4)}.${prng.int(0, 20)}`],
    lastPushedToRegistryUTC: daysAgo(prng.int(1, 200)), mediaType: DOCKER_MANIFEST, family, osVersion: family === 'alpine' ? 'alpine_linux_3.19' : family === 'ubuntu' ? 'ubuntu_linux_22.04' : 'debian_linux_12',
  };
}

/** Cluster `index` in `sub`, running images of `registryHosts` and public registries. */
export function* clusterResources(index: number, sub: GeneratedSubscription, registryHosts: readonly string[], prng: Prng): Generator<ArmResource> {
  const spec = {
    subscriptionId: sub.id, resourceGroup: sub.appsRg, name: `aks-${sub.env}-${String(index + 1).padStart(3, '0')}`, location: sub.location,
    kubernetesVersion: '1.30.6', tenantId: TENANT_ID, nodeCount: prng.int(2, 5),
    logAnalyticsWorkspaceResourceId: `/subscriptions/${sub.id}/resourceGroups/${sub.appsRg}/providers/Microsoft.OperationalInsights/workspaces/law-${sub.env}-${sub.index + 1}`,
    policyAddon: index % 4 !== 2 && prng.chance(0.85),
  };
  yield managedClusterBody(spec);
  const clusterId = managedClusterId(spec);
  const statuses: FindingStatus[] = [];
  const findings: ArmResource[] = [];
  const containers = prng.int(2, 6);
  for (let c = 0; c < containers; c++) {
    const external = prng.chance(0.3) || registryHosts.length === 0;
    const source = external ? prng.pick(PUBLIC) : undefined;
    const ref = source ? image(source.host, source.repo, source.family, prng) : image(prng.pick(registryHosts), `${prng.pick(WORKLOADS)}/${prng.pick(WORKLOADS)}`, 'debian', prng);
    const placement: K8sPlacement = {
      namespace: prng.pick(NAMESPACES), workloadKind: 'Deployment', workloadName: `${prng.pick(WORKLOADS)}-${c + 1}`, containerName: prng.pick(WORKLOADS),
      ...(prng.chance(0.2) ? { privileged: true } : {}),
    };
    for (const entry of [prng.pick(realEntries(ref.family))]) {
      const status: FindingStatus = prng.chance(0.6) ? 'Unhealthy' : 'Healthy';
      statuses.push(status);
      findings.push(runtimeSubAssessment({
        resourceId: clusterId, name: guidFor(`${clusterId}#${c}#${entry.cveId}`), image: ref, entry, status, placement, timeGenerated: daysAgo(prng.next()), detail: 'lean',
      }));
    }
  }
  // About one cluster in five has no running-image assessment yet (Defender not reporting on it).
  if (prng.chance(0.8)) {
    yield assessmentBody({ resourceId: clusterId, key: ASSESSMENT.runningMdvm, code: rollUpStatus(statuses), firstEvaluationDate: '2025-03-01T08:00:00.0000000Z', statusChangeDate: daysAgo(prng.int(1, 30)) });
    yield* findings;
  }
}
