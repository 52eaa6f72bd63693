import type { AzureConfig } from '../../config/index.js';
import { imageKey, type FindingRecord, type FindingsSource, type ImageLocation, type RegistryInfo, type ScanRequest, type ScanSink, type ScanUnit, type SubscriptionInfo } from '../../domain/findings/index.js';
import type { UserIdentity } from '../../domain/identity.js';
import { PerUser } from '../per-user.js';
import type { CredentialFactory } from '../credentials.js';
import { toUserError } from '../errors.js';
import { ArmGate, type ArmGateOptions } from './arm-gate.js';
import { ArmJsonReader, type ArmHttpOptions } from './arm-reader.js';
import { EstateReader, environmentOf } from './estate-reader.js';
import { describeFailure } from './failures.js';
import { scanPlan } from './scan-plan.js';
import { ASSESSMENT_KEYS, toFindingRecord, type MapContext } from './sub-assessment-mapper.js';

export interface DefenderSourceOptions {
  gate?: ArmGateOptions;
  attemptTimeoutMs?: number;
  maxRetries?: number;
  /**
   * Registries and clusters read at the same time in one scan (default 48: more than the gate lets
   * through, so it stays busy). A unit waiting for the gate holds its last page; without this bound a
   * large estate would hold one page per registry at once.
   */
  maxUnits?: number;
}

/** A counting semaphore: at most `size` holders; waiters leave when their signal aborts. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  async acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiting.indexOf(wake);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal.reason);
      };
      const wake = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiting.push(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

const SUB_ASSESSMENTS_API = '2019-01-01-preview';

interface Readers {
  estate: EstateReader;
  raw: ArmJsonReader;
}

/**
 * Defender for Cloud's sub-assessments as a findings source. Per subscription, in parallel: the
 * estate lists (groups, registries, assessments, clusters, container groups), then every registry
 * whose assessment is Unhealthy and every cluster with running-image findings is read page by page,
 * all within the user's throttle budget. Registries with a Healthy assessment are skipped: nothing
 * in them is open.
 */
export class DefenderFindingsSource implements FindingsSource {
  /** One gate per user: ARM's buckets are per caller, whichever question is asking. */
  private readonly gates: PerUser<ArmGate>;

  constructor(
    private readonly azure: AzureConfig,
    private readonly credentials: CredentialFactory,
    private readonly options: DefenderSourceOptions = {},
  ) {
    this.gates = new PerUser(() => new ArmGate(this.options.gate));
  }

  private async readers(user: UserIdentity): Promise<Readers> {
    const credential = await this.credentials.forUser(user);
    const http: ArmHttpOptions = { gate: this.gates.of(user), ...pick(this.options) };
    return { estate: new EstateReader(this.azure, credential, http), raw: new ArmJsonReader(this.azure, credential, http) };
  }

  async scan(request: ScanRequest, sink: ScanSink): Promise<void> {
    const readers = await this.readers(request.user);
    let subscriptions: SubscriptionInfo[];
    try {
      subscriptions = await readers.estate.subscriptions(request.signal);
    } catch (error) {
      throw toUserError(error, 'listing the subscriptions you can read');
    }
    sink.subscriptions(subscriptions);
    const slots = new Slots(this.options.maxUnits ?? 48);
    await Promise.all(
      subscriptions.map((sub) =>
        this.scanSubscription(sub, request, sink, readers, slots).then(
          () => sink.subscriptionDone(sub.id),
          (error: unknown) => sink.subscriptionDone(sub.id, describeFailure(error)),
        ),
      ),
    );
  }

