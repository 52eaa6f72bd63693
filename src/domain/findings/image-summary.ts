import type { Environment } from '../environment.js';
import { SEVERITIES, severityRank, type Severity } from '../severity.js';
import type { StringPool } from './string-pool.js';
import type { FindingRecord, ImageRef, K8sPlacement, Scanner } from './types.js';

/** The finding an image row leads with: the most severe, highest scored, preferably fixable one. */
export type WorstFinding = Pick<FindingRecord, 'id' | 'title' | 'severity' | 'cvss' | 'packageName' | 'installedVersion' | 'fixedVersion' | 'fixable'>;

/** An AKS workload running the image, as the running-image scan reports it. */
export interface ClusterPlacement {
  clusterId: string;
  placement: K8sPlacement;
}

/**
 * One image with its open findings counted, not kept: counts per severity (in {@link SEVERITIES}
 * order), fixable counts, the worst finding, and when it was last pushed and scanned.
 */
export interface ImageSummary {
  key: string;
  ref: ImageRef;
  tags: string[];
  lastPushed: string | undefined;
  /** The registry holding it; undefined for images known only from a cluster's running-image scan. */
  registryId: string | undefined;
  subscriptionId: string;
  environment: Environment | undefined;
  scanner: Scanner;
  counts: number[];
  fixable: number[];
  worst: WorstFinding | undefined;
  lastScan: string | undefined;
  /** Open findings with public or verified exploit steps, and those in an exploit kit (from the scan's exploit data). */
  exploited?: number;
  inExploitKit?: number;
  /** Highest CVSS among open findings. */
  topCvss?: number;
}

export function emptyCounts(): number[] {
  return SEVERITIES.map(() => 0);
}

export function countOf(image: Pick<ImageSummary, 'counts'>, severity: Severity): number {
  return image.counts[severityRank(severity)] ?? 0;
}

export function fixableOf(image: Pick<ImageSummary, 'fixable'>, severity: Severity): number {
  return image.fixable[severityRank(severity)] ?? 0;
}

export function totalOpen(image: Pick<ImageSummary, 'counts'>): number {
  return image.counts.reduce((a, b) => a + b, 0);
}

/** Negative when `a` is worse than `b`: severity, then CVSS, then a fix being available, then id. */
export function compareWorst(a: WorstFinding, b: WorstFinding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (b.cvss ?? -1) - (a.cvss ?? -1) ||
    Number(b.fixable) - Number(a.fixable) ||
    a.id.localeCompare(b.id)
  );
}

/** A record's worst-finding fields; with a pool, its strings are the pool's (an image keeps it for the scan's life). */
export function worstOf(record: FindingRecord, strings?: StringPool): WorstFinding {
  const s = <T extends string | undefined>(value: T): T => (strings ? (strings.intern(value) as T) : value);
  return {
    id: s(record.id),
    title: s(record.title),
    severity: record.severity,
    cvss: record.cvss,
    packageName: s(record.packageName),
    installedVersion: s(record.installedVersion),
    fixedVersion: s(record.fixedVersion),
    fixable: record.fixable,
  };
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

export interface ImageContext {
  registryId: string | undefined;
  subscriptionId: string;
  environment: Environment | undefined;
}

/**
 * A new image from its first record. Registry hosts, repositories, tags and times repeat across a
 * registry's images: `strings` keeps one copy of each (the digest is the image's own).
 */
export function newImageSummary(key: string, record: FindingRecord, context: ImageContext, strings: StringPool): ImageSummary {
  const { registryHost, repository, digest } = record.image;
  return {
    key,
    ref: { registryHost: strings.intern(registryHost), repository: strings.intern(repository), digest },
    tags: record.tags.map((t) => strings.intern(t)),
    lastPushed: strings.intern(record.lastPushed),
    registryId: context.registryId,
    subscriptionId: context.subscriptionId,
    environment: context.environment,
    scanner: record.scanner,
    counts: emptyCounts(),
    fixable: emptyCounts(),
    worst: undefined,
    lastScan: undefined,
    exploited: 0,
    inExploitKit: 0,
  };
}

/** Counts one record into an image. Closed records only refresh what is known about the image. */
export function addRecord(image: ImageSummary, record: FindingRecord, strings: StringPool): void {
  for (const tag of record.tags) if (!image.tags.includes(tag)) image.tags.push(strings.intern(tag));
  const pushed = later(image.lastPushed, record.lastPushed);
  if (pushed !== image.lastPushed) image.lastPushed = strings.intern(pushed);
  if (!record.open) return;
  const rank = severityRank(record.severity);
  image.counts[rank] = (image.counts[rank] ?? 0) + 1;
  if (record.fixable) image.fixable[rank] = (image.fixable[rank] ?? 0) + 1;
  // A record carries every field compareWorst reads: copy it only when it wins.
  if (!image.worst || compareWorst(record, image.worst) < 0) image.worst = worstOf(record, strings);
  const scanned = later(image.lastScan, record.scannedAt);
  if (scanned !== image.lastScan) image.lastScan = strings.intern(scanned);
  if (record.exploit && (record.exploit.published || record.exploit.verified || record.exploit.inExploitKit)) image.exploited = (image.exploited ?? 0) + 1;
  if (record.exploit?.inExploitKit) image.inExploitKit = (image.inExploitKit ?? 0) + 1;
  if (record.cvss !== undefined && (image.topCvss === undefined || record.cvss > image.topCvss)) image.topCvss = record.cvss;
}
