import { ArmError } from '../http/types.js';

/** Resource Graph's per-user query quota: `queries` per `windowSeconds`, or `false` for none. */
export type QuotaOptions = { queries: number; windowSeconds: number } | false;

/** The documented example quota: 15 queries per 5-second window per user. */
export const DEFAULT_QUOTA = { queries: 15, windowSeconds: 5 } as const;

function hhmmss(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/**
 * Counts each user's queries in fixed windows, as Resource Graph does. Every answer says how many
 * queries remain (`x-ms-user-quota-remaining`) and when the window resets
 * (`x-ms-user-quota-resets-after`, hh:mm:ss); a query past the quota is answered 429.
 */
export class ResourceGraphQuota {
  private windows = new Map<string, { start: number; used: number }>();
  private options: QuotaOptions = DEFAULT_QUOTA;

  constructor(
    options: QuotaOptions | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.set(options);
  }

  set(options: QuotaOptions | undefined): void {
    if (options !== undefined && options !== false && !(Number.isInteger(options.queries) && options.queries > 0 && options.windowSeconds > 0)) {
      throw new RangeError('resourceGraphQuota needs a positive whole number of queries and a positive window');
    }
    this.options = options ?? DEFAULT_QUOTA;
    this.windows = new Map();
  }

  /** Takes one query from the user's window; returns the headers to send, or throws the 429. */
  take(userId: string, correlationId: string): Record<string, string> {
    if (this.options === false) return {};
    const { queries, windowSeconds } = this.options;
    const windowMs = windowSeconds * 1000;
    const now = this.now();
    let window = this.windows.get(userId);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(userId, window);
    }
    const resetsAfter = hhmmss(window.start + windowMs - now);
    if (window.used >= queries) {
      throw new ArmError(
        429,
        'RateLimiting',
        `Please provide below info when asking for support: timestamp = ${new Date(now).toISOString()}, correlationId = ${correlationId}.`,
        [
          {
            code: 'RateLimiting',
            message: 'Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.',
          },
        ],
        { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': resetsAfter },
      );
    }
    window.used++;
    return { 'x-ms-user-quota-remaining': String(queries - window.used), 'x-ms-user-quota-resets-after': resetsAfter };
  }
}
