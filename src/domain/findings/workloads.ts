import type { EstateView } from './estate-view.js';
import { runsImage } from './image-ref.js';
import type { ImageSummary } from './image-summary.js';
import type { Workload } from './types.js';

/**
 * Where an image runs: ACI containers whose image reference points at it (by digest, or by a tag the
 * image carries), and AKS workloads the running-image scan reports it in.
 */
export function workloadsOf(view: EstateView, image: ImageSummary): Workload[] {
  return view.workloads.filter((w) => {
    if (w.kind === 'aks') return w.imageKey === image.key;
    return w.deployed !== undefined && runsImage(w.deployed, image.ref, image.tags);
  });
}

/** Image keys that run somewhere, for ranking many images at once. */
export function runningKeys(view: EstateView, images: readonly ImageSummary[]): Map<string, Workload[]> {
  const byRepo = new Map<string, ImageSummary[]>();
  for (const image of images) {
    const repo = `${image.ref.registryHost}/${image.ref.repository.toLowerCase()}`;
    const same = byRepo.get(repo);
    if (same) same.push(image);
    else byRepo.set(repo, [image]);
  }
  const found = new Map<string, Workload[]>();
  const add = (key: string, w: Workload): void => {
    const list = found.get(key);
    if (list) list.push(w);
    else found.set(key, [w]);
  };
  for (const w of view.workloads) {
    if (w.kind === 'aks' && w.imageKey) {
      add(w.imageKey, w);
      continue;
    }
    if (!w.deployed) continue;
    for (const image of byRepo.get(`${w.deployed.registryHost}/${w.deployed.repository}`) ?? []) {
      if (runsImage(w.deployed, image.ref, image.tags)) add(image.key, w);
    }
  }
  return found;
}

/** "ACI aci-payments-api (api)", "AKS aks-contoso-prod (payments/Deployment/payments-api/api)". */
export function describeWorkload(w: Workload): string {
  return `${w.kind === 'aci' ? 'ACI' : 'AKS'} ${w.name} (${w.detail})`;
}
