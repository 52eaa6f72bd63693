import { packageFamily } from '../language/index.js';
import { severityRank } from '../severity.js';
import type { EstateView } from './estate-view.js';
import type { Workload } from './types.js';
import { runningKeys } from './workloads.js';
import { compareWorst, emptyCounts, type ImageSummary, type WorstFinding } from './image-summary.js';
import type { CveSummary, CveHit } from './unit-aggregator.js';

/**
 * Questions narrowed to some findings: "log4j in prod", "npm packages with criticals", "known
 * exploited vulns". The images answer with counts of the matching findings only, so the numbers on
 * the card are the numbers of the question.
 */
export interface FindingNarrowing {
  /** Package families (`log4j`, `openssl`); any of them. */
  packages: readonly string[];
  /** Ecosystems (`javascript`, `os`); any of them. */
  ecosystems: readonly string[];
  /** `exploitable`: an exploit is published, verified or in a kit; `known-exploited`: verified or in a kit. */
  exploit?: 'exploitable' | 'known-exploited';
}

export function isNarrowed(n: FindingNarrowing): boolean {
  return n.packages.length > 0 || n.ecosystems.length > 0 || n.exploit !== undefined;
}

function exploitMatches(cve: CveSummary, wanted: FindingNarrowing['exploit']): boolean {
  if (wanted === undefined) return true;
  const e = cve.exploit;
  if (!e) return false;
  return wanted === 'known-exploited' ? e.verified || e.inExploitKit : e.published || e.verified || e.inExploitKit;
}

function hitMatches(hit: CveHit, n: FindingNarrowing): boolean {
  if (n.packages.length > 0) {
    const name = hit.packageName ?? '';
    if (!n.packages.some((p) => packageFamily(p)?.pattern.test(name) ?? name.toLowerCase().includes(p))) return false;
  }
  if (n.ecosystems.length > 0 && !n.ecosystems.includes(hit.ecosystem ?? '')) return false;
  return true;
}

const narrowedByView = new WeakMap<EstateView, Map<string, ImageSummary[]>>();

/** Every image with at least one matching open finding, its counts and worst finding from those findings only. */
export function narrowedImages(view: EstateView, n: FindingNarrowing): ImageSummary[] {
  const key = JSON.stringify([n.packages, n.ecosystems, n.exploit ?? '']);
  let cached = narrowedByView.get(view);
  const hit = cached?.get(key);
  if (hit) return hit;
  const byImage = new Map<number, { counts: number[]; fixable: number[]; worst: WorstFinding | undefined }>();
  for (const cve of view.cves.values()) {
    if (!exploitMatches(cve, n.exploit)) continue;
    const rank = severityRank(cve.severity);
    const counted = new Set<number>();
    for (const h of cve.hits) {
      if (counted.has(h.image) || !hitMatches(h, n)) continue;
      counted.add(h.image);
      let entry = byImage.get(h.image);
      if (!entry) byImage.set(h.image, (entry = { counts: emptyCounts(), fixable: emptyCounts(), worst: undefined }));
      entry.counts[rank] = (entry.counts[rank] ?? 0) + 1;
      if (h.fixable) entry.fixable[rank] = (entry.fixable[rank] ?? 0) + 1;
      const finding: WorstFinding = { id: cve.id, title: cve.title, severity: cve.severity, cvss: cve.cvss, packageName: h.packageName, installedVersion: undefined, fixedVersion: h.fixedVersion, fixable: h.fixable };
      if (!entry.worst || compareWorst(finding, entry.worst) < 0) entry.worst = finding;
    }
  }
  const images: ImageSummary[] = [];
  for (const [index, entry] of byImage) {
    const image = view.images[index];
    if (image) images.push({ ...image, ...entry });
  }
  if (!cached) narrowedByView.set(view, (cached = new Map()));
  cached.set(key, images);
  return images;
}

/**
 * Images that run somewhere, or run somewhere reachable from the internet (an ACI group with a public
 * IP: AKS exposure needs cluster access ShipShape does not have), with those places.
 */
export function placedImages(
  view: EstateView,
  images: readonly ImageSummary[],
  wanted: { running: boolean; internetFacing: boolean },
): { images: ImageSummary[]; where: Map<string, Workload[]> } {
  const where = runningKeys(view, images);
  if (wanted.internetFacing) {
    for (const [key, places] of where) {
      const exposed = places.filter((w) => w.publicIp === true);
      if (exposed.length > 0) where.set(key, exposed);
      else where.delete(key);
    }
  }
  if (!wanted.running && !wanted.internetFacing) return { images: [...images], where };
  return { images: images.filter((i) => where.has(i.key)), where };
}
