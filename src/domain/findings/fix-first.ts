import { displayName } from './image-ref.js';
import { fixableOf, type ImageSummary } from './image-summary.js';
import type { EstateView } from './estate-view.js';
import { inPlace, sortedImages, type ImageQuery } from './image-query.js';
import { rankByRisk, RISK_ORDER, type Exposure, type ImageRisk } from './risk-rank.js';
import type { Workload } from './types.js';
import { upgradeTarget, type UpgradeTarget } from './upgrade-target.js';

/**
 * "What should we fix first": images with open criticals or highs, in the one risk order
 * ({@link rankByRisk}), each with the reasons in full and the image to move to.
 */

export interface RankedImage {
  image: ImageSummary;
  /** A sortable key; larger is more urgent. */
  key: number[];
  risk: ImageRisk;
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

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function exploitReason(risk: ImageRisk): string {
  if (risk.inExploitKit > 0) return `${plural(risk.inExploitKit, 'finding')} with an exploit in an exploit kit`;
  if (risk.exploited > 0) return `${plural(risk.exploited, 'finding')} with a known exploit`;
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

/** Images with open criticals or highs, most urgent first; ties keep the order of `images`. */
export function rankFixFirst(view: EstateView, images: readonly ImageSummary[]): RankedImage[] {
  const urgent = images.filter((image) => (image.counts[0] ?? 0) + (image.counts[1] ?? 0) > 0);
  return rankByRisk(view, urgent).map((risk): RankedImage => {
    const { image, running: where, runsInProd, exposure, weaknesses } = risk;
    const critical = image.counts[0] ?? 0;
    const high = image.counts[1] ?? 0;
    const fixableCritical = fixableOf(image, 'Critical');
    const fixableHigh = fixableOf(image, 'High');
    const upgrade = upgradeTarget(view, image);
    const fixes = fixableCritical + fixableHigh > 0
      ? `${plural(critical, 'critical')} and ${plural(high, 'high')} open, ${fixableCritical + fixableHigh} with a fix`
      : `${plural(critical, 'critical')} and ${plural(high, 'high')} open, none with a fix yet`;
    const reasons = [
      exploitReason(risk),
      runningReason(where, runsInProd, exposure),
      `${fixes}${image.topCvss !== undefined ? ` (highest CVSS ${image.topCvss})` : ''}`,
      upgrade ? `move to ${displayName(upgrade.image.ref, upgrade.image.tags)}: ${upgrade.text}` : 'no newer image in this repository improves on it',
    ];
    if (weaknesses.length > 0) reasons.push(`registry: ${weaknesses.join(', ')}`);
    return { image, key: risk.key, risk, fixableCritical, fixableHigh, running: where, runsInProd, exposure, weaknesses, upgrade, reasons };
  });
}

/** Fix-first for a question's place (environments, registry, repository): what the card and the digest's top list. */
export function fixFirstIn(view: EstateView, query: ImageQuery): RankedImage[] {
  return rankFixFirst(view, sortedImages(view).filter((image) => inPlace(view, image, query)));
}

/** The ranking, said once on the card. */
export const FIX_FIRST_ORDER = RISK_ORDER;
