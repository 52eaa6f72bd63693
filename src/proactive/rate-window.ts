/**
 * A sliding-window limit: at most `count` starts in any `windowMs`. Teams counts arrivals, and a
 * send reaches it a moment after it starts, so the window is widened by a small margin.
 */
export class RateWindow {
  private readonly starts: number[] = [];

  constructor(
    private readonly count: number,
    private readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    while (this.starts.length > 0 && (this.starts[0] as number) <= now - this.windowMs) this.starts.shift();
  }

  /** When the next start is allowed (now when there is room). */
  nextFree(now: number): number {
    this.prune(now);
    return this.starts.length < this.count ? now : (this.starts[this.starts.length - this.count] as number) + this.windowMs;
  }

  take(now: number): void {
    this.prune(now);
    this.starts.push(now);
  }

  /** Nothing started within the window: forgetting this window loses nothing. */
  idle(now: number): boolean {
    this.prune(now);
    return this.starts.length === 0;
  }
}
