import type { TokenCredential } from '@azure/core-auth';
import type { AzureConfig } from '../../config/index.js';
import { imageKey, type FindingRecord, type FindingsSource, type ImageLocation, type ScanRequest, type ScanSink, type SubscriptionInfo } from '../../domain/findings/index.js';
import type { UserIdentity } from '../../domain/identity.js';
import type { CredentialFactory } from '../credentials.js';
import { toUserError } from '../errors.js';
import { ArmGate } from '../findings/arm-gate.js';
import { ArmJsonReader } from '../findings/arm-reader.js';
import { EstateReader, environmentOf } from '../findings/estate-reader.js';
import { describeFailure } from '../findings/failures.js';
import { scanPlan, type PlannedUnit } from '../findings/scan-plan.js';
import { ASSESSMENT_KEYS, toFindingRecord, type MapContext } from '../findings/sub-assessment-mapper.js';
import { findingsBatches, imageQuery, type SubscriptionUnits } from './finding-queries.js';
import { recordsOf, splitRowId } from './packed-findings.js';
import { readEstate } from './graph-estate.js';
import { ResourceGraphReader, SUBSCRIPTIONS_PER_QUERY, type GraphReaderOptions, type GraphRow } from './graph-reader.js';
import { QuotaBudget } from './quota-budget.js';
import { PerUser } from '../per-user.js';

export interface GraphSourceOptions extends GraphReaderOptions {
  /** Told whenever a read falls back to the per-subscription path, with the reason. */
  onFallback?: (reason: string) => void;
}

/**
 * Findings through Azure Resource Graph, under the asking user's own token: the subscription list,
 * then the estate in three queries per batch of subscriptions, then the sub-assessments of exactly the
 * registries and clusters the per-subscription path would read, 1,000 rows a page, filtered by the
 * question's scope in the query. The sink sees what it sees from the per-subscription path.
 *
 * When Resource Graph is not allowed or fails before anything reached the sink, the whole scan falls
 * back to the per-subscription path; when a findings query fails midway, its registries and clusters
 * are read again from the start through the per-subscription lists.
 */
export class ResourceGraphFindingsSource implements FindingsSource {
  /** One quota per user: Resource Graph counts queries per user, whichever question asks. */
  private readonly budgets = new PerUser(() => new QuotaBudget());

  constructor(
    private readonly azure: AzureConfig,
    private readonly credentials: CredentialFactory,
    private readonly fallback: FindingsSource,
    private readonly options: GraphSourceOptions = {},
  ) {}

  private readerFor(user: UserIdentity, credential: TokenCredential): ResourceGraphReader {
    return new ResourceGraphReader(this.azure, credential, this.budgets.of(user), this.options);
  }

  private fellBack(error: unknown): void {
    this.options.onFallback?.(describeFailure(error));
  }

  async scan(request: ScanRequest, sink: ScanSink): Promise<void> {
    const credential = await this.credentials.forUser(request.user);
    const { signal, scope } = request;
    let subscriptions: SubscriptionInfo[];
    try {
      // The list Azure Resource Manager gives: Resource Graph leaves out subscriptions read only through a resource group.
      subscriptions = await new EstateReader(this.azure, credential, { gate: new ArmGate() }).subscriptions(signal);
    } catch (error) {
      throw toUserError(error, 'listing the subscriptions you can read');
    }
    const reader = this.readerFor(request.user, credential);
    let estates: Awaited<ReturnType<typeof readEstate>>;
    try {
      estates = new Map();
      for (let i = 0; i < subscriptions.length; i += SUBSCRIPTIONS_PER_QUERY) {
        for (const [k, v] of await readEstate(reader, subscriptions.slice(i, i + SUBSCRIPTIONS_PER_QUERY), signal)) estates.set(k, v);
      }
    } catch (error) {
      signal.throwIfAborted();
      this.fellBack(error);
      return this.fallback.scan(request, noting(sink, describeFailure(error)));
    }

    sink.subscriptions(subscriptions);
    const units = new Map<string, PlannedUnit>();
    const perSubscription: SubscriptionUnits[] = [];
    for (const sub of subscriptions) {
      const estate = estates.get(sub.id.toLowerCase());
      if (!estate) continue;
      const plan = scanPlan(sub.id, scope, estate.states, estate.registries, estate.clusters, (r) => environmentOf(r.tags, estate.groupTags.get(r.resourceGroup.toLowerCase()), sub.environment));
      sink.registries(sub.id, plan.registries);
      sink.readableRegistries?.(sub.id, estate.registries.map((r) => r.loginServer));
      sink.clusters(sub.id, plan.clusters);
      sink.workloads(sub.id, estate.workloads);
      const planned = new Set(plan.units.map((u) => u.unit.id));
      for (const u of plan.units) units.set(u.unit.id, u);
      perSubscription.push({ subscriptionId: sub.id, planned: plan.units, skipped: [...estate.states.keys()].filter((k) => !planned.has(k)) });
    }
    for (const u of units.values()) sink.unitStarted(u.unit);

    const failed: PlannedUnit[] = [];
    let graphFailure = '';
    for (const batch of findingsBatches(perSubscription)) {
      const inBatch = new Set(batch.subscriptions.map((s) => s.toLowerCase()));
      try {
        await reader.each(batch.query, batch.subscriptions, signal, (rows) => dispatch(rows, units, sink));
      } catch (error) {
        if (signal.aborted) break;
        this.fellBack(error);
        graphFailure = describeFailure(error);
        failed.push(...[...units.values()].filter((u) => inBatch.has(u.unit.subscriptionId.toLowerCase())));
      }
    }
    await this.rereadThroughArm(failed, credential, sink, signal, graphFailure);
    for (const u of units.values()) if (!failed.includes(u)) sink.unitDone(u.unit, signal.aborted ? describeFailure(signal.reason) : undefined);
    for (const sub of subscriptions) sink.subscriptionDone(sub.id);
  }

