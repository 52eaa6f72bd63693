import { isObject } from './policy-fields.js';
import type { ResourcePreview } from './policy-preview.js';

/**
 * Kubernetes built-ins (mode `Microsoft.Kubernetes.Data`) judge pods inside each cluster through the
 * Azure Policy add-on. ARM shows whether the add-on is on; which containers run comes from what
 * Defender reports about running images (their Kubernetes context). The preview judges exactly those
 * containers with the definition's own template values, as the compliance answer will: a cluster
 * without the add-on reports nothing, nor does one whose running containers nobody reports.
 */

export interface RunningContainer {
  namespace: string;
  workload: string;
  container: string;
  image: string;
  /** Only when the running data says so; Defender's data usually does not carry it. */
  privileged: boolean;
}

export interface ClusterView {
  id: string;
  name: string;
  /** `addonProfiles.azurepolicy.enabled`. */
  policyAddon: boolean;
  containers: readonly RunningContainer[];
}

type Template = 'allowed-images' | 'no-privilege';

/** Which Gatekeeper template the definition installs, by its template URL. */
export function kubernetesTemplate(policyRule: unknown): Template | undefined {
  const then = isObject(policyRule) && isObject(policyRule.then) ? policyRule.then : {};
  const details = isObject(then.details) ? then.details : {};
  const info = isObject(details.templateInfo) ? details.templateInfo : {};
  const url = typeof info.url === 'string' ? info.url.toLowerCase() : '';
  if (url.includes('container-allowed-images')) return 'allowed-images';
  if (url.includes('container-no-privilege')) return 'no-privilege';
  return undefined;
}

function param(parameters: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.entries(parameters).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `excludedImages` entries match exactly or, ending in `*`, by prefix. */
function imageExcluded(image: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? image.startsWith(p.slice(0, -1)) : image === p));
}

/** Digests shortened for reading, as everywhere in cards. */
function shortImage(image: string): string {
  return image.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{20,}/i, '@sha256:$1…');
}

const ADDON_OFF = 'the Azure Policy add-on is off, so this assignment reports nothing for it until the add-on is enabled';
const NOTHING_SEEN = 'no running container in scope is visible through Defender, so nothing is judged yet';

/** Per cluster: what the assignment would report, from the parameters in effect (defaults included). */
export function previewClusters(template: Template, parameters: Readonly<Record<string, unknown>>, clusters: readonly ClusterView[]): ResourcePreview[] {
  const excludedNamespaces = strings(param(parameters, 'excludedNamespaces')).map((n) => n.toLowerCase());
  const namespaces = strings(param(parameters, 'namespaces')).map((n) => n.toLowerCase());
  const excludedContainers = strings(param(parameters, 'excludedContainers')).map((n) => n.toLowerCase());
  const excludedImages = strings(param(parameters, 'excludedImages'));
  let regex: RegExp | undefined;
  if (template === 'allowed-images') {
    const source = param(parameters, 'allowedContainerImagesRegex');
    try {
      regex = typeof source === 'string' ? new RegExp(source) : undefined;
    } catch {
      regex = undefined;
    }
  }
  return clusters.map((cluster): ResourcePreview => {
    const base = { id: cluster.id, name: cluster.name };
    if (!cluster.policyAddon) return { ...base, outcome: 'not-reported', why: ADDON_OFF, blocked: 'needs the Azure Policy add-on enabled on the cluster' };
    if (template === 'allowed-images' && !regex) return { ...base, outcome: 'not-reported', why: 'allowedContainerImagesRegex is not a regular expression the add-on can use' };
    const inScope = cluster.containers.filter((c) => {
      const ns = c.namespace.toLowerCase();
      if (excludedNamespaces.includes(ns) || (namespaces.length > 0 && !namespaces.includes(ns))) return false;
      return !excludedContainers.includes(c.container.toLowerCase()) && !imageExcluded(c.image, excludedImages);
    });
    if (inScope.length === 0) return { ...base, outcome: 'not-reported', why: NOTHING_SEEN };
    const failing = inScope.filter((c) => (template === 'allowed-images' ? !(regex as RegExp).test(c.image) : c.privileged));
    const list = failing.slice(0, 3).map((c) => `${c.namespace}/${c.workload}/${c.container}${template === 'allowed-images' ? ` runs ${shortImage(c.image)}` : ' is privileged'}`);
    const more = failing.length > 3 ? ` and ${failing.length - 3} more` : '';
    const checked = `${inScope.length} running container${inScope.length === 1 ? '' : 's'} judged`;
    return failing.length > 0
      ? { ...base, outcome: 'non-compliant', why: `${list.join('; ')}${more} (${checked})` }
      : { ...base, outcome: 'compliant', why: template === 'no-privilege' ? `${checked}; privileged flags are known only where Defender reports them` : checked };
  });
}