  private async scanSubscription(sub: SubscriptionInfo, request: ScanRequest, sink: ScanSink, readers: Readers, slots: Slots): Promise<void> {
    const { signal, scope } = request;
    const { estate } = readers;
    const groups = estate.groupTags(sub.id, signal);
    const registries = estate.registries(sub.id, signal);
    const states = estate.assessmentStates(sub.id, Object.values(ASSESSMENT_KEYS), signal);
    const clusters = estate.clusters(sub.id, groups, sub.environment, signal);
    const workloads = estate.containerWorkloads(sub.id, groups, sub.environment, signal);
    // Settle every list before failing, so no rejection is left unobserved.
    const [, , , clusterResult, workloadResult] = await Promise.allSettled([groups, registries, states, clusters, workloads]);
    const [tags, registryList, stateMap] = await Promise.all([groups, registries, states]);
    // Where images run only adds to the answer: losing it costs a line in "what is missing", not the findings.
    const optional = <T>(result: PromiseSettledResult<T[]>, label: string): T[] => {
      if (result.status === 'fulfilled') return result.value;
      sink.unitDone({ id: `${sub.id}|${label}`, subscriptionId: sub.id, label, resourceId: `/subscriptions/${sub.id}`, runtime: false }, describeFailure(result.reason));
      return [];
    };
    const clusterList = optional(clusterResult, 'AKS clusters');

    const plan = scanPlan(sub.id, scope, stateMap, registryList, clusterList, (r) => environmentOf(r.tags, tags.get(r.resourceGroup.toLowerCase()), sub.environment));
    sink.registries(sub.id, plan.registries);
    sink.readableRegistries?.(sub.id, registryList.map((r) => r.loginServer));
    sink.clusters(sub.id, plan.clusters);
    sink.workloads(sub.id, optional(workloadResult, 'container groups'));
    await Promise.all(plan.units.map((unit) => this.readUnit(unit.unit, unit.key, unit.context, readers.raw, sink, signal, slots)));
  }

  private async readUnit(unit: ScanUnit, key: string, context: MapContext, raw: ArmJsonReader, sink: ScanSink, signal: AbortSignal, slots: Slots): Promise<void> {
    sink.unitStarted(unit);
    try {
      await slots.acquire(signal);
    } catch (error) {
      sink.unitDone(unit, describeFailure(error));
      return;
    }
    try {
      const path = `${unit.resourceId}/providers/Microsoft.Security/assessments/${key}/subAssessments?api-version=${SUB_ASSESSMENTS_API}`;
      // Mapped as parsed: a raw item is garbage as soon as its record exists.
      await raw.eachPage<FindingRecord>(path, signal, (records) => sink.findings(unit, records), (item) => toFindingRecord(item, context));
      sink.unitDone(unit);
    } catch (error) {
      sink.unitDone(unit, describeFailure(error));
    } finally {
      slots.release();
    }
  }

  async imageFindings(user: UserIdentity, location: ImageLocation, signal: AbortSignal): Promise<FindingRecord[]> {
    const { raw } = await this.readers(user);
    const wanted = imageKey(location.image);
    const read = async (resourceId: string, key: string, context: MapContext): Promise<FindingRecord[]> => {
      const out: FindingRecord[] = [];
      const path = `${resourceId}/providers/Microsoft.Security/assessments/${key}/subAssessments?api-version=${SUB_ASSESSMENTS_API}`;
      await raw.eachPage<FindingRecord>(path, signal, (records) => out.push(...records), (item) => {
        const record = toFindingRecord(item, context);
        return record && imageKey(record.image) === wanted ? record : undefined;
      });
      return out;
    };
    try {
      if (location.registryId) {
        const host = location.image.registryHost;
        const mdvm = await read(location.registryId, ASSESSMENT_KEYS.registry, { scanner: 'registry', assessedResourceId: location.registryId, registryHost: host });
        if (mdvm.length > 0) return mdvm;
        return await read(location.registryId, ASSESSMENT_KEYS.qualys, { scanner: 'qualys', assessedResourceId: location.registryId, registryHost: host });
      }
      const found = await Promise.all(location.clusterIds.map((id) => read(id, ASSESSMENT_KEYS.runtime, { scanner: 'runtime', assessedResourceId: id })));
      return found.flat();
    } catch (error) {
      throw toUserError(error, `reading the findings of ${location.image.repository}`);
    }
  }
}

function pick(options: DefenderSourceOptions): Omit<ArmHttpOptions, 'gate'> {
  return {
    ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  };
}

export type { RegistryInfo };
