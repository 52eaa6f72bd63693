import { registryOf, type EstateView } from './estate-view.js';
import { fixableOf, type ImageSummary } from './image-summary.js';
import type { RegistryPosture, Workload } from './types.js';
import { runningKeys } from './workloads.js';

/**
 * "What should we fix first": open fixable criticals and highs, weighed by whether the image runs
 * and by how exposed its registry is. The weights are few and stated on the card, so every row can
 * say why it ranks where it does.
 */
export const FIX_FIRST_WEIGHTS = {
  fixableCritical: 10,
  fixableHigh: 3,
  /** A running image is exposed now; one sitting in a registry is not yet. */
  runningFactor: 2,
  /** Per registry weakness: public network access, admin user, anonymous pull. */
  postureWeakness: 2,
} as const;

export interface RankedImage {
  image: ImageSummary;
  score: number;
  fixableCritical: number;
  fixableHigh: number;
  running: Workload[];
  weaknesses: string[];
  /** The reasons, in the order they weigh: what to fix, whether it runs, the registry's posture. */
  reasons: string[];
}

export function postureWeaknesses(posture: RegistryPosture | undefined): string[] {
  if (!posture) return [];
  const out: string[] = [];
  if (posture.publicNetworkAccess) out.push('public network access');
  if (posture.adminUserEnabled) out.push('admin user on');
  if (posture.anonymousPullEnabled) out.push('anonymous pull on');
  return out;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function runningReason(running: readonly Workload[]): string {
  if (running.length === 0) return 'not running anywhere you can read';
  const aci = running.filter((w) => w.kind === 'aci').length;
  const aks = running.filter((w) => w.kind === 'aks').length;
  const where = [aci > 0 ? `${aci} ACI` : '', aks > 0 ? `${aks} AKS` : ''].filter(Boolean).join(' + ');
  return `running in ${plural(running.length, 'place')} (${where}) ×${FIX_FIRST_WEIGHTS.runningFactor}`;
}

/** Images with something fixable at Critical or High, best first; ties keep the order of `images`. */
export function rankFixFirst(view: EstateView, images: readonly ImageSummary[]): RankedImage[] {
  const running = runningKeys(view, images);
  const w = FIX_FIRST_WEIGHTS;
  const ranked: RankedImage[] = [];
  for (const image of images) {
    const fixableCritical = fixableOf(image, 'Critical');
    const fixableHigh = fixableOf(image, 'High');
    const base = w.fixableCritical * fixableCritical + w.fixableHigh * fixableHigh;
    if (base === 0) continue;
    const where = running.get(image.key) ?? [];
    const registry = registryOf(view, image);
    const weaknesses = postureWeaknesses(registry?.posture);
    const score = base * (where.length > 0 ? w.runningFactor : 1) + w.postureWeakness * weaknesses.length;
    const fixes = [
      fixableCritical > 0 ? `${plural(fixableCritical, 'fixable critical')} (×${w.fixableCritical})` : '',
      fixableHigh > 0 ? `${plural(fixableHigh, 'fixable high')} (×${w.fixableHigh})` : '',
    ].filter(Boolean).join(', ');
    const posture = registry
      ? weaknesses.length > 0
        ? `registry ${registry.name}: ${weaknesses.join(', ')} (+${w.postureWeakness * weaknesses.length})`
        : `registry ${registry.name} is locked down`
      : 'registry not readable';
    ranked.push({ image, score, fixableCritical, fixableHigh, running: where, weaknesses, reasons: [fixes, runningReason(where), posture] });
  }
  // A stable sort: equal scores keep the order they came in (worst first when given sortedImages()).
  return ranked.sort((a, b) => b.score - a.score);
}
