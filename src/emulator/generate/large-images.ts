import type { ArmResource } from './tenant-types.js';
import { ASSESSMENT, daysAgo } from './builtins.js';
import type { CatalogEntry, OsFamily } from './cve-catalog.js';
import { assessmentBody, type FindingStatus } from './assessment-body.js';
import { realEntries, syntheticEntry } from './finding-pool.js';
import type { GeneratedRegistry } from './large-estate.js';
import type { Prng } from './prng.js';
import { DOCKER_MANIFEST, OCI_MANIFEST, mdvmSubAssessment, type ImageRef } from './sub-assessment-bodies.js';
import { containerGroupBody, type ContainerGroupSpec } from './workload-bodies.js';

/** Images of generated registries, their findings, and the container groups that run some of them. */

const TEAMS = ['payments', 'orders', 'web', 'identity', 'catalog', 'search', 'reporting', 'platform', 'ml', 'notifications'] as const;
const SERVICES = ['api', 'worker', 'gateway', 'frontend', 'scheduler', 'ingest', 'exporter', 'batch', 'proxy', 'indexer'] as const;
const OS_VERSION: Record<OsFamily, readonly string[]> = {
  debian: ['debian_linux_12', 'debian_linux_11'],
  alpine: ['alpine_linux_3.18', 'alpine_linux_3.19', 'alpine_linux_3.20'],
  ubuntu: ['ubuntu_linux_22.04', 'ubuntu_linux_24.04'],
};

export interface PlannedImage {
  ref: ImageRef;
  /** Open findings (Unhealthy). */
  open: number;
  /** Resolved (Healthy) or exempt (NotApplicable) sub-assessments on top. */
  extra: number;
  running: boolean;
  /** No critical among its findings (most real images have none). */
  noCritical?: boolean;
}

export function planImage(registry: GeneratedRegistry, open: number, prng: Prng, runningShare: number, criticalShare?: number): PlannedImage {
  const u = prng.next();
  const family: OsFamily = u < 0.55 ? 'debian' : u < 0.85 ? 'alpine' : 'ubuntu';
  const stale = prng.chance(0.3);
  const tag = `${prng.int(0, 5)}.${prng.int(0, 30)}.${prng.int(0, 9)}`;
  const extra = open === 0 ? 1 : prng.chance(0.35) ? prng.int(1, 3) : 0;
  return {
    ref: {
      registryHost: registry.loginServer,
      repositoryName: `${prng.pick(TEAMS)}/${prng.pick(SERVICES)}`,
      digest: `sha256:${prng.hex(64)}`,
      tags: prng.chance(0.2) ? [tag, 'latest'] : [tag],
      lastPushedToRegistryUTC: daysAgo(stale ? prng.int(91, 800) + prng.next() : prng.int(0, 89) + prng.next()),
      mediaType: family === 'alpine' ? OCI_MANIFEST : DOCKER_MANIFEST,
      family,
      osVersion: prng.pick(OS_VERSION[family]),
    },
    open,
    extra,
    running: prng.chance(runningShare),
    // Drawn last, and only when asked, so that estates without a critical share generate as before.
    ...(criticalShare === undefined ? {} : { noCritical: !prng.chance(criticalShare) }),
  };
}

/**
 * `count` distinct findings for an image: real catalog entries first, synthetic ones beyond that;
 * without critical ones when `noCritical`.
 */
function pickEntries(family: OsFamily, count: number, prng: Prng, noCritical = false): CatalogEntry[] {
  const all = realEntries(family);
  const real = noCritical ? all.filter((e) => e.severity !== 'Critical') : all;
  if (count <= real.length) return prng.distinctIndices(real.length, count).map((i) => real[i] as CatalogEntry);
  const synthetic = count - real.length;
  // About one synthetic entry in twelve is critical: leave room to skip those.
  const room = noCritical ? Math.ceil(synthetic * 1.2) + 50 : synthetic;
  if (room > 99_000) throw new RangeError(`an image cannot carry ${count} distinct findings`);
  const start = prng.int(0, 99_999 - room);
  const out = [...real];
  for (let j = 0; out.length < count && j < 99_999 - start; j++) {
    const entry = syntheticEntry(family, start + j);
    if (!noCritical || entry.severity !== 'Critical') out.push(entry);
  }
  return out;
}

