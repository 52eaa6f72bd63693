import type { ClusterPlacement, ImageSummary } from './image-summary.js';
import type { CveSummary } from './unit-aggregator.js';
import type { ClusterInfo, MissingPart, RegistryInfo, ScanScope, SubscriptionInfo, Workload } from './types.js';

/**
 * What one user can see of the estate at one moment: the answer every findings question is
 * computed from. Partial views name what they are missing.
 */
export interface EstateView {
  scope: ScanScope;
  /** True when every subscription and unit in scope finished (successfully or not). */
  complete: boolean;
  /** Epoch ms the scan began and this view was taken. */
  startedAt: number;
  takenAt: number;
  tenantId: string | undefined;
  /** False while the subscriptions the user can read are still being listed (nothing is known yet). */
  listed: boolean;
  subscriptions: readonly SubscriptionInfo[];
  /** Registries in scope, whatever their scan state. */
  registries: readonly RegistryInfo[];
  clusters: readonly ClusterInfo[];
  /** Images seen in registry scans, then images known only from clusters. */
  images: readonly ImageSummary[];
  cves: ReadonlyMap<string, CveSummary>;
  /** Running-image placements by image key. */
  placements: ReadonlyMap<string, readonly ClusterPlacement[]>;
  /** ACI containers and AKS placements. */
  workloads: readonly Workload[];
  missing: readonly MissingPart[];
  /** The newest scan time among open findings, for "Defender scan 3 h ago". */
  lastScan: string | undefined;
  /** Open findings left out because a suppression covers them. */
  hidden: number;
  /** Login servers of every registry the user can read (any environment), when the source says. */
  readableHosts?: ReadonlySet<string>;
}

/** Images in the view by key (built on demand; views are read a handful of times). */
export function imageByKey(view: EstateView, key: string): ImageSummary | undefined {
  const wanted = key.toLowerCase();
  return view.images.find((i) => i.key === wanted);
}

export function registryOf(view: EstateView, image: ImageSummary): RegistryInfo | undefined {
  const id = image.registryId?.toLowerCase();
  if (id) return view.registries.find((r) => r.id.toLowerCase() === id);
  return view.registries.find((r) => r.loginServer.toLowerCase() === image.ref.registryHost);
}

export function subscriptionName(view: EstateView, subscriptionId: string): string {
  const sub = view.subscriptions.find((s) => s.id.toLowerCase() === subscriptionId.toLowerCase());
  return sub?.name ?? subscriptionId;
}

/** Subscriptions still being read when the view was taken. */
export function loadingSubscriptions(view: EstateView): string[] {
  const ids = new Set(view.missing.filter((m) => m.state === 'loading').map((m) => m.subscriptionId.toLowerCase()));
  return view.subscriptions.filter((s) => ids.has(s.id.toLowerCase())).map((s) => s.name);
}
