import {
  imageKey,
  type ClusterInfo,
  type FindingRecord,
  type FindingsSource,
  type ImageLocation,
  type RegistryInfo,
  type ScanRequest,
  type ScanSink,
  type SubscriptionInfo,
  type Workload,
} from '../../../../src/domain/findings/index.js';
import type { UserIdentity } from '../../../../src/domain/identity.js';

/** An estate as a fake source serves it: what Azure would list, already in domain shape. */
export interface FakeEstate {
  subscriptions: SubscriptionInfo[];
  registries: RegistryInfo[];
  clusters: ClusterInfo[];
  workloads: Workload[];
  findings: FindingRecord[];
}

export interface FakeSourceOptions {
  /** Findings per page (default 2), to exercise page-by-page aggregation. */
  pageSize?: number;
  /** Subscriptions whose reading fails, with the reason. */
  failing?: Record<string, string>;
  /** Subscriptions that never finish on their own (they end when the scan is aborted). */
  hanging?: string[];
  /** Azure does not even list the subscriptions until the scan is aborted. */
  hangBeforeListing?: boolean;
  /** Per-user estates, to prove answers are never shared across users. */
  estateFor?: (user: UserIdentity) => FakeEstate;
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * A FindingsSource over an in-memory estate, behaving like the Defender one: subscriptions first,
 * registries in scope, one unit per registry with open findings (healthy ones skipped), pages of
 * records, then done. Counts what was asked, so tests can see caching.
 */
export class FakeFindingsSource implements FindingsSource {
  scans = 0;
  readonly users: string[] = [];
  readonly detailsAsked: ImageLocation[] = [];

  constructor(
    private readonly estate: FakeEstate,
    private readonly options: FakeSourceOptions = {},
  ) {}

  private estateOf(user: UserIdentity): FakeEstate {
    return this.options.estateFor?.(user) ?? this.estate;
  }

  async scan(request: ScanRequest, sink: ScanSink): Promise<void> {
    this.scans++;
    this.users.push(request.user.aadObjectId ?? request.user.channelUserId);
    const estate = this.estateOf(request.user);
    const { scope, signal } = request;
    if (this.options.hangBeforeListing) await waitForAbort(signal);
    sink.subscriptions(estate.subscriptions);
    const pageSize = this.options.pageSize ?? 2;
    await Promise.all(
      estate.subscriptions.map(async (sub) => {
        const failure = this.options.failing?.[sub.id];
        if (failure) return sink.subscriptionDone(sub.id, failure);
        const registries = estate.registries.filter(
          (r) =>
            r.subscriptionId === sub.id &&
            (scope.environments.length === 0 || (r.environment !== undefined && scope.environments.includes(r.environment))) &&
            (scope.registry === undefined || r.name === scope.registry),
        );
        sink.registries(sub.id, registries);
        sink.clusters(sub.id, estate.clusters.filter((c) => c.subscriptionId === sub.id));
        sink.workloads(sub.id, estate.workloads.filter((w) => w.kind === 'aci' && w.subscriptionId === sub.id));
        if (this.options.hanging?.includes(sub.id)) await waitForAbort(signal);
        const owners = [
          ...registries.filter((r) => r.scanState === 'findings').map((r) => ({ id: r.id, label: `registry ${r.name}`, runtime: false })),
          ...estate.clusters.filter((c) => c.subscriptionId === sub.id).map((c) => ({ id: c.id, label: `cluster ${c.name}`, runtime: true })),
        ];
        for (const owner of owners) {
          const unit = { id: owner.id, subscriptionId: sub.id, label: owner.label, resourceId: owner.id, runtime: owner.runtime };
          sink.unitStarted(unit);
          const records = estate.findings.filter((f) => f.assessedResourceId === owner.id);
          for (let i = 0; i < records.length; i += pageSize) sink.findings(unit, records.slice(i, i + pageSize));
          sink.unitDone(unit);
        }
        sink.subscriptionDone(sub.id);
      }),
    );
  }

  async imageFindings(user: UserIdentity, location: ImageLocation): Promise<FindingRecord[]> {
    this.detailsAsked.push(location);
    const wanted = imageKey(location.image);
    const owners = new Set([location.registryId, ...location.clusterIds].filter((x): x is string => x !== undefined));
    return this.estateOf(user).findings.filter((f) => owners.has(f.assessedResourceId) && imageKey(f.image) === wanted);
  }
}
