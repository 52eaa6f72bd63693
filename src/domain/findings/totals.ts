import { SEVERITIES, type Severity } from '../severity.js';
import type { EstateView } from './estate-view.js';
import { inPlace, sortedImages, type ImageQuery } from './image-query.js';
import type { ImageSummary } from './image-summary.js';

/**
 * The numbers every answer about a scope shares. One definition, used by every card and digest:
 * an open finding is one open sub-assessment (one vulnerability in one image), counted at the
 * severity the scan gives it, once per image even when a cluster reports it too; "fixable" is an
 * open finding with a fixed version known; the scope is the asked environments and registry,
 * whatever severities or fixability the question then lists. A card listing only criticals still
 * shows the scope's totals, so "critical findings in prod" and "high findings in prod" agree.
 */
export interface ScopeTotals {
  /** Images in scope with at least one open finding. */
  images: number;
  /** Open findings per severity, in {@link SEVERITIES} order. */
  counts: number[];
  /** Fixable open findings per severity. */
  fixable: number[];
  /** Images with at least one open finding of each severity. */
  imagesWith: number[];
}

/** The part of a question that decides scope: where, never which severities. */
export function scopeQuery(query: ImageQuery): ImageQuery {
  return { ...query, severities: [], fixableOnly: false, cve: undefined, olderThanDays: undefined };
}

export function totalsOf(images: readonly ImageSummary[]): ScopeTotals {
  const totals: ScopeTotals = { images: 0, counts: SEVERITIES.map(() => 0), fixable: SEVERITIES.map(() => 0), imagesWith: SEVERITIES.map(() => 0) };
  for (const image of images) {
    let open = 0;
    for (let i = 0; i < SEVERITIES.length; i++) {
      const n = image.counts[i] ?? 0;
      open += n;
      totals.counts[i] = (totals.counts[i] ?? 0) + n;
      totals.fixable[i] = (totals.fixable[i] ?? 0) + (image.fixable[i] ?? 0);
      if (n > 0) totals.imagesWith[i] = (totals.imagesWith[i] ?? 0) + 1;
    }
    if (open > 0) totals.images++;
  }
  return totals;
}

/** The totals of the asked scope: every image in place, whatever the question then filters. */
export function scopeTotals(view: EstateView, query: ImageQuery): ScopeTotals {
  const scope = scopeQuery(query);
  return totalsOf(sortedImages(view).filter((image) => inPlace(view, image, scope)));
}

export function totalAt(totals: ScopeTotals, severity: Severity): number {
  return totals.counts[SEVERITIES.indexOf(severity)] ?? 0;
}

export function fixableAt(totals: ScopeTotals, severity: Severity): number {
  return totals.fixable[SEVERITIES.indexOf(severity)] ?? 0;
}

/**
 * Names each open finding once, as {@link ScopeTotals} counts them: one per vulnerability and package
 * in an image (Defender reports a CVE found in two packages as two sub-assessments), the same name
 * however many scans (registry, each cluster running it) report it. The first package seen for a
 * vulnerability in an image is named without it, so names kept from before packages counted stay valid.
 */
export class FindingNames {
  private readonly packages = new Map<string, string[]>();

  name(image: string, id: string, packageName: string | undefined): string[] {
    const key = `${image.toLowerCase()}|${id}`;
    const pkg = packageName ?? '';
    const known = this.packages.get(key);
    if (!known) {
      this.packages.set(key, [pkg]);
      return [image, id];
    }
    const at = known.indexOf(pkg);
    if (at === 0) return [image, id];
    if (at < 0) known.push(pkg);
    return [image, id, pkg];
  }
}