  /**
   * Units whose query failed, read again from the start (a fresh unit drops what arrived before). When
   * that fails too, the part the answer leaves out says both sources were tried.
   */
  private async rereadThroughArm(units: readonly PlannedUnit[], credential: TokenCredential, sink: ScanSink, signal: AbortSignal, graphFailure: string): Promise<void> {
    if (units.length === 0) return;
    const raw = new ArmJsonReader(this.azure, credential, { gate: new ArmGate(), maxRetries: this.options.maxRetries ?? 3 });
    await Promise.all(
      units.map(async (u) => {
        sink.unitStarted(u.unit);
        try {
          await raw.eachPage<unknown>(subAssessmentsPath(u.unit.resourceId, u.key), signal, (page) => {
            sink.findings(u.unit, page.map((item) => toFindingRecord(item, u.context)).filter((r): r is FindingRecord => r !== undefined));
          });
          sink.unitDone(u.unit);
        } catch (error) {
          sink.unitDone(u.unit, `${describeFailure(error)} (read per subscription after Resource Graph failed: ${graphFailure})`);
        }
      }),
    );
  }

  /**
   * One image's findings in one query: from its registry (MDVM, else the retired Qualys scan, as the
   * per-subscription path chooses), or from the clusters reporting it running.
   */
  async imageFindings(user: UserIdentity, location: ImageLocation, signal: AbortSignal): Promise<FindingRecord[]> {
    const { registryId, clusterIds } = location;
    if (!registryId && clusterIds.length === 0) return this.fallback.imageFindings(user, location, signal);
    const wanted = imageKey(location.image);
    const byKey = new Map<string, FindingRecord[]>();
    try {
      const reader = this.readerFor(user, await this.credentials.forUser(user));
      await reader.each(imageQuery({ ...(registryId ? { registryId } : {}), clusterIds, digest: location.image.digest }), undefined, signal, (rows) => {
        for (const row of rows) {
          const context = contextOf(String(row.id), location);
          const record = context && toFindingRecord(row, context.map);
          if (record && imageKey(record.image) === wanted) byKey.set(context.key, [...(byKey.get(context.key) ?? []), record]);
        }
      });
    } catch (error) {
      signal.throwIfAborted();
      this.fellBack(error);
      return this.fallback.imageFindings(user, location, signal);
    }
    if (!registryId) return byKey.get(ASSESSMENT_KEYS.runtime) ?? [];
    return byKey.get(ASSESSMENT_KEYS.registry) ?? byKey.get(ASSESSMENT_KEYS.qualys) ?? [];
  }
}

/** Which assessment a row of {@link imageQuery} hangs under, and how to map it. */
function contextOf(id: string, location: ImageLocation): { key: string; map: MapContext } | undefined {
  const m = /^(.+)\/providers\/Microsoft\.Security\/assessments\/([^/]+)\/subassessments\/[^/]+$/i.exec(id);
  if (!m) return undefined;
  const holder = (m[1] as string).toLowerCase();
  const key = (m[2] as string).toLowerCase();
  const host = location.image.registryHost;
  if (location.registryId && holder === location.registryId.toLowerCase()) {
    if (key === ASSESSMENT_KEYS.registry) return { key, map: { scanner: 'registry', assessedResourceId: location.registryId, registryHost: host } };
    if (key === ASSESSMENT_KEYS.qualys) return { key, map: { scanner: 'qualys', assessedResourceId: location.registryId, registryHost: host } };
    return undefined;
  }
  const cluster = location.clusterIds.find((c) => c.toLowerCase() === holder);
  return cluster && key === ASSESSMENT_KEYS.runtime ? { key, map: { scanner: 'runtime', assessedResourceId: cluster } } : undefined;
}

function subAssessmentsPath(resourceId: string, key: string): string {
  return `${resourceId}/providers/Microsoft.Security/assessments/${key}/subAssessments?api-version=2019-01-01-preview`;
}

/** One page of packed rows (one per image), each handed to its unit's aggregation as finding records. */
function dispatch(rows: GraphRow[], units: ReadonlyMap<string, PlannedUnit>, sink: ScanSink): void {
  const byUnit = new Map<PlannedUnit, FindingRecord[]>();
  for (const row of rows) {
    const split = splitRowId(row.id);
    const unit = split && units.get(split.unit);
    if (!split || !unit) continue;
    const records = recordsOf(row, split.image, unit);
    const list = byUnit.get(unit);
    if (list) list.push(...records);
    else byUnit.set(unit, records);
  }
  for (const [unit, records] of byUnit) sink.findings(unit.unit, records);
}

/**
 * The sink as the per-subscription path fills it after Resource Graph failed: a part it cannot read
 * either says that both ways were tried, so the answer's "not read" line names the first failure too.
 */
function noting(sink: ScanSink, graphFailure: string): ScanSink {
  const note = (failure: string | undefined) => (failure === undefined ? undefined : `${failure} (read per subscription after Resource Graph failed: ${graphFailure})`);
  return {
    subscriptions: (list) => sink.subscriptions(list),
    registries: (id, list) => sink.registries(id, list),
    readableRegistries: (id, list) => sink.readableRegistries?.(id, list),
    clusters: (id, list) => sink.clusters(id, list),
    workloads: (id, list) => sink.workloads(id, list),
    unitStarted: (unit) => sink.unitStarted(unit),
    findings: (unit, page) => sink.findings(unit, page),
    unitDone: (unit, failure) => sink.unitDone(unit, note(failure)),
    subscriptionDone: (id, failure) => sink.subscriptionDone(id, note(failure)),
  };
}
