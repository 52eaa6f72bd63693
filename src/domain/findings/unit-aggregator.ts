import type { Environment } from '../environment.js';
import { severityRank, type Severity } from '../severity.js';
import { imageKey } from './image-ref.js';
import { addRecord, newImageSummary, type ClusterPlacement, type ImageSummary } from './image-summary.js';
import { StringPool } from './string-pool.js';
import type { Exploitability, FindingRecord } from './types.js';

export { StringPool };

/**
 * Aggregates the pages of one scan unit (a registry or a cluster) as they arrive. Only counts and
 * per-CVE pointers are kept; each page of raw findings can be dropped as soon as it is added.
 */

/** One image a CVE was found in, with the package and fix that apply there. */
export interface CveHit {
  /** Index into the estate's image list. */
  image: number;
  packageName: string | undefined;
  ecosystem?: string;
  fixedVersion: string | undefined;
  fixable: boolean;
}

export interface CveSummary {
  id: string;
  title: string;
  severity: Severity;
  cvss: number | undefined;
  /** What the scan knows of exploits for it, when it says. */
  exploit?: Exploitability;
  hits: CveHit[];
}

/** A CVE hit before the image has its place in the estate list. */
export interface PendingHit {
  key: string;
  packageName: string | undefined;
  ecosystem?: string;
  fixedVersion: string | undefined;
  fixable: boolean;
}

export interface PendingCve {
  id: string;
  title: string;
  severity: Severity;
  cvss: number | undefined;
  exploit?: Exploitability;
  hits: PendingHit[];
}

export interface UnitContext {
  subscriptionId: string;
  /** The registry (registry scans) or cluster (running-image scans) being read. */
  resourceId: string;
  environment: Environment | undefined;
  runtime: boolean;
}

/** A running image as one cluster reports it; findings repeat per placement, so they are de-duplicated. */
export interface RuntimeImage {
  summary: ImageSummary;
  seen: Set<string>;
  placements: ClusterPlacement[];
  cves: PendingCve[];
}

/** Optional fields only when known: exactOptionalPropertyTypes keeps `undefined` out of them. */
function exploitField(exploit: Exploitability | undefined): { exploit?: Exploitability } {
  return exploit ? { exploit } : {};
}

function ecosystemField(ecosystem: string | undefined): { ecosystem?: string } {
  return ecosystem ? { ecosystem } : {};
}

function addCve(cves: Map<string, PendingCve>, record: FindingRecord, key: string, strings: StringPool): PendingCve {
  let cve = cves.get(record.id);
  if (!cve) {
    cve = { id: strings.intern(record.id), title: strings.intern(record.title), severity: record.severity, cvss: record.cvss, ...exploitField(record.exploit), hits: [] };
    cves.set(record.id, cve);
  } else {
    cve.exploit ??= record.exploit;
    // Scanners sometimes rate the same CVE differently per package; the answer uses the worst rating.
    if (severityRank(record.severity) < severityRank(cve.severity)) cve.severity = record.severity;
    if ((record.cvss ?? -1) > (cve.cvss ?? -1)) cve.cvss = record.cvss;
  }
  cve.hits.push({ key, packageName: strings.intern(record.packageName), ...ecosystemField(strings.intern(record.ecosystem)), fixedVersion: strings.intern(record.fixedVersion), fixable: record.fixable });
  return cve;
}

export class UnitAggregator {
  readonly images = new Map<string, ImageSummary>();
  readonly cves = new Map<string, PendingCve>();
  readonly runtime = new Map<string, RuntimeImage>();
  records = 0;
  private readonly strings: StringPool;

  constructor(
    readonly context: UnitContext,
    strings: StringPool = new StringPool(),
  ) {
    this.strings = strings;
  }

  add(page: readonly FindingRecord[]): void {
    for (const record of page) {
      this.records++;
      if (this.context.runtime) this.addRuntime(record);
      else this.addRegistry(record);
    }
  }

  private addRegistry(record: FindingRecord): void {
    const key = imageKey(record.image);
    let image = this.images.get(key);
    if (!image) {
      image = newImageSummary(key, record, { registryId: this.context.resourceId, subscriptionId: this.context.subscriptionId, environment: this.context.environment }, this.strings);
      this.images.set(key, image);
    }
    addRecord(image, record, this.strings);
    // The image's own key string, not this record's copy: hits live until the unit is merged.
    if (record.open) addCve(this.cves, record, image.key, this.strings);
  }

  private addRuntime(record: FindingRecord): void {
    const key = imageKey(record.image);
    let image = this.runtime.get(key);
    if (!image) {
      const summary = newImageSummary(key, record, { registryId: undefined, subscriptionId: this.context.subscriptionId, environment: this.context.environment }, this.strings);
      image = { summary, seen: new Set(), placements: [], cves: [] };
      this.runtime.set(key, image);
    }
    for (const placement of record.placements) {
      const same = image.placements.some(
        (p) => p.placement.namespace === placement.namespace && p.placement.name === placement.name && p.placement.container === placement.container,
      );
      if (!same) image.placements.push({ clusterId: this.context.resourceId, placement });
    }
    // The same finding is reported once per workload running the image: count it once.
    const dedupe = `${record.id}|${record.packageName ?? ''}|${record.open ? 'o' : 'c'}`;
    if (image.seen.has(dedupe)) return;
    image.seen.add(dedupe);
    addRecord(image.summary, record, this.strings);
    if (record.open) {
      const hit = { key: image.summary.key, packageName: this.strings.intern(record.packageName), ...ecosystemField(this.strings.intern(record.ecosystem)), fixedVersion: this.strings.intern(record.fixedVersion), fixable: record.fixable };
      image.cves.push({ id: this.strings.intern(record.id), title: this.strings.intern(record.title), severity: record.severity, cvss: record.cvss, ...exploitField(record.exploit), hits: [hit] });
    }
  }
}
