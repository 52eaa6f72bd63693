import type { FaultOptions } from './options.js';
import { ArmError } from './types.js';

export type RequestKind = 'reads' | 'writes' | 'deletes';

interface Limit {
  capacity: number;
  perSecond: number;
}

export type ThrottleLimits = Record<RequestKind, Limit>;

/** ARM's token buckets per security principal and subscription (per region in Azure). */
const ARM_DEFAULTS: ThrottleLimits = {
  reads: { capacity: 250, perSecond: 25 },
  writes: { capacity: 200, perSecond: 10 },
  deletes: { capacity: 200, perSecond: 10 },
};

export function throttleLimits(option: FaultOptions['throttle']): ThrottleLimits | undefined {
  if (option === false) return undefined;
  if (option === undefined) return ARM_DEFAULTS;
  const perMinute = (n: number | undefined, fallback: Limit): Limit =>
    n === undefined ? fallback : { capacity: Math.max(1, n), perSecond: Math.max(1, n) / 60 };
  const writes = perMinute(option.writesPerMinute, ARM_DEFAULTS.writes);
  return { reads: perMinute(option.readsPerMinute, ARM_DEFAULTS.reads), writes, deletes: writes };
}

export function kindOf(method: string): RequestKind {
  if (method === 'GET' || method === 'HEAD') return 'reads';
  return method === 'DELETE' ? 'deletes' : 'writes';
}

export interface ThrottleResult {
  /** `x-ms-ratelimit-remaining-subscription-reads` and friends, with its value. */
  headers: Record<string, string>;
}

/**
 * Token-bucket throttling as ARM does it: each caller has its own buckets per subscription (or
 * for the tenant, for requests outside any subscription); a request takes one token; an empty
 * bucket answers 429 with `Retry-After` until it refills.
 */
export class Throttle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limits: ThrottleLimits | undefined,
    private readonly tenantId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token or throws ARM's 429; returns the remaining-requests header to send. */
  take(principalId: string, subscriptionId: string | undefined, kind: RequestKind): ThrottleResult {
    if (!this.limits) return { headers: {} };
    const limit = this.limits[kind];
    const scope = subscriptionId === undefined ? 'tenant' : 'subscription';
    const header = `x-ms-ratelimit-remaining-${scope}-${kind}`;
    const key = `${principalId}|${(subscriptionId ?? '').toLowerCase()}|${kind}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.capacity, at: now };
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
      const operation = kind === 'reads' ? 'read' : kind === 'writes' ? 'write' : 'delete';
      const where = subscriptionId === undefined ? `tenant '${this.tenantId}'` : `subscription '${subscriptionId}'`;
      throw new ArmError(
        429,
        subscriptionId === undefined ? 'TenantRequestsThrottled' : 'SubscriptionRequestsThrottled',
        `Number of '${operation}' requests for ${where} actor '${principalId}' exceeded. ` +
          `Please try again after '${retryAfter}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`,
        undefined,
        { 'Retry-After': String(retryAfter), [header]: '0' },
      );
    }
    bucket.tokens -= 1;
    return { headers: { [header]: String(Math.floor(bucket.tokens)) } };
  }
}
