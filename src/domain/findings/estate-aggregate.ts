import { severityRank } from '../severity.js';
import type { EstateView } from './estate-view.js';
import type { ClusterPlacement, ImageSummary } from './image-summary.js';
import type { ScanSink, ScanUnit } from './source.js';
import type { ClusterInfo, FindingRecord, MissingPart, RegistryInfo, ScanScope, SubscriptionInfo, Workload } from './types.js';
import { StringPool, UnitAggregator, type CveSummary, type RuntimeImage } from './unit-aggregator.js';

interface PartState {
  state: 'loading' | 'done' | 'failed';
  reason?: string;
}

/**
 * The scan's sink: keeps a per-unit aggregator while a registry or cluster is being read and merges
 * it into the estate only once the unit is complete, so that any view (partial or final) counts
 * every image either fully or not at all.
 */
export class EstateAggregate implements ScanSink {
  private subscriptionList: SubscriptionInfo[] = [];
  private listed = false;
  private readonly subscriptionStates = new Map<string, PartState>();
  private readonly registryList: RegistryInfo[] = [];
  private readonly clusterList: ClusterInfo[] = [];
  private readonly aciWorkloads: Workload[] = [];
  /** Login servers the user can read; undefined when the source does not say (then nothing is called not visible). */
  private readableHosts: Set<string> | undefined;
  private readonly running = new Map<string, { unit: ScanUnit; aggregator: UnitAggregator }>();
  private readonly failedUnits: { unit: ScanUnit; reason: string }[] = [];
  private readonly images: ImageSummary[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly cves = new Map<string, CveSummary>();
  private readonly runtimeImages: RuntimeImage[] = [];
  private lastScan: string | undefined;
  private finalView: EstateView | undefined;
  /** Shared by every unit: package names and versions repeat across registries too. */
  private readonly strings = new StringPool();
  records = 0;
  /** Open findings a suppression hid. */
  private readonly hidden = new Set<string>();

  constructor(
    readonly scope: ScanScope,
    readonly startedAt: number,
  ) {}

  subscriptions(subscriptions: readonly SubscriptionInfo[]): void {
    this.listed = true;
    this.subscriptionList = [...subscriptions];
    for (const s of subscriptions) this.subscriptionStates.set(s.id.toLowerCase(), { state: 'loading' });
  }

  registries(_subscriptionId: string, registries: readonly RegistryInfo[]): void {
    this.registryList.push(...registries);
  }

  clusters(_subscriptionId: string, clusters: readonly ClusterInfo[]): void {
    this.clusterList.push(...clusters);
  }

  workloads(_subscriptionId: string, workloads: readonly Workload[]): void {
    this.aciWorkloads.push(...workloads);
  }

  readableRegistries(_subscriptionId: string, loginServers: readonly string[]): void {
    this.readableHosts ??= new Set();
    for (const host of loginServers) this.readableHosts.add(host.toLowerCase());
  }

  unitStarted(unit: ScanUnit): void {
    const owner = unit.runtime
      ? this.clusterList.find((c) => c.id.toLowerCase() === unit.resourceId.toLowerCase())
      : this.registryList.find((r) => r.id.toLowerCase() === unit.resourceId.toLowerCase());
    const aggregator = new UnitAggregator({
      subscriptionId: unit.subscriptionId,
      resourceId: unit.resourceId,
      environment: owner?.environment,
      runtime: unit.runtime,
    }, this.strings);
    this.running.set(unit.id, { unit, aggregator });
  }

  findings(unit: ScanUnit, page: readonly FindingRecord[]): void {
    this.running.get(unit.id)?.aggregator.add(page);
    this.records += page.length;
    // Running-image scans repeat a finding per placement: count each finding of an image once.
    for (const r of page) if (r.suppressed) this.hidden.add(`${r.image.digest}|${r.id}|${r.packageName ?? ''}`);
  }

  unitDone(unit: ScanUnit, failure?: string): void {
    const entry = this.running.get(unit.id);
    this.running.delete(unit.id);
    if (failure !== undefined) {
      this.failedUnits.push({ unit, reason: failure });
      return;
    }
    if (entry) this.merge(entry.aggregator);
  }

  subscriptionDone(subscriptionId: string, failure?: string): void {
    this.subscriptionStates.set(subscriptionId.toLowerCase(), failure === undefined ? { state: 'done' } : { state: 'failed', reason: failure });
  }

  get complete(): boolean {
    return this.listed && [...this.subscriptionStates.values()].every((s) => s.state !== 'loading') && this.running.size === 0;
  }

  private merge(aggregator: UnitAggregator): void {
    this.runtimeImages.push(...aggregator.runtime.values());
    for (const [key, image] of aggregator.images) {
      // A registry is read once (one scanner), so the same image cannot arrive from two units.
      if (this.byKey.has(key)) continue;
      this.byKey.set(key, this.images.length);
      this.images.push(image);
      if (image.lastScan && (!this.lastScan || image.lastScan > this.lastScan)) this.lastScan = image.lastScan;
    }
    for (const pending of aggregator.cves.values()) {
      let cve = this.cves.get(pending.id);
      if (!cve) {
        cve = { id: pending.id, title: pending.title, severity: pending.severity, cvss: pending.cvss, ...(pending.exploit ? { exploit: pending.exploit } : {}), hits: [] };
        this.cves.set(pending.id, cve);
      } else {
        cve.exploit ??= pending.exploit;
        if (severityRank(pending.severity) < severityRank(cve.severity)) cve.severity = pending.severity;
        if ((pending.cvss ?? -1) > (cve.cvss ?? -1)) cve.cvss = pending.cvss;
      }
      for (const hit of pending.hits) {
        const image = this.byKey.get(hit.key);
        if (image !== undefined) cve.hits.push({ image, packageName: hit.packageName, ...(hit.ecosystem ? { ecosystem: hit.ecosystem } : {}), fixedVersion: hit.fixedVersion, fixable: hit.fixable });
      }
    }
  }

  private missing(): MissingPart[] {
    const nameOf = (id: string): string => this.subscriptionList.find((s) => s.id.toLowerCase() === id.toLowerCase())?.name ?? id;
    const parts: MissingPart[] = [];
    for (const sub of this.subscriptionList) {
      const state = this.subscriptionStates.get(sub.id.toLowerCase());
      const unitsLoading = [...this.running.values()].some((r) => r.unit.subscriptionId.toLowerCase() === sub.id.toLowerCase());
      if (state?.state === 'failed') parts.push({ subscriptionId: sub.id, label: sub.name, state: 'failed', reason: state.reason ?? 'could not be read' });
      else if (state?.state === 'loading' || unitsLoading) parts.push({ subscriptionId: sub.id, label: sub.name, state: 'loading', reason: 'still loading' });
    }
    for (const { unit, reason } of this.failedUnits) {
      parts.push({ subscriptionId: unit.subscriptionId, label: `${unit.label} in ${nameOf(unit.subscriptionId)}`, state: 'failed', reason });
    }
    return parts;
  }

  /** The estate as known now. Once complete it no longer changes, so that view is built once and reused. */
  view(now: number): EstateView {
    if (this.finalView) return this.finalView;
    const view = this.buildView(now);
    if (view.complete) this.finalView = view;
    return view;
  }

  private buildView(now: number): EstateView {
    const images = this.images.slice();
    const placements = new Map<string, ClusterPlacement[]>();
    let cves: Map<string, CveSummary> = this.cves;
    const knownRuntime = new Set<string>();
    for (const runtime of this.runtimeImages) {
      const key = runtime.summary.key;
      placements.set(key, [...(placements.get(key) ?? []), ...runtime.placements]);
      // Images whose registry was read are counted from the registry scan; the others from the cluster's.
      if (this.byKey.has(key) || knownRuntime.has(key)) continue;
      knownRuntime.add(key);
      if (cves === this.cves) cves = new Map(this.cves);
      const index = images.length;
      images.push(runtime.summary);
      for (const found of runtime.cves) {
        const base = cves.get(found.id);
        const hits = found.hits.map((h) => ({ image: index, packageName: h.packageName, ...(h.ecosystem ? { ecosystem: h.ecosystem } : {}), fixedVersion: h.fixedVersion, fixable: h.fixable }));
        const exploit = found.exploit ? { exploit: found.exploit } : {};
        cves.set(found.id, base ? { ...exploit, ...base, hits: [...base.hits, ...hits] } : { id: found.id, title: found.title, severity: found.severity, cvss: found.cvss, ...exploit, hits });
      }
    }
    const aks: Workload[] = [];
    for (const [key, list] of placements) {
      for (const p of list) {
        const cluster = this.clusterList.find((c) => c.id.toLowerCase() === p.clusterId.toLowerCase());
        aks.push({
          kind: 'aks',
          resourceId: p.clusterId,
          name: cluster?.name ?? p.clusterId.split('/').pop() ?? p.clusterId,
          detail: `${p.placement.namespace}/${p.placement.kind}/${p.placement.name}/${p.placement.container}`,
          subscriptionId: cluster?.subscriptionId ?? p.clusterId.split('/')[2] ?? '',
          resourceGroup: cluster?.resourceGroup ?? p.clusterId.split('/')[4] ?? '',
          environment: cluster?.environment,
          image: key,
          deployed: undefined,
          imageKey: key,
        });
      }
    }
    const lastScan = images.reduce<string | undefined>((acc, i) => (i.lastScan && (!acc || i.lastScan > acc) ? i.lastScan : acc), this.lastScan);
    return {
      scope: this.scope,
      complete: this.complete,
      startedAt: this.startedAt,
      takenAt: now,
      tenantId: this.subscriptionList.find((s) => s.tenantId)?.tenantId,
      listed: this.listed,
      subscriptions: [...this.subscriptionList],
      registries: [...this.registryList],
      clusters: [...this.clusterList],
      images,
      cves,
      placements,
      workloads: [...this.aciWorkloads, ...aks],
      missing: this.missing(),
      lastScan,
      hidden: this.hidden.size,
      ...(this.readableHosts ? { readableHosts: new Set(this.readableHosts) } : {}),
    };
  }
}
