import type { Environment } from '../environment.js';
import {
  EstateAggregate,
  displayName,
  fixFirstIn,
  riskReason,
  suppressRecords,
  type ScanSink,
} from '../findings/index.js';
import type { Suppression } from '../suppressions/types.js';
import type { RankedTop } from './types.js';

/**
 * The digest's top: the images fix-first would name first for the digest's scope, read from the
 * same scan the digest makes. The scan is streamed into the findings aggregate as well, with the
 * same suppressions, so the ranking is the one fix-first computes, not a second one.
 */
export class DigestRanking {
  private readonly aggregate: EstateAggregate;

  constructor(
    private readonly environment: Environment | undefined,
    startedAt: number,
    private readonly suppressions: readonly Suppression[],
  ) {
    this.aggregate = new EstateAggregate({ environments: environment ? [environment] : [] }, startedAt);
  }

  /** The digest's own sink, with every event also given to the aggregate. */
  tee(digest: ScanSink): ScanSink {
    const aggregate = this.aggregate;
    const active = this.suppressions;
    return {
      subscriptions: (list) => (digest.subscriptions(list), aggregate.subscriptions(list)),
      registries: (sub, list) => (digest.registries(sub, list), aggregate.registries(sub, list)),
      clusters: (sub, list) => (digest.clusters(sub, list), aggregate.clusters(sub, list)),
      workloads: (sub, list) => (digest.workloads(sub, list), aggregate.workloads(sub, list)),
      readableRegistries: (sub, hosts) => (digest.readableRegistries?.(sub, hosts), aggregate.readableRegistries(sub, hosts)),
      unitStarted: (unit) => (digest.unitStarted(unit), aggregate.unitStarted(unit)),
      findings: (unit, page) => (digest.findings(unit, page), aggregate.findings(unit, suppressRecords(page, active))),
      unitDone: (unit, failure) => (digest.unitDone(unit, failure), aggregate.unitDone(unit, failure)),
      subscriptionDone: (sub, failure) => (digest.subscriptionDone(sub, failure), aggregate.subscriptionDone(sub, failure)),
    };
  }

  /** The first `limit` images fix-first ranks, with the short reason of their rank, and every ranked image's place. */
  result(now: number, limit: number): { top: RankedTop[]; places: Map<string, number> } {
    const view = this.aggregate.view(now);
    const ranked = fixFirstIn(view, { environments: this.environment ? [this.environment] : [], severities: [], fixableOnly: false });
    const top = ranked.slice(0, limit).map((r, i): RankedTop => ({
      imageKey: r.image.key,
      image: displayName(r.image.ref, r.image.tags),
      rank: i + 1,
      critical: r.image.counts[0] ?? 0,
      high: r.image.counts[1] ?? 0,
      reason: riskReason(r.risk),
      ...(r.upgrade ? { upgrade: displayName(r.upgrade.image.ref, r.upgrade.image.tags) } : {}),
      resourceId: r.image.registryId ?? `/subscriptions/${r.image.subscriptionId}`,
    }));
    return { top, places: new Map(ranked.map((r, i) => [r.image.key, i])) };
  }
}
