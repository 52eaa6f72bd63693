import { registryOf, type EstateView } from './estate-view.js';
import { displayName } from './image-ref.js';
import { fixableOf, type ImageSummary } from './image-summary.js';
import type { RegistryPosture, Workload } from './types.js';
import { runningKeys } from './workloads.js';
import { upgradeTarget, type UpgradeTarget } from './upgrade-target.js';

/**
 * "What should we fix first": images with open criticals or highs, ranked by what makes a finding
 * likely to be used against you, in this order: an exploit in an exploit kit, a known exploit,
 * running in prod, reachable from the internet, then severity and CVSS, then whether a fix exists.
 * Each step only breaks the ties of the one before, so every row can say why it ranks where it does.
 */

/** How reachable the workloads running an image are, as far as Azure shows it. */
export type Exposure = 'public-ip' | 'public-api-server' | 'none';

export interface RankedImage {
  image: ImageSummary;
  /** A sortable key; larger is more urgent. */
  key: number[];
  fixableCritical: number;
  fixableHigh: number;
  running: Workload[];
  runsInProd: boolean;
  exposure: Exposure;
  weaknesses: string[];
  upgrade: UpgradeTarget | undefined;
  /** The reasons, in the order they weigh. */
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

function exposureOf(view: EstateView, running: readonly Workload[]): Exposure {
  if (running.some((w) => w.kind === 'aci' && w.publicIp)) return 'public-ip';
  const clusters = new Set(running.filter((w) => w.kind === 'aks').map((w) => w.resourceId.toLowerCase()));
  return view.clusters.some((c) => clusters.has(c.id.toLowerCase()) && c.publicApiServer) ? 'public-api-server' : 'none';
}

function exploitReason(image: ImageSummary): string {
  const kit = image.inExploitKit ?? 0;
  const known = image.exploited ?? 0;
  if (kit > 0) return `${plural(kit, 'finding')} with an exploit in an exploit kit`;
  if (known > 0) return `${plural(known, 'finding')} with a known exploit`;
  return 'no known exploit in the scan data';
}

function runningReason(running: readonly Workload[], prod: boolean, exposure: Exposure): string {
  if (running.length === 0) return 'not running anywhere you can read';
  const aci = running.filter((w) => w.kind === 'aci').length;
  const aks = running.filter((w) => w.kind === 'aks').length;
  const where = [aci > 0 ? `${aci} ACI` : '', aks > 0 ? `${aks} AKS` : ''].filter(Boolean).join(' + ');
  const reach =
    exposure === 'public-ip'
      ? 'reachable from the internet (public IP)'
      : exposure === 'public-api-server'
        ? "on a cluster whose API server is public without authorized IP ranges (public load balancers can't be seen without cluster access)"
        : aks > 0
          ? "no public IP seen (public load balancers can't be seen without cluster access)"
          : 'no public IP';
  return `running in ${plural(running.length, 'place')} (${where})${prod ? ' in prod' : ''}; ${reach}`;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const EXPOSURE_RANK: Readonly<Record<Exposure, number>> = { 'public-ip': 2, 'public-api-server': 1, none: 0 };

/** Images with open criticals or highs, most urgent first; ties keep the order of `images`. */
export function rankFixFirst(view: EstateView, images: readonly ImageSummary[]): RankedImage[] {
  const running = runningKeys(view, images);
  const ranked: RankedImage[] = [];
  for (const image of images) {
    const critical = image.counts[0] ?? 0;
    const high = image.counts[1] ?? 0;
    if (critical + high === 0) continue;
    const fixableCritical = fixableOf(image, 'Critical');
    const fixableHigh = fixableOf(image, 'High');
    const where = running.get(image.key) ?? [];
    const runsInProd = where.some((w) => w.environment === 'prod');
    const exposure = exposureOf(view, where);
    const weaknesses = postureWeaknesses(registryOf(view, image)?.posture);
    const key = [
      image.inExploitKit ?? 0,
      image.exploited ?? 0,
      runsInProd ? 1 : 0,
      EXPOSURE_RANK[exposure],
      where.length > 0 ? 1 : 0,
      critical,
      high,
      image.topCvss ?? 0,
      fixableCritical + fixableHigh,
      weaknesses.length,
    ];
    const upgrade = upgradeTarget(view, image);
    const fixes = fixableCritical + fixableHigh > 0
      ? `${plural(critical, 'critical')} and ${plural(high, 'high')} open, ${fixableCritical + fixableHigh} with a fix`
      : `${plural(critical, 'critical')} and ${plural(high, 'high')} open, none with a fix yet`;
    const reasons = [
      exploitReason(image),
      runningReason(where, runsInProd, exposure),
      `${fixes}${image.topCvss !== undefined ? ` (highest CVSS ${image.topCvss})` : ''}`,
      upgrade ? `move to ${displayName(upgrade.image.ref, upgrade.image.tags)}: ${upgrade.text}` : 'no newer image in this repository improves on it',
    ];
    if (weaknesses.length > 0) reasons.push(`registry: ${weaknesses.join(', ')}`);
    ranked.push({ image, key, fixableCritical, fixableHigh, running: where, runsInProd, exposure, weaknesses, upgrade, reasons });
  }
  // A stable sort: equal keys keep the order they came in (worst first when given sortedImages()).
  return ranked.sort((a, b) => compareKeys(a.key, b.key));
}

/** The ranking, said once on the card. */
export const FIX_FIRST_ORDER =
  'Ranked by: exploit in an exploit kit, then a known exploit, then running in prod, then reachable from the internet, then criticals, highs and CVSS, then whether a fix exists.';