/** The registry's Defender assessment: Unhealthy when any of its images has an open finding. */
export function registryAssessment(registry: GeneratedRegistry, anyOpen: boolean, prng: Prng): ArmResource {
  return assessmentBody({
    resourceId: registry.id,
    key: ASSESSMENT.registryMdvm,
    code: anyOpen ? 'Unhealthy' : 'Healthy',
    firstEvaluationDate: '2023-11-15T10:00:00.0000000Z',
    statusChangeDate: daysAgo(prng.int(1, 60)),
  });
}

/** One sub-assessment per finding of the image: its open findings first, then resolved or exempt ones. */
export function* imageFindings(registry: GeneratedRegistry, image: PlannedImage, prng: Prng, detail: 'full' | 'lean'): Generator<ArmResource> {
  const entries = pickEntries(image.ref.family, image.open + image.extra, prng, image.noCritical === true);
  for (let i = 0; i < entries.length; i++) {
    const status: FindingStatus = i < image.open ? 'Unhealthy' : prng.chance(0.75) ? 'Healthy' : 'NotApplicable';
    yield mdvmSubAssessment({
      resourceId: registry.id,
      name: prng.guid(),
      image: image.ref,
      entry: entries[i] as CatalogEntry,
      status,
      timeGenerated: daysAgo(prng.next()),
      detail,
    });
  }
}

/**
 * Gathers running images into container groups of one to three containers and hands out each
 * group as soon as it is full, so that nothing accumulates however many images a registry has.
 */
export class ContainerGroupBatcher {
  private pending: PlannedImage[] = [];
  private target: number;
  private count = 0;

  constructor(private readonly registry: GeneratedRegistry, private readonly prng: Prng) {
    this.target = prng.int(1, 3);
  }

  add(image: PlannedImage): ArmResource | undefined {
    this.pending.push(image);
    return this.pending.length >= this.target ? this.flush() : undefined;
  }

  flush(): ArmResource | undefined {
    if (this.pending.length === 0) return undefined;
    const group = this.pending;
    this.pending = [];
    this.target = this.prng.int(1, 3);
    return containerGroup(this.registry, group, ++this.count, this.prng);
  }
}

function containerGroup(registry: GeneratedRegistry, group: readonly PlannedImage[], n: number, prng: Prng): ArmResource {
  const sub = registry.sub;
  const identity = `/subscriptions/${sub.id}/resourceGroups/${sub.appsRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-${registry.name}-pull`;
  const containers: ContainerGroupSpec['containers'] = group.map((image, i) => ({
    name: `app${i + 1}`,
    image: `${image.ref.registryHost}/${image.ref.repositoryName}:${image.ref.tags[0] ?? 'latest'}`,
    ports: [8080 + i],
    cpu: 1,
    memoryInGB: 1.5,
    startTime: daysAgo(prng.int(0, 60) + prng.next()),
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      ...(prng.chance(0.15) ? [{ name: 'DB_PASSWORD', value: `generated-demo-${prng.hex(8)}` }] : []),
      ...(prng.chance(0.3) ? [{ name: 'API_KEY', secure: true }] : []),
    ],
  }));
  // Now and then a sidecar straight from Docker Hub, an unapproved registry.
  if (prng.chance(0.1)) {
    containers.push({ name: 'sidecar', image: 'docker.io/library/nginx:1.25.3', ports: [80], cpu: 0.5, memoryInGB: 0.5, startTime: daysAgo(1), env: [] });
  }
  const isPublic = prng.chance(0.4);
  const ports = containers.flatMap((c) => c.ports);
  return containerGroupBody({
    subscriptionId: sub.id,
    resourceGroup: sub.appsRg,
    name: `aci-${registry.name}-${n}`,
    location: sub.location,
    containers,
    ip: isPublic
      ? { type: 'Public', address: `20.${prng.int(40, 250)}.${prng.int(0, 255)}.${prng.int(1, 254)}`, ports }
      : { type: 'Private', address: `10.${prng.int(0, 255)}.${prng.int(0, 255)}.${prng.int(4, 254)}`, ports },
    ...(registry.adminUserEnabled ? {} : { identity }),
    credentials: [registry.adminUserEnabled ? { server: registry.loginServer, username: registry.name } : { server: registry.loginServer, identity }],
    ...(prng.chance(0.5) ? { logAnalyticsWorkspaceId: prng.guid() } : {}),
    ...(isPublic
      ? {}
      : { subnet: { id: `/subscriptions/${sub.id}/resourceGroups/${sub.appsRg}/providers/Microsoft.Network/virtualNetworks/vnet-apps/subnets/snet-aci`, name: 'snet-aci' } }),
  });
}
