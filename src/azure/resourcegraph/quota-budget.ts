/**
 * One user's Resource Graph quota as the service last reported it (`x-ms-user-quota-remaining`,
 * `x-ms-user-quota-resets-after`). Queries take from it before they are sent, so concurrent
 * questions of one person share it; when it is spent, the next query waits for the window to reset
 * instead of drawing a 429.
 */
export class QuotaBudget {
  private remaining: number | undefined;
  private resetsAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Waits, if the quota is known to be spent, until its window resets; then takes one query. Returns
   * false instead of waiting longer than `maxWaitMs` (an answer has a time budget).
   */
  async take(signal: AbortSignal, maxWaitMs: number): Promise<boolean> {
    for (;;) {
      signal.throwIfAborted();
      const now = this.now();
      if (this.remaining === undefined || this.remaining > 0 || now >= this.resetsAt) {
        if (now >= this.resetsAt && this.remaining !== undefined && this.remaining <= 0) this.remaining = undefined;
        if (this.remaining !== undefined) this.remaining--;
        return true;
      }
      if (this.resetsAt - now > maxWaitMs) return false;
      await sleep(this.resetsAt - now, signal);
    }
  }

  /** Records what an answer (or a 429) said about the quota. */
  update(remaining: string | undefined, resetsAfter: string | undefined): void {
    const left = remaining === undefined ? NaN : Number(remaining);
    const wait = parseResetsAfter(resetsAfter);
    if (Number.isFinite(left)) this.remaining = left;
    if (wait !== undefined) this.resetsAt = this.now() + wait;
  }

  /** How long a throttled query should wait before trying again. */
  waitMs(): number {
    return Math.max(250, this.resetsAt - this.now());
  }
}

/** `hh:mm:ss` (optionally with fractional seconds) → milliseconds. */
export function parseResetsAfter(value: string | undefined): number | undefined {
  const m = value ? /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value.trim()) : null;
  if (!m) return undefined;
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
