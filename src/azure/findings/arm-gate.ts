import { RestError, type PipelinePolicy, type PipelineResponse } from '@azure/core-rest-pipeline';
import { responseBytes } from './response-bytes.js';

/**
 * Keeps one user's requests inside ARM's throttle budget. ARM gives each caller a token bucket per
 * subscription (and one for the tenant) and says how many tokens are left in
 * `x-ms-ratelimit-remaining-subscription-reads`; a 429 says how long to wait in `Retry-After`.
 * The gate runs as a per-attempt pipeline policy, so it sees every retry too: it caps requests in
 * flight (overall and per subscription) and the bytes they bring back, slows down as the bucket
 * empties, and holds every request to a subscription while ARM asked to wait.
 */

export interface ArmGateOptions {
  /** Requests in flight across all subscriptions (default 32): enough to hide ARM's latency, few enough to keep memory low. */
  maxInFlight?: number;
  /** Requests in flight per subscription (default 12). */
  maxPerSubscription?: number;
  /** Tokens left for the user's other work (the portal, other questions) (default 10). */
  reserve?: number;
  /**
   * Response bytes in flight (default 16 MB): a request's body is held until it is complete, so a
   * large page size would otherwise multiply by `maxInFlight`. Fewer requests go out when pages are large.
   */
  maxBytesInFlight?: number;
  now?: () => number;
}

interface Waiter {
  key: string;
  wake(outcome: 'granted' | 'retry'): void;
}

interface KeyState {
  inFlight: number;
  pausedUntil: number;
  remaining: number | undefined;
}

const SUBSCRIPTION = /\/subscriptions\/([0-9a-fA-F-]{36})(?:[/?]|$)/;
const REMAINING = /^x-ms-ratelimit-remaining-(subscription|tenant)-reads$/i;
/** How long to wait for tokens to trickle back when the bucket is (nearly) empty. */
const REFILL_WAIT_MS = 250;
/** How fast the page size the gate plans with forgets a large page (per answer). */
const PAGE_SIZE_DECAY = 0.95;

/** What the pipeline hands over as a request's abort signal. */
type SignalLike = Pick<AbortSignal, 'aborted' | 'addEventListener' | 'removeEventListener'>;

function abortError(): Error {
  const error = new Error('The operation was aborted.');
  error.name = 'AbortError';
  return error;
}

