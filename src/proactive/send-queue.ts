import { RateWindow } from './rate-window.js';
import { SendCancelled, toSendFailure } from './send-failure.js';

/**
 * Proactive sends within Teams' limits: 7 messages per second per conversation and 50 per second
 * per app per tenant (each a sliding window), one message at a time per conversation so they
 * arrive in order. A 429 pauses that conversation for its `Retry-After`; 412, 5xx and network
 * failures are retried with jittered exponential backoff; 403 and 404 end the job at once (the bot
 * was removed or blocked, or the conversation is gone) for the caller to act on.
 */

export interface SendJob<T> {
  /** Names the job in logs and outcomes. */
  id: string;
  tenantKey: string;
  conversationKey: string;
  payload: T;
}

export type SendOutcome =
  | { status: 'sent'; activityId: string | undefined; attempts: number }
  /** 403: removed or blocked. 404: the conversation no longer exists. */
  | { status: 'forbidden' | 'gone'; detail: string; attempts: number }
  | { status: 'failed'; detail: string; attempts: number }
  /** Never started because the queue closed: safe to send later. */
  | { status: 'deferred'; attempts: number };

export type Deliver<T> = (payload: T) => Promise<{ activityId?: string | undefined }>;

export interface SendQueueOptions {
  perConversation?: { count: number; windowMs: number };
  perTenant?: { count: number; windowMs: number };
  /** Added to each window: arrival at Teams lags the start of a send. */
  marginMs?: number;
  maxInFlight?: number;
  /** Tries for retryable failures (412, 5xx, network), the first one included. */
  maxAttempts?: number;
  /** 429s tolerated per job before giving up. */
  maxThrottles?: number;
  backoff?: { baseMs: number; maxMs: number };
  random?: () => number;
}

interface Pending<T> {
  job: SendJob<T>;
  attempts: number;
  throttles: number;
  notBefore: number;
  resolve(outcome: SendOutcome): void;
}

interface Lane<T> {
  tenantKey: string;
  queue: Pending<T>[];
  busy: boolean;
  /** In its tenant's round: set while it has work or a send in flight. */
  listed: boolean;
  pausedUntil: number;
  window: RateWindow;
}

interface Tenant {
  window: RateWindow;
  /** Sends are paced evenly through the window rather than burst at its start. */
  nextSlot: number;
  order: string[];
}

const RETRYABLE = new Set([408, 412, 500, 502, 503, 504]);

export class SendQueue<T> {
  private readonly lanes = new Map<string, Lane<T>>();
  private readonly tenants = new Map<string, Tenant>();
  private readonly options: Required<SendQueueOptions>;
  private inFlight = 0;
  private pumps = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private closing = false;
  private idle: (() => void) | undefined;

  constructor(
    private readonly deliver: Deliver<T>,
    options: SendQueueOptions = {},
  ) {
    this.options = {
      perConversation: { count: 7, windowMs: 1_000 },
      perTenant: { count: 50, windowMs: 1_000 },
      marginMs: 25,
      maxInFlight: 32,
      maxAttempts: 6,
      maxThrottles: 20,
      backoff: { baseMs: 500, maxMs: 30_000 },
      random: Math.random,
      ...options,
    };
  }

  /** Resolves when the message was sent or definitely will not be; never rejects. */
  send(job: SendJob<T>): Promise<SendOutcome> {
    if (this.closing) return Promise.resolve({ status: 'deferred', attempts: 0 });
    return new Promise((resolve) => {
      const { perConversation, perTenant, marginMs } = this.options;
      let lane = this.lanes.get(job.conversationKey);
      if (!lane) {
        lane = { tenantKey: job.tenantKey, queue: [], busy: false, listed: false, pausedUntil: 0, window: new RateWindow(perConversation.count, perConversation.windowMs + marginMs) };
        this.lanes.set(job.conversationKey, lane);
      }
      let tenant = this.tenants.get(job.tenantKey);
      if (!tenant) {
        tenant = { window: new RateWindow(perTenant.count, perTenant.windowMs + marginMs), nextSlot: 0, order: [] };
        this.tenants.set(job.tenantKey, tenant);
      }
      if (!lane.listed) {
        tenant.order.push(job.conversationKey);
        lane.listed = true;
      }
      lane.queue.push({ job, attempts: 0, throttles: 0, notBefore: 0, resolve });
      this.pump();
    });
  }

  /** Jobs not started yet, in every lane. */
  get waiting(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.queue.length;
    return n;
  }

