import { randomUUID } from 'node:crypto';
import type { FaultOptions } from './options.js';
import { guidFrom, seededRandom } from './prng.js';
import { Throttle, throttleLimits } from './throttle.js';

/**
 * The run's fault settings: latency, throttling, injected 5xx answers and slow follow-up pages.
 * With a seed, the same sequence of requests meets the same jitter and the same failures.
 */
export class FaultController {
  private faults: FaultOptions = {};
  private random: () => number = Math.random;
  private seeded = false;
  throttle!: Throttle;

  constructor(
    faults: FaultOptions | undefined,
    private readonly tenantId: string,
  ) {
    this.set(faults ?? {});
  }

  set(faults: FaultOptions): void {
    const rate = faults.errorRate ?? 0;
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`errorRate must be between 0 and 1, got ${rate}`);
    const statesPage = faults.policyStatesPageSize;
    if (statesPage !== undefined && !(Number.isInteger(statesPage) && statesPage > 0)) throw new RangeError(`policyStatesPageSize must be a positive integer, got ${statesPage}`);
    for (const key of ['latencyMs', 'jitterMs', 'slowPageMs'] as const) {
      const v = faults[key];
      if (v !== undefined && !(v >= 0)) throw new RangeError(`${key} must be a non-negative number, got ${v}`);
    }
    this.faults = { ...faults };
    this.seeded = faults.seed !== undefined;
    this.random = faults.seed !== undefined ? seededRandom(faults.seed) : Math.random;
    // New limits start with full buckets, as a fresh run would.
    this.throttle = new Throttle(throttleLimits(faults.throttle), this.tenantId);
  }

  /** The settings in force, for route modules that model an Azure behaviour tests can turn on. */
  current(): Readonly<FaultOptions> {
    return this.faults;
  }

  /** How long to hold an ARM answer: fixed latency, jitter, and the slow-page delay for follow-up pages. */
  delayMs(isFollowUpPage: boolean): number {
    const { latencyMs = 0, jitterMs = 0, slowPageMs = 0 } = this.faults;
    const jitter = jitterMs > 0 ? this.random() * jitterMs : 0;
    return latencyMs + jitter + (isFollowUpPage ? slowPageMs : 0);
  }

  /** A status to fail this request with, drawn at the configured error rate; undefined to handle it. */
  injectedFailure(): 500 | 503 | undefined {
    const rate = this.faults.errorRate ?? 0;
    if (rate <= 0 || this.random() >= rate) return undefined;
    return this.random() < 2 / 3 ? 500 : 503;
  }

  /** A new GUID, reproducible under a seed. */
  newId(): string {
    return this.seeded ? guidFrom(this.random) : randomUUID();
  }
}