function sleep(ms: number, signal: SignalLike | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `subscription/{id}` for ARM paths inside a subscription, `tenant` for the rest. */
export function bucketOf(url: string): string {
  const m = SUBSCRIPTION.exec(new URL(url).pathname);
  return m?.[1] ? `subscription/${m[1].toLowerCase()}` : 'tenant';
}

export class ArmGate {
  private readonly maxInFlight: number;
  private readonly maxPerKey: number;
  private readonly reserve: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  /** The largest answer lately (decaying), bytes: what each request in flight may bring. */
  private pageBytes = 0;
  private readonly keys = new Map<string, KeyState>();
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  /** Requests that met a 429 (for tests and the bench). */
  throttled = 0;

  constructor(options: ArmGateOptions = {}) {
    this.maxInFlight = options.maxInFlight ?? 32;
    this.maxPerKey = options.maxPerSubscription ?? 12;
    this.reserve = options.reserve ?? 10;
    this.maxBytes = options.maxBytesInFlight ?? 16 * 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  /**
   * A 429 is ARM saying "later", not a failure: the gate waits as told and sends again (up to
   * `maxThrottleWaits` times, or until the request is aborted), so throttling never uses up the
   * retries meant for real faults (5xx, timeouts).
   */
  policy(maxThrottleWaits = 8): PipelinePolicy {
    return {
      name: 'shipshapeArmGate',
      sendRequest: async (request, next) => {
        const key = bucketOf(request.url);
        for (let waits = 0; ; waits++) {
          await this.acquire(key, request.abortSignal);
          let response: PipelineResponse;
          try {
            response = await next(request);
            this.observe(key, response);
          } finally {
            this.release(key);
          }
          if (response.status !== 429 || waits >= maxThrottleWaits) return response;
        }
      },
    };
  }

  private state(key: string): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = { inFlight: 0, pausedUntil: 0, remaining: undefined };
      this.keys.set(key, state);
    }
    return state;
  }

  /** How many requests a bucket may have in flight now, from what ARM last said was left. */
  private allowance(state: KeyState): number {
    if (state.remaining === undefined) return this.maxPerKey;
    return Math.min(this.maxPerKey, state.remaining - this.reserve);
  }

  private async acquire(key: string, signal: SignalLike | undefined): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw abortError();
      const state = this.state(key);
      const wait = state.pausedUntil - this.now();
      if (wait > 0) {
        await sleep(wait, signal);
        continue;
      }
      if (this.allowance(state) <= 0 && state.inFlight === 0) {
        // The bucket is at the reserve: let one request through after a short refill, and learn again from its answer.
        await sleep(REFILL_WAIT_MS, signal);
        state.remaining = this.reserve + 1;
        continue;
      }
      // First come, first served within a subscription: a newcomer does not overtake its own bucket's waiters.
      if (this.startable(state) && !this.queue.some((w) => w.key === key)) {
        this.take(state);
        return;
      }
      if ((await this.waitTurn(key, signal)) === 'granted') return;
    }
  }

  /** Requests in flight across all buckets now: the request cap, or fewer when answers are large. */
  private capacity(): number {
    if (this.pageBytes === 0) return this.maxInFlight;
    return Math.max(1, Math.min(this.maxInFlight, Math.floor(this.maxBytes / this.pageBytes)));
  }

  private startable(state: KeyState): boolean {
    return this.inFlight < this.capacity() && state.inFlight < Math.max(this.allowance(state), 0);
  }

  private take(state: KeyState): void {
    this.inFlight++;
    state.inFlight++;
  }

  /** Queues until a release makes room (`granted`: the slot is taken on the waiter's behalf) or the bucket needs another look (`retry`). */
  private waitTurn(key: string, signal: SignalLike | undefined): Promise<'granted' | 'retry'> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        reject(abortError());
      };
      const waiter: Waiter = {
        key,
        wake: (outcome) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(outcome);
        },
      };
      this.queue.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Hands freed slots to waiters in order; waiters of a paused or drained bucket go back to wait on it. */
  private dispatch(): void {
    for (let i = 0; i < this.queue.length && this.inFlight < this.capacity(); ) {
      const waiter = this.queue[i] as Waiter;
      const state = this.state(waiter.key);
      if (state.pausedUntil > this.now() || (this.allowance(state) <= 0 && state.inFlight === 0)) {
        this.queue.splice(i, 1);
        waiter.wake('retry');
      } else if (this.startable(state)) {
        this.queue.splice(i, 1);
        this.take(state);
        waiter.wake('granted');
      } else {
        i++;
      }
    }
  }

  private release(key: string): void {
    this.inFlight--;
    this.state(key).inFlight--;
    this.dispatch();
  }

  private observe(key: string, response: PipelineResponse): void {
    const state = this.state(key);
    this.pageBytes = Math.max(bodyBytes(response), this.pageBytes * PAGE_SIZE_DECAY);
    for (const [name, value] of response.headers) {
      if (!REMAINING.test(name)) continue;
      const n = Number(value);
      if (Number.isFinite(n)) state.remaining = n;
    }
    if (response.status === 429) {
      this.throttled++;
      const retryAfter = Number(response.headers.get('retry-after'));
      const ms = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000;
      state.pausedUntil = Math.max(state.pausedUntil, this.now() + ms);
    }
  }
}

/** An answer's size: its Content-Length, or the body as read (text in UTF-16 code units; ARM's JSON is mostly ASCII). */
function bodyBytes(response: PipelineResponse): number {
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length) && length > 0) return length;
  return responseBytes(response)?.length ?? response.bodyAsText?.length ?? 0;
}

/**
 * A time limit per attempt. A timed-out attempt fails like a dropped connection (`ETIMEDOUT`), which
 * the SDK's retry policy retries with backoff and jitter; the caller's own abort still ends it all.
 */
export function attemptTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'shipshapeAttemptTimeout',
    sendRequest: async (request, next) => {
      const outer = request.abortSignal;
      const controller = new AbortController();
      let timedOut = false;
      const onAbort = (): void => controller.abort();
      outer?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      request.abortSignal = controller.signal;
      try {
        return await next(request);
      } catch (error) {
        if (timedOut && !outer?.aborted) {
          // No request on the error: it would carry the bearer token into logs.
          throw new RestError(`No answer within ${timeoutMs} ms`, { code: 'ETIMEDOUT' });
        }
        throw error;
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', onAbort);
        request.abortSignal = outer;
      }
    },
  };
}