  private pump(): void {
    const now = Date.now();
    let earliest = Infinity;
    for (const [tenantKey, tenant] of this.tenants) {
      const keep: string[] = [];
      const ready: Lane<T>[] = [];
      for (const key of tenant.order) {
        const lane = this.lanes.get(key);
        if (!lane || (lane.queue.length === 0 && !lane.busy)) {
          if (lane) lane.listed = false;
          // Its window must be empty before it is forgotten, or a new job could exceed the limit.
          if (lane?.window.idle(now) && lane.pausedUntil <= now) this.lanes.delete(key);
          continue;
        }
        keep.push(key);
        const head = lane.queue[0];
        if (lane.busy || !head) continue;
        const at = Math.max(head.notBefore, lane.pausedUntil, lane.window.nextFree(now));
        if (at > now) earliest = Math.min(earliest, at);
        else ready.push(lane);
      }
      tenant.order = keep;
      if (keep.length === 0 && tenant.window.idle(now)) this.tenants.delete(tenantKey);
      // Paced, longest backlog first: a conversation with many messages is held to 7 a second, so it
      // must get a slot whenever it is ready for everything to finish as soon as the tenant budget
      // allows; pacing (rather than bursting 50 at the start of each second) leaves it those slots.
      const spacing = (this.options.perTenant.windowMs + this.options.marginMs) / this.options.perTenant.count;
      while (ready.length > 0 && this.inFlight < this.options.maxInFlight) {
        const free = Math.max(tenant.window.nextFree(now), tenant.nextSlot);
        if (free > now) {
          earliest = Math.min(earliest, free);
          break;
        }
        let best = 0;
        for (let i = 1; i < ready.length; i++) if ((ready[i] as Lane<T>).queue.length > (ready[best] as Lane<T>).queue.length) best = i;
        const lane = ready.splice(best, 1)[0] as Lane<T>;
        const head = lane.queue.shift() as Pending<T>;
        lane.window.take(now);
        tenant.window.take(now);
        // A timer firing a little late keeps the pace (the next slot stays on the grid); after a pause
        // the grid restarts from now, so idle time never turns into a burst.
        tenant.nextSlot = (tenant.nextSlot < now - spacing ? now : tenant.nextSlot) + spacing;
        void this.dispatch(lane, head);
      }
    }
    this.arm(earliest);
    if (++this.pumps % 1_000 === 0) this.sweep(now);
    if (this.inFlight === 0 && this.waiting === 0) this.idle?.();
  }

  /** Forgets conversations with nothing queued and an empty window, so a long-running process stays small. */
  private sweep(now: number): void {
    for (const [key, lane] of this.lanes) {
      if (!lane.listed && lane.window.idle(now) && lane.pausedUntil <= now) this.lanes.delete(key);
    }
  }

  private arm(at: number): void {
    if (at === Infinity || at >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, at - Date.now()));
  }

  private backoff(attempt: number): number {
    const { baseMs, maxMs } = this.options.backoff;
    const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
    // "Equal jitter": never less than half the step, so retries from many jobs spread out but still back off.
    return Math.round(ceiling / 2 + (ceiling / 2) * this.options.random());
  }

  private async dispatch(lane: Lane<T>, pending: Pending<T>): Promise<void> {
    lane.busy = true;
    this.inFlight++;
    pending.attempts++;
    const requeue = (): void => {
      lane.queue.unshift(pending);
    };
    try {
      const result = await this.deliver(pending.job.payload);
      pending.resolve({ status: 'sent', activityId: result.activityId, attempts: pending.attempts });
    } catch (error) {
      if (error instanceof SendCancelled) {
        pending.resolve({ status: 'deferred', attempts: pending.attempts - 1 });
        return;
      }
      const failure = toSendFailure(error);
      const now = Date.now();
      const detail = `${failure.status ?? 'no answer'}${failure.code ? ` ${failure.code}` : ''}: ${failure.message}`.slice(0, 300);
      if (failure.status === 429) {
        pending.throttles++;
        pending.attempts--;
        lane.pausedUntil = now + (failure.retryAfterMs ?? 1_000);
        if (pending.throttles > this.options.maxThrottles) pending.resolve({ status: 'failed', detail, attempts: pending.attempts });
        else requeue();
      } else if (failure.status === 403) {
        pending.resolve({ status: 'forbidden', detail, attempts: pending.attempts });
      } else if (failure.status === 404) {
        pending.resolve({ status: 'gone', detail, attempts: pending.attempts });
      } else if ((failure.status === undefined || RETRYABLE.has(failure.status)) && pending.attempts < this.options.maxAttempts) {
        pending.notBefore = now + this.backoff(pending.attempts);
        requeue();
      } else {
        pending.resolve({ status: 'failed', detail, attempts: pending.attempts });
      }
    } finally {
      lane.busy = false;
      this.inFlight--;
      if (this.closing) this.dropWaiting();
      this.pump();
    }
  }

  private dropWaiting(): void {
    for (const lane of this.lanes.values()) {
      for (const pending of lane.queue.splice(0)) pending.resolve({ status: 'deferred', attempts: pending.attempts });
    }
  }

  /** Stops starting sends; waiting jobs resolve `deferred`; resolves once sends in flight have finished. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    this.timerAt = Infinity;
    this.dropWaiting();
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
  }
}
