import type { ArmResource, EmulatorContext } from '../http/types.js';
import { propertiesOf } from './policy-catalog.js';
import { isObject } from './policy-fields.js';
import type { AssignedPolicy } from './policy-members.js';

/**
 * Kubernetes policies (mode `Microsoft.Kubernetes.Data`) judge objects inside a cluster, which Azure
 * learns from the Gatekeeper add-on. The emulator knows a cluster's containers from what Defender
 * reports about them (the `kubernetesContext` of running-image findings) and audits the two built-ins
 * the container guidance names: allowed images (the `imageRegex`) and no privileged containers. A
 * container counts as privileged only when its data says so; nothing in ARM does, so without such
 * data the privileged check passes. Clusters with no known containers get no state, as in Azure
 * before the add-on reports.
 */

export interface KubeContainer {
  namespace: string;
  workloadKind: string;
  workload: string;
  container: string;
  image: string;
  privileged: boolean;
}

/** A Kubernetes object's compliance, as `$expand=components` returns it. */
export interface KubeComponent {
  id: string;
  type: string;
  name: string;
  complianceState: 'Compliant' | 'NonCompliant';
}

export interface KubeJudgement {
  state: 'Compliant' | 'NonCompliant';
  components: KubeComponent[];
}

const SUB_ASSESSMENT_TYPE = 'Microsoft.Security/assessments/subAssessments';
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function fromContext(additional: Record<string, unknown>): KubeContainer[] {
  const context = isObject(additional.kubernetesContext) ? additional.kubernetesContext : {};
  const workloads = Array.isArray(context.workloads) ? context.workloads.filter(isObject) : [];
  return workloads.flatMap((w) =>
    (Array.isArray(w.containers) ? w.containers.filter(isObject) : []).map((c) => ({
      namespace: str(w.namespace),
      workloadKind: str(w.kind) || 'Pod',
      workload: str(w.name),
      container: str(c.name),
      image: str(c.image),
      privileged: isObject(c.securityContext) && c.securityContext.privileged === true,
    })),
  );
}

/** Older rows: `/namespaces/{ns}/{kind}s/{name}/containers/{c}` plus the artifact the finding is about. */
function fromResourceDetails(properties: Record<string, unknown>, additional: Record<string, unknown>): KubeContainer[] {
  const details = isObject(properties.resourceDetails) ? properties.resourceDetails : {};
  const m = /^\/namespaces\/([^/]+)\/([^/]+?)s?\/([^/]+)\/containers\/([^/]+)$/i.exec(str(details.id));
  const artifact = isObject(additional.artifactDetails) ? additional.artifactDetails : {};
  if (!m || str(artifact.registryHost) === '') return [];
  const tags = Array.isArray(artifact.tags) ? artifact.tags.filter((t): t is string => typeof t === 'string') : [];
  const ref = `${str(artifact.registryHost)}/${str(artifact.repositoryName)}`;
  const image = tags[0] ? `${ref}:${tags[0]}` : `${ref}@${str(artifact.digest)}`;
  return [{ namespace: m[1] ?? '', workloadKind: m[2] ?? '', workload: m[3] ?? '', container: m[4] ?? '', image, privileged: false }];
}

/** Every container the tenant tells of on a cluster, once each. */
export function clusterContainers(ctx: EmulatorContext, clusterId: string): KubeContainer[] {
  const seen = new Map<string, KubeContainer>();
  for (const sub of ctx.store.listByType(SUB_ASSESSMENT_TYPE, clusterId)) {
    if (!sub.id.toLowerCase().startsWith(`${clusterId.toLowerCase()}/providers/`)) continue;
    const properties = propertiesOf(sub);
    const additional = isObject(properties.additionalData) ? properties.additionalData : {};
    const found = fromContext(additional);
    for (const c of found.length > 0 ? found : fromResourceDetails(properties, additional)) {
      const key = [c.namespace, c.workload, c.container, c.image].join('|').toLowerCase();
      const prior = seen.get(key);
      seen.set(key, prior ? { ...prior, privileged: prior.privileged || c.privileged } : c);
    }
  }
  return [...seen.values()];
}

