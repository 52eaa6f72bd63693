import type { Environment } from '../environment.js';
import type { Entities } from '../language/index.js';
import { SEVERITIES, severityRank, type Severity } from '../severity.js';
import { registryOf, type EstateView } from './estate-view.js';
import { registryNameOfHost } from './image-ref.js';
import { isNarrowed, narrowedImages, placedImages, type FindingNarrowing } from './finding-filter.js';
import { countOf, fixableOf, type ImageSummary } from './image-summary.js';
import type { ScanScope } from './types.js';

/** What a question asks of the images, read from the parser's entities. */
export interface ImageQuery {
  /** Empty: every environment. */
  environments: readonly Environment[];
  /** Empty: any severity. */
  severities: readonly Severity[];
  fixableOnly: boolean;
  registry?: string;
  repository?: string;
  tag?: string;
  /** A digest or a prefix of one (at least 6 hex digits). */
  digest?: string;
  cve?: string;
  /** Every CVE asked about, when more than one. */
  cves?: string[];
  /** Images last pushed longer ago than this. */
  olderThanDays?: number;
  /** Only images that run somewhere / run with a public IP. */
  running?: boolean;
  internetFacing?: boolean;
  /** Only findings in these packages, ecosystems, or with exploit data. */
  narrowing?: FindingNarrowing;
}

export function queryFromEntities(entities: Entities, words: readonly string[]): ImageQuery {
  const query: ImageQuery = {
    environments: [...entities.environments],
    severities: [...entities.severities],
    fixableOnly: words.some((w) => ['fixable', 'patchable', 'fixed', 'patch'].includes(w)) && !words.includes('unfixed'),
    narrowing: narrowingOf(entities),
  };
  if (entities.conditions.includes('running')) query.running = true;
  if (entities.conditions.includes('internet-facing')) query.internetFacing = true;
  if (entities.conditions.includes('fixable')) query.fixableOnly = true;
  if (entities.registry) query.registry = entities.registry.toLowerCase();
  if (entities.repository) query.repository = entities.repository.toLowerCase();
  if (entities.tag) query.tag = entities.tag;
  if (entities.digest) query.digest = entities.digest.toLowerCase();
  if (entities.cves[0]) query.cve = entities.cves[0].toUpperCase();
  // A nickname can stand for several CVEs (Leaky Vessels is four).
  if (entities.cves.length > 1) query.cves = entities.cves.map((c) => c.toUpperCase());
  // "not updated in 6 months", "not rebuilt for a year": the span is how old the image is.
  const untouched = words.some((w) => UNTOUCHED.includes(w)) ? entities.durations.find((d) => d.relation === 'for') : undefined;
  const older = entities.durations.find((d) => d.relation === 'older-than') ?? untouched;
  if (older) query.olderThanDays = Math.max(0, Math.round(older.hours / 24));
  return query;
}

function narrowingOf(entities: Entities): FindingNarrowing {
  const exploit = entities.conditions.find((c): c is 'exploitable' | 'known-exploited' => c === 'exploitable' || c === 'known-exploited');
  return { packages: [...entities.packages], ecosystems: [...entities.ecosystems], ...(exploit ? { exploit } : {}) };
}

/** Words that, with a span ("in 6 months"), ask for images older than it. */
export const UNTOUCHED: readonly string[] = ['updated', 'update', 'rebuilt', 'rebuild', 'pushed', 'push', 'refreshed', 'patched'];

/** The part of the estate the question needs read: its environments and registry, never more. */
export function scopeOfQuery(query: ImageQuery): ScanScope {
  const environments = [...new Set(query.environments)].sort();
  return query.registry ? { environments, registry: query.registry } : { environments };
}

/** Severities the answer counts: the ones asked about, else all. */
export function shownSeverities(query: ImageQuery): readonly Severity[] {
  return query.severities.length > 0 ? query.severities : SEVERITIES;
}

export function openIn(image: ImageSummary, severities: readonly Severity[]): number {
  return severities.reduce((n, s) => n + countOf(image, s), 0);
}

export function fixableIn(image: ImageSummary, severities: readonly Severity[]): number {
  return severities.reduce((n, s) => n + fixableOf(image, s), 0);
}

