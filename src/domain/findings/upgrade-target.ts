import type { EstateView } from './estate-view.js';
import type { ImageSummary } from './image-summary.js';

/**
 * The image to move to: the newest image in the same repository (same registry) pushed after this
 * one whose open findings are a strict improvement. One without open criticals or highs wins when
 * there is one; otherwise the newest with fewer criticals (or as many criticals and fewer highs).
 */
export interface UpgradeTarget {
  image: ImageSummary;
  /** "0 critical, 0 high, 2 medium open". */
  text: string;
}

function better(candidate: ImageSummary, image: ImageSummary): boolean {
  const [c1 = 0, h1 = 0] = candidate.counts;
  const [c0 = 0, h0 = 0] = image.counts;
  return c1 < c0 || (c1 === c0 && h1 < h0);
}

const byRepository = new WeakMap<EstateView, Map<string, ImageSummary[]>>();

function repositoryOf(image: ImageSummary): string {
  return `${image.ref.registryHost}/${image.ref.repository.toLowerCase()}`;
}

function sameRepository(view: EstateView, image: ImageSummary): ImageSummary[] {
  let index = byRepository.get(view);
  if (!index) {
    index = new Map();
    for (const i of view.images) {
      const repo = repositoryOf(i);
      index.set(repo, [...(index.get(repo) ?? []), i]);
    }
    byRepository.set(view, index);
  }
  return index.get(repositoryOf(image)) ?? [];
}

export function upgradeTarget(view: EstateView, image: ImageSummary): UpgradeTarget | undefined {
  const pushed = image.lastPushed ?? '';
  const newer = sameRepository(view, image)
    .filter((i) => i.key !== image.key && (i.lastPushed ?? '') > pushed && better(i, image))
    .sort((a, b) => ((b.lastPushed ?? '') > (a.lastPushed ?? '') ? 1 : (b.lastPushed ?? '') < (a.lastPushed ?? '') ? -1 : 0));
  const clean = newer.find((i) => (i.counts[0] ?? 0) + (i.counts[1] ?? 0) === 0);
  const target = clean ?? newer[0];
  if (!target) return undefined;
  const [c = 0, h = 0, m = 0, l = 0] = target.counts;
  const rest = [m > 0 ? `${m} medium` : '', l > 0 ? `${l} low` : ''].filter(Boolean).join(', ');
  return { image: target, text: `${c} critical, ${h} high${rest ? `, ${rest}` : ''} open` };
}
