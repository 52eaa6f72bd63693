import type { CompliancePort } from '../compliance/index.js';
import type { Environment } from '../environment.js';
import type { ReadableSubscription } from '../scope-gap.js';
import { FindingNames, imageKey, isSuppressed, type FindingRecord, type SubscriptionInfo, type FindingsSource, type ScanSink, type ScanUnit } from '../findings/index.js';
import type { UserIdentity } from '../identity.js';
import type { Suppression } from '../suppressions/types.js';
import { fingerprint, unitKey } from './fingerprint.js';
import { DigestRanking } from './fix-first-top.js';
import type { ApprovalsDigestPort, DigestObserver, Viewer } from './ports.js';
import type { Observation, ObservedFinding, ObservedImage, ObservedResource } from './types.js';

/** The sources one identity reads through. */
export interface ViewerSources {
  findings: FindingsSource;
  compliance?: CompliancePort;
}

export interface EstateObserverOptions {
  /** The read-only identity's sources; absent when none is configured. */
  app: ViewerSources | undefined;
  /** Sources reading with a user's delegated rights. */
  user: ViewerSources;
  approvals: ApprovalsDigestPort;
  /** How the app identity is named on cards. */
  appName: string;
  /** Images last pushed longer ago than this are stale (Azure's guidance asks for a periodic audit). */
  staleDays?: number;
  /** Suppressions in force: their findings are not reported (and not called resolved when they start). */
  suppressions?: { active(now: Date): Promise<readonly Suppression[]> };
}

/** The app identity's credential factory ignores who asks; this only keeps the sources' per-caller bookkeeping apart. */
const APP_CALLER: UserIdentity = { channelUserId: 'shipshape-digest-reader', aadObjectId: 'shipshape-digest-reader', name: 'digest reader' };
const DAY_MS = 86_400_000;
/** Images the digest names from fix-first's order. */
const TOP_IMAGES = 3;

function imageLabel(record: FindingRecord): string {
  const tag = record.tags[0];
  return tag ? `${record.image.repository}:${tag}` : `${record.image.repository}@${record.image.digest.slice(0, 15)}`;
}

/** Collects one scan into what a digest needs, keeping only the chosen environment. */
class DigestSink implements ScanSink {
  readonly observed: ObservedFinding[] = [];
  readonly images = new Map<string, ObservedImage>();
  readonly failedUnits: string[] = [];
  readonly failedSubscriptions: string[] = [];
  readonly missing: string[] = [];
  readonly envOf = new Map<string, Environment | undefined>();
  readonly hostEnv = new Map<string, Environment | undefined>();
  /** Open findings named as the cards count them: a CVE in two packages of one image is two findings. */
  private readonly names = new FindingNames();
  subscriptionCount = 0;
  readable: ReadableSubscription[] = [];
  registryCount = 0;
  clusterCount = 0;

  constructor(
    private readonly environment: Environment | undefined,
    private readonly now: Date,
    private readonly staleDays: number,
    private readonly suppressions: readonly Suppression[] = [],
  ) {}


  subscriptions(list: readonly SubscriptionInfo[]): void {
    this.subscriptionCount = list.length;
    this.readable = list.map((s) => ({ name: s.name, environment: s.environment }));
  }
  registries(_sub: string, list: readonly { id: string; loginServer: string; environment: Environment | undefined }[]): void {
    this.registryCount += list.length;
    for (const r of list) {
      this.envOf.set(r.id.toLowerCase(), r.environment);
      this.hostEnv.set(r.loginServer.toLowerCase(), r.environment);
    }
  }
  clusters(_sub: string, list: readonly { id: string; environment: Environment | undefined }[]): void {
    this.clusterCount += list.filter((c) => this.environment === undefined || c.environment === this.environment).length;
    for (const c of list) this.envOf.set(c.id.toLowerCase(), c.environment);
  }
  workloads(): void {}
  unitStarted(): void {}

  /** A registry's findings count in its environment; a cluster's where it runs or where the image comes from. */
  private inScope(unit: ScanUnit, record: FindingRecord): boolean {
    if (this.environment === undefined) return true;
    if (this.envOf.get(unit.resourceId.toLowerCase()) === this.environment) return true;
    return unit.runtime && this.hostEnv.get(record.image.registryHost.toLowerCase()) === this.environment;
  }

