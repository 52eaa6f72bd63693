import type { EstateView } from './estate-view.js';
import type { ImageSummary } from './image-summary.js';
import type { RegistryPosture, Workload } from './types.js';
import { runningKeys } from './workloads.js';

/**
 * The one order every list of images is given in: fix-first, findings lists and the digest's top.
 * What makes a finding likely to be used against you comes first: an exploit in an exploit kit, a
 * known exploit, running in prod, reachable from the internet, running at all; then criticals,
 * highs and CVSS; then whether a fix exists. Each step only breaks the ties of the one before, so
 * a row can say in a few words why it ranks where it does. Equal keys keep the order they came in,
 * which for the estate's lists is most criticals, then highs, then names.
 */

/** How reachable the workloads running an image are, as far as Azure shows it. */
export type Exposure = 'public-ip' | 'public-api-server' | 'none';

export interface ImageRisk {
  image: ImageSummary;
  /** A sortable key; larger is more urgent. */
  key: number[];
  running: Workload[];
  runsInProd: boolean;
  exposure: Exposure;
  weaknesses: string[];
  /** Findings with an exploit in a kit, and with any known exploit, among those the list is about. */
  inExploitKit: number;
  exploited: number;
}

/**
 * What the scan knows of exploits among the findings a list is about. By default the image's own
 * counts; a list about one CVE passes that CVE's exploit data instead.
 */
export type ExploitCounts = (image: ImageSummary) => { inExploitKit: number; exploited: number };

const imageExploits: ExploitCounts = (image) => ({ inExploitKit: image.inExploitKit ?? 0, exploited: image.exploited ?? 0 });

export function postureWeaknesses(posture: RegistryPosture | undefined): string[] {
  if (!posture) return [];
  const out: string[] = [];
  if (posture.publicNetworkAccess) out.push('public network access');
  if (posture.adminUserEnabled) out.push('admin user on');
  if (posture.anonymousPullEnabled) out.push('anonymous pull on');
  return out;
}

const EXPOSURE_RANK: Readonly<Record<Exposure, number>> = { 'public-ip': 2, 'public-api-server': 1, none: 0 };

const cap = (n: number): number => Math.min(Math.max(Math.round(n), 0), 999);

/**
 * The key packed into two numbers that order the same way (counts capped at 999, CVSS to one
 * decimal): lists run to tens of thousands of images, and comparing arrays per pair is slow.
 */
function packed(key: readonly number[]): [number, number] {
  const [kit = 0, known = 0, prod = 0, exposure = 0, running = 0, critical = 0, high = 0, cvss = 0, fixable = 0, weak = 0] = key;
  const first = (((cap(kit) * 1000 + cap(known)) * 2 + prod) * 3 + exposure) * 2 + running;
  const second = (((cap(critical) * 1000 + cap(high)) * 101 + cap(cvss * 10)) * 1000 + cap(fixable)) * 4 + Math.min(weak, 3);
  return [first, second];
}

/** `images` most urgent first, each with what put it there; ties keep the order of `images`. */
export function rankByRisk(view: EstateView, images: readonly ImageSummary[], exploits: ExploitCounts = imageExploits): ImageRisk[] {
  const running = runningKeys(view, images);
  // Looked up once per answer: lists run to tens of thousands of images across hundreds of registries.
  const publicClusters = new Set(view.clusters.filter((c) => c.publicApiServer).map((c) => c.id.toLowerCase()));
  const weakById = new Map(view.registries.map((r) => [r.id.toLowerCase(), postureWeaknesses(r.posture)]));
  const weakByHost = new Map(view.registries.map((r) => [r.loginServer.toLowerCase(), postureWeaknesses(r.posture)]));
  const none: Workload[] = [];
  const ranked = images.map((image): ImageRisk => {
    const where = running.get(image.key) ?? none;
    const runsInProd = where.some((w) => w.environment === 'prod');
    const exposure: Exposure = where.some((w) => w.kind === 'aci' && w.publicIp)
      ? 'public-ip'
      : where.some((w) => w.kind === 'aks' && publicClusters.has(w.resourceId.toLowerCase()))
        ? 'public-api-server'
        : 'none';
    const weaknesses = (image.registryId ? weakById.get(image.registryId.toLowerCase()) : weakByHost.get(image.ref.registryHost)) ?? [];
    const { inExploitKit, exploited } = exploits(image);
    const critical = image.counts[0] ?? 0;
    const high = image.counts[1] ?? 0;
    const key = [
      inExploitKit,
      exploited,
      runsInProd ? 1 : 0,
      EXPOSURE_RANK[exposure],
      where.length > 0 ? 1 : 0,
      critical,
      high,
      image.topCvss ?? 0,
      (image.fixable[0] ?? 0) + (image.fixable[1] ?? 0),
      weaknesses.length,
    ];
    return { image, key, running: where, runsInProd, exposure, weaknesses, inExploitKit, exploited };
  });
  // Decorated with the packed key and the incoming position: a stable order without array compares.
  const decorated = ranked.map((risk, at) => ({ risk, at, p: packed(risk.key) }));
  decorated.sort((a, b) => b.p[0] - a.p[0] || b.p[1] - a.p[1] || a.at - b.at);
  return decorated.map((d) => d.risk);
}

/** `images` in risk order, for lists that need only the order. */
export function byRisk(view: EstateView, images: readonly ImageSummary[], exploits?: ExploitCounts): ImageSummary[] {
  return rankByRisk(view, images, exploits).map((r) => r.image);
}

/** Where the image runs, in the fewest words: "runs in prod", "runs in dev and test". */
function runsText(running: readonly Workload[]): string {
  const environments = [...new Set(running.map((w) => w.environment).filter((e) => e !== undefined))].sort();
  if (environments.includes('prod')) return 'runs in prod';
  return environments.length > 0 ? `runs in ${environments.join(' and ')}` : 'runs (no environment tag)';
}

/** Why a row ranks where it does, short enough for a phone: "exploit in a kit · runs in prod · public IP · CVSS 9.8". */
export function riskReason(risk: ImageRisk, options: { cvss?: boolean } = {}): string {
  const parts: string[] = [];
  if (risk.inExploitKit > 0) parts.push('exploit in a kit');
  else if (risk.exploited > 0) parts.push('known exploit');
  else parts.push('no known exploit');
  parts.push(risk.running.length > 0 ? runsText(risk.running) : 'not seen running');
  if (risk.exposure === 'public-ip') parts.push('public IP');
  else if (risk.exposure === 'public-api-server') parts.push('public API server');
  if (options.cvss !== false && risk.image.topCvss !== undefined) parts.push(`CVSS ${risk.image.topCvss}`);
  return parts.join(' · ');
}

/** The ranking, said once on a card. */
export const RISK_ORDER =
  'Ranked by: exploit in an exploit kit, then a known exploit, then running in prod, then reachable from the internet, then criticals, highs and CVSS, then whether a fix exists.';