/** Where the image is and what it is, ignoring its findings. */
export function inPlace(view: EstateView, image: ImageSummary, query: ImageQuery): boolean {
  if (query.environments.length > 0 && (image.environment === undefined || !query.environments.includes(image.environment))) return false;
  if (query.registry) {
    const name = registryOf(view, image)?.name.toLowerCase() ?? registryNameOfHost(image.ref.registryHost);
    if (name !== query.registry) return false;
  }
  if (query.repository && image.ref.repository.toLowerCase() !== query.repository) return false;
  if (query.tag && !image.tags.includes(query.tag)) return false;
  if (query.digest && !image.ref.digest.startsWith(query.digest)) return false;
  return true;
}

/** The images a findings question is about, worst first: in place, with open findings of the asked severities (fixable ones when asked). */
export function matchingImages(view: EstateView, query: ImageQuery): ImageSummary[] {
  const severities = shownSeverities(query);
  const candidates = query.narrowing && isNarrowed(query.narrowing) ? sortImages(narrowedImages(view, query.narrowing)) : sortedImages(view);
  const found = candidates.filter((image) => {
    if (!inPlace(view, image, query)) return false;
    return query.fixableOnly ? fixableIn(image, severities) > 0 : openIn(image, severities) > 0;
  });
  if (!query.running && !query.internetFacing) return found;
  return placedImages(view, found, { running: query.running === true, internetFacing: query.internetFacing === true }).images;
}

function sum(values: readonly number[]): number {
  let n = 0;
  for (const v of values) n += v;
  return n;
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Most criticals first, then highs, and so on; then most fixable; then by name, so order never
 * depends on chance. Plain comparisons only: tens of thousands of images are sorted per answer.
 */
export function compareImages(a: ImageSummary, b: ImageSummary): number {
  for (let i = 0; i < SEVERITIES.length; i++) {
    const d = (b.counts[i] ?? 0) - (a.counts[i] ?? 0);
    if (d !== 0) return d;
  }
  return sum(b.fixable) - sum(a.fixable) || order(a.ref.repository, b.ref.repository) || order(a.key, b.key);
}

/** One number that orders like {@link compareImages} up to the names (counts stay far below 1,000 per severity). */
function rank(image: ImageSummary): number {
  const c = image.counts;
  const capped = (n: number | undefined): number => Math.min(n ?? 0, 999);
  return ((((capped(c[0]) * 1000 + capped(c[1])) * 1000 + capped(c[2])) * 1000 + capped(c[3])) * 1000) + capped(sum(image.fixable));
}

/** {@link compareImages} order for many images at once: one numeric key each, names only to break ties. */
export function sortImages(images: readonly ImageSummary[]): ImageSummary[] {
  // Equal ranks mean equal counts: only the names are left, compared as one string.
  const decorated = images.map((image) => ({ image, rank: rank(image), name: `${image.ref.repository}\u0000${image.key}` }));
  decorated.sort((a, b) => b.rank - a.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return decorated.map((x) => x.image);
}

const sortedByView = new WeakMap<EstateView, ImageSummary[]>();

/**
 * A view's images in {@link compareImages} order, sorted once per view: a complete view is reused by
 * every question within the cache lifetime, and filtering keeps the order, so questions never sort.
 */
export function sortedImages(view: EstateView): ImageSummary[] {
  let sorted = sortedByView.get(view);
  if (!sorted) {
    sorted = sortImages(view.images);
    sortedByView.set(view, sorted);
  }
  return sorted;
}

export function fixableTotal(images: readonly ImageSummary[], severities: readonly Severity[]): number {
  return images.reduce((n, image) => n + fixableIn(image, severities), 0);
}

/** "Critical findings", "Critical and High findings", "Open findings". */
export function severityPhrase(severities: readonly Severity[], noun = 'findings'): string {
  const sorted = [...severities].sort((a, b) => severityRank(a) - severityRank(b));
  if (sorted.length === 0 || sorted.length === SEVERITIES.length) return `Open ${noun}`;
  if (sorted.length === 1) return `${sorted[0]} ${noun}`;
  return `${sorted.slice(0, -1).join(', ')} and ${sorted.at(-1)} ${noun}`;
}
