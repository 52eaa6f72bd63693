import type { Environment } from '../../domain/environment.js';
import type { ClusterInfo, RegistryInfo, ScanScope, ScanState, ScanUnit, Scanner } from '../../domain/findings/index.js';
import type { RegistryRecord } from './estate-reader.js';
import { INDIVIDUAL_KEY } from './individual-recommendations.js';
import { ASSESSMENT_KEYS, type MapContext } from './sub-assessment-mapper.js';

/** A unit to read: which assessment key to list under which resource, and how to map what comes back. */
export interface PlannedUnit {
  unit: ScanUnit;
  key: string;
  context: MapContext;
}

export interface SubscriptionPlan {
  registries: RegistryInfo[];
  /** The clusters, marked where their findings come only in a shape not read here. */
  clusters: ClusterInfo[];
  units: PlannedUnit[];
}

function stateOf(states: ReadonlyMap<string, string>, resourceId: string, key: string): string | undefined {
  return states.get(`${resourceId.toLowerCase()}|${key}`)?.toLowerCase();
}

/**
 * Which scan to believe for a registry: MDVM when it has assessed the registry (its verdict stands,
 * Healthy included), else the retired Qualys scan. During Defender's move to individual recommendations
 * a registry may hold both shapes: the grouped one is read and the individual ones, the same findings
 * again, are not counted twice. A registry with only individual recommendations is `unreadable`, not
 * unscanned; with neither, it is not scanned.
 */
export function registryScan(states: ReadonlyMap<string, string>, registryId: string): { state: ScanState; scanner: Scanner | undefined } {
  const mdvm = stateOf(states, registryId, ASSESSMENT_KEYS.registry);
  if (mdvm === 'unhealthy') return { state: 'findings', scanner: 'registry' };
  if (mdvm === 'healthy') return { state: 'healthy', scanner: 'registry' };
  const qualys = stateOf(states, registryId, ASSESSMENT_KEYS.qualys);
  if (qualys === 'unhealthy') return { state: 'findings', scanner: 'qualys' };
  if (qualys === 'healthy') return { state: 'healthy', scanner: 'qualys' };
  // Only per-finding recommendations: Defender scans the registry, in a shape not read here yet.
  if (stateOf(states, registryId, INDIVIDUAL_KEY) !== undefined) return { state: 'unreadable', scanner: undefined };
  return { state: 'not-scanned', scanner: undefined };
}

/**
 * What to read in one subscription: the registries in scope (by environment and name) that have open
 * findings, and every cluster whose running-image assessment is Unhealthy (clusters run images from
 * any registry, so they are read whatever the scope; the answer filters by the image's environment).
 */
export function scanPlan(
  subscriptionId: string,
  scope: ScanScope,
  states: ReadonlyMap<string, string>,
  registries: readonly RegistryRecord[],
  clusters: readonly ClusterInfo[],
  environmentOf: (registry: RegistryRecord) => Environment | undefined,
): SubscriptionPlan {
  const infos: RegistryInfo[] = [];
  const units: PlannedUnit[] = [];
  for (const r of registries) {
    const environment = environmentOf(r);
    if (scope.environments.length > 0 && (environment === undefined || !scope.environments.includes(environment))) continue;
    if (scope.registry !== undefined && r.name.toLowerCase() !== scope.registry) continue;
    const scan = registryScan(states, r.id);
    infos.push({
      id: r.id,
      name: r.name,
      loginServer: r.loginServer,
      subscriptionId,
      resourceGroup: r.resourceGroup,
      environment,
      posture: r.posture,
      scanState: scan.state,
      scanner: scan.scanner,
    });
    if (scan.state !== 'findings' || !scan.scanner) continue;
    const key = scan.scanner === 'qualys' ? ASSESSMENT_KEYS.qualys : ASSESSMENT_KEYS.registry;
    units.push({
      unit: { id: `${r.id.toLowerCase()}|${key}`, subscriptionId, label: `registry ${r.name}`, resourceId: r.id, runtime: false },
      key,
      context: { scanner: scan.scanner, assessedResourceId: r.id, registryHost: r.loginServer },
    });
  }
  const marked: ClusterInfo[] = [];
  for (const c of clusters) {
    const runtime = stateOf(states, c.id, ASSESSMENT_KEYS.runtime);
    const individualOnly = runtime === undefined && stateOf(states, c.id, INDIVIDUAL_KEY) !== undefined;
    marked.push(individualOnly ? { ...c, unreadableFindings: true } : c);
    if (runtime !== 'unhealthy') continue;
    units.push({
      unit: { id: `${c.id.toLowerCase()}|${ASSESSMENT_KEYS.runtime}`, subscriptionId, label: `cluster ${c.name}`, resourceId: c.id, runtime: true },
      key: ASSESSMENT_KEYS.runtime,
      context: { scanner: 'runtime', assessedResourceId: c.id },
    });
  }
  return { registries: infos, clusters: marked, units };
}
