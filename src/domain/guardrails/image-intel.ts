import { countOf, displayName, imageByKey, runsImage, type EstateView, type ImageSummary } from '../findings/index.js';
import { imageOf } from './approved-registries.js';

/**
 * What Defender knows about the images that run, joined from the findings answer: open critical and
 * high findings, and when each image was last pushed. Images Defender never reported on are unknown,
 * not clean.
 */
export interface ImageFacts {
  /** `payments/api:1.4.2` for people. */
  name: string;
  critical: number;
  high: number;
  lastPushed: string | undefined;
}

export interface ImageIntel {
  /** False when findings could not be read at all. */
  readonly available: boolean;
  /** False when the findings answer was partial. */
  readonly complete: boolean;
  /** When Defender last scanned (for "Defender scan 2 h ago"). */
  readonly lastScan: string | undefined;
  /** The image an ACI container runs, as Defender knows it. */
  forReference(reference: string): ImageFacts | undefined;
  /** Images the running-image scan reports on an AKS cluster. */
  forCluster(clusterId: string): ImageFacts[];
}

function factsOf(image: ImageSummary): ImageFacts {
  return { name: displayName(image.ref, image.tags), critical: countOf(image, 'Critical'), high: countOf(image, 'High'), lastPushed: image.lastPushed };
}

/** Most open critical and high findings first: when a reference matches several images, the worst one speaks. */
function worse(a: ImageFacts, b: ImageFacts): ImageFacts {
  return b.critical > a.critical || (b.critical === a.critical && b.high > a.high) ? b : a;
}

export function imageIntelFromView(view: EstateView): ImageIntel {
  const byRepo = new Map<string, ImageSummary[]>();
  for (const image of view.images) {
    const repo = `${image.ref.registryHost.toLowerCase()}/${image.ref.repository.toLowerCase()}`;
    byRepo.set(repo, [...(byRepo.get(repo) ?? []), image]);
  }
  return {
    available: true,
    complete: view.complete,
    lastScan: view.lastScan,
    forReference(reference) {
      const deployed = imageOf(reference);
      if (!deployed) return undefined;
      const matches = (byRepo.get(`${deployed.registryHost}/${deployed.repository}`) ?? []).filter((i) => runsImage(deployed, i.ref, i.tags));
      return matches.map(factsOf).reduce<ImageFacts | undefined>((worst, f) => (worst ? worse(worst, f) : f), undefined);
    },
    forCluster(clusterId) {
      const id = clusterId.toLowerCase();
      const keys = new Set(view.workloads.filter((w) => w.kind === 'aks' && w.resourceId.toLowerCase() === id && w.imageKey).map((w) => w.imageKey as string));
      return [...keys].map((k) => imageByKey(view, k)).filter((i): i is ImageSummary => i !== undefined).map(factsOf);
    },
  };
}

/** When findings could not be read: every image is unknown. */
export const NO_IMAGE_INTEL: ImageIntel = {
  available: false,
  complete: false,
  lastScan: undefined,
  forReference: () => undefined,
  forCluster: () => [],
};

/** Whole days since an ISO time, or undefined when unknown. */
export function ageInDays(iso: string | undefined, now: Date): number | undefined {
  if (!iso) return undefined;
  const ms = now.getTime() - Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 86_400_000) : undefined;
}