type Template = 'allowed-images' | 'no-privilege';

function templateOf(definition: ArmResource): Template | undefined {
  const rule = propertiesOf(definition).policyRule;
  const then = isObject(rule) && isObject(rule.then) ? rule.then : {};
  const details = isObject(then.details) ? then.details : {};
  const url = str(isObject(details.templateInfo) ? details.templateInfo.url : undefined).toLowerCase();
  if (url.includes('container-allowed-images')) return 'allowed-images';
  if (url.includes('container-no-privilege')) return 'no-privilege';
  return undefined;
}

export function isKubernetesDefinition(definition: ArmResource): boolean {
  return String(propertiesOf(definition).mode ?? '').toLowerCase() === 'microsoft.kubernetes.data';
}

/**
 * Whether the cluster runs the Azure Policy add-on (`addonProfiles.azurepolicy.enabled`): without it
 * nothing inside the cluster is audited and Azure records no state for it. Arc clusters carry the
 * add-on as an extension the emulator does not model; they count as having it.
 */
export function policyAddonEnabled(cluster: ArmResource): boolean {
  if (!(cluster.type ?? '').toLowerCase().startsWith('microsoft.containerservice/')) return true;
  const profiles = propertiesOf(cluster).addonProfiles;
  if (!isObject(profiles)) return false;
  const addon = Object.entries(profiles).find(([k]) => k.toLowerCase() === 'azurepolicy')?.[1];
  return isObject(addon) && addon.enabled === true;
}

/** Whether the emulator can audit this Kubernetes definition at all. */
export function canJudgeKubernetes(definition: ArmResource): boolean {
  return isKubernetesDefinition(definition) && templateOf(definition) !== undefined;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function param(parameters: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.entries(parameters).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/** `excludedImages` entries match exactly or, ending in `*`, by prefix. */
function imageExcluded(image: string, patterns: string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? image.startsWith(p.slice(0, -1)) : image === p));
}

/** The cluster's compliance under a Kubernetes policy, or undefined when it cannot be judged. */
export function judgeKubernetes(policy: AssignedPolicy, containers: readonly KubeContainer[]): KubeJudgement | undefined {
  const template = templateOf(policy.definition);
  if (!template || containers.length === 0) return undefined;
  const p = policy.parameters;
  const excludedNamespaces = strings(param(p, 'excludedNamespaces')).map((n) => n.toLowerCase());
  const namespaces = strings(param(p, 'namespaces')).map((n) => n.toLowerCase());
  const excludedContainers = strings(param(p, 'excludedContainers')).map((n) => n.toLowerCase());
  const excludedImages = strings(param(p, 'excludedImages'));
  let regex: RegExp | undefined;
  if (template === 'allowed-images') {
    const source = param(p, 'allowedContainerImagesRegex');
    // Without the regex (a required parameter) Azure would not have accepted the assignment.
    if (typeof source !== 'string') return undefined;
    try {
      regex = new RegExp(source);
    } catch {
      return undefined;
    }
  }
  const inScope = containers.filter((c) => {
    const ns = c.namespace.toLowerCase();
    if (excludedNamespaces.includes(ns) || (namespaces.length > 0 && !namespaces.includes(ns))) return false;
    return !excludedContainers.includes(c.container.toLowerCase()) && !imageExcluded(c.image, excludedImages);
  });
  if (inScope.length === 0) return undefined;
  const components = inScope.map((c): KubeComponent => {
    const violates = template === 'allowed-images' ? !(regex as RegExp).test(c.image) : c.privileged;
    return { id: `${c.namespace}/${c.workload}/${c.container}`, type: 'Container', name: c.image, complianceState: violates ? 'NonCompliant' : 'Compliant' };
  });
  return { state: components.some((c) => c.complianceState === 'NonCompliant') ? 'NonCompliant' : 'Compliant', components };
}