  findings(unit: ScanUnit, page: readonly FindingRecord[]): void {
    const key = unitKey(unit.subscriptionId, unit.resourceId);
    for (const record of page) {
      if (!this.inScope(unit, record)) continue;
      const image = `${record.image.registryHost}/${record.image.repository}@${record.image.digest}`;
      if (record.open && (record.severity === 'Critical' || record.severity === 'High')) {
        this.observed.push({
          fingerprint: fingerprint(...this.names.name(image, record.id, record.packageName)),
          unit: key,
          severity: record.severity,
          id: record.id,
          title: record.title,
          image: imageLabel(record),
          registryHost: record.image.registryHost,
          resourceId: unit.resourceId,
          fixable: record.fixable,
          ...(record.exploit?.inExploitKit ? { exploit: 'kit' as const } : record.exploit?.published || record.exploit?.verified ? { exploit: 'known' as const } : {}),
          ...(isSuppressed(record, this.suppressions) ? { suppressed: true } : {}),
          imageKey: imageKey(record.image),
        });
      }
      const pushed = record.lastPushed ? Date.parse(record.lastPushed) : Number.NaN;
      const ageDays = Math.floor((this.now.getTime() - pushed) / DAY_MS);
      if (Number.isFinite(ageDays) && ageDays > this.staleDays && !this.images.has(`${key}|${image}`)) {
        this.images.set(`${key}|${image}`, {
          fingerprint: fingerprint(image),
          unit: key,
          image: imageLabel(record),
          registryHost: record.image.registryHost,
          lastPushed: record.lastPushed as string,
          ageDays,
          resourceId: unit.resourceId,
        });
      }
    }
  }

  unitDone(unit: ScanUnit, failure?: string): void {
    if (!failure) return;
    // A failed listing at subscription level (e.g. its clusters) hides units we cannot name: keep the whole subscription.
    if (unit.resourceId.toLowerCase() === `/subscriptions/${unit.subscriptionId.toLowerCase()}`) this.failedSubscriptions.push(unit.subscriptionId);
    else this.failedUnits.push(unitKey(unit.subscriptionId, unit.resourceId));
    this.missing.push(`${unit.label} (${failure})`);
  }

  subscriptionDone(subscriptionId: string, failure?: string): void {
    if (!failure) return;
    this.failedSubscriptions.push(subscriptionId);
    this.missing.push(`subscription ${subscriptionId} (${failure})`);
  }
}

/** Digests from the findings and compliance ports, read with the subscription's chosen identity. */
export class EstateDigestObserver implements DigestObserver {
  constructor(private readonly options: EstateObserverOptions) {}

  get appAvailable(): boolean {
    return this.options.app !== undefined;
  }

  async observe(viewer: Viewer, environment: Environment | undefined, now: Date, signal: AbortSignal): Promise<Observation> {
    const sources = viewer.kind === 'app' ? this.options.app : this.options.user;
    if (!sources) throw new Error('No read-only digest identity is configured');
    const caller = viewer.kind === 'app' ? APP_CALLER : viewer.user;
    // Unreadable suppressions hide nothing: a digest then reports too much, never too little.
    const active = (await this.options.suppressions?.active(now).catch(() => [])) ?? [];
    const sink = new DigestSink(environment, now, this.options.staleDays ?? 90, active);
    const scope = { environments: environment ? [environment] : [] };
    // The same scan also feeds fix-first's ranking, so the digest's top is the image fix-first names first.
    const ranking = new DigestRanking(environment, now.getTime(), active);
    const [, nonCompliant, approvals] = await Promise.all([
      sources.findings.scan({ user: caller, scope, signal }, ranking.tee(sink)),
      this.nonCompliant(sources.compliance, caller, environment, sink),
      this.options.approvals.open(viewer, environment, now),
    ]);
    const { top, places } = ranking.result(now.getTime(), TOP_IMAGES);
    for (const f of sink.observed) {
      const place = f.imageKey === undefined ? undefined : places.get(f.imageKey);
      if (place !== undefined) f.rank = place;
    }
    const clusters = sink.clusterCount > 0 ? ` · ${sink.clusterCount} cluster${sink.clusterCount === 1 ? '' : 's'}` : '';
    return {
      readAt: now.toISOString(),
      readAs: viewer.kind === 'app' ? this.options.appName : (viewer.user.name ?? 'the subscriber'),
      scopeLabel: `${sink.subscriptionCount} subscription${sink.subscriptionCount === 1 ? '' : 's'} · ${sink.registryCount} registr${sink.registryCount === 1 ? 'y' : 'ies'}${clusters}`,
      findings: sink.observed,
      staleImages: [...sink.images.values()],
      nonCompliant,
      approvals,
      failedUnits: sink.failedUnits,
      failedSubscriptions: sink.failedSubscriptions,
      missing: sink.missing,
      fixFirst: top,
      subscriptions: sink.readable,
    };
  }

  private async nonCompliant(port: CompliancePort | undefined, caller: UserIdentity, environment: Environment | undefined, sink: DigestSink): Promise<ObservedResource[] | undefined> {
    if (!port) return undefined;
    try {
      const data = await port.policyStates(caller, { environments: environment ? [environment] : [], registries: [] }, { includeCompliant: false });
      return data.states
        .filter((s) => s.state === 'NonCompliant' && (environment === undefined || s.environment === environment))
        .map((s) => ({
          fingerprint: fingerprint(s.resourceId, s.assignmentId, s.definitionId),
          resourceId: s.resourceId,
          name: s.resourceId.split('/').pop() ?? s.resourceId,
          policy: s.definitionName || s.assignmentName,
        }));
    } catch (error) {
      sink.missing.push(`policy compliance (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  }
}
