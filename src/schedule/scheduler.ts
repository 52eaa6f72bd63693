import type { Logger } from '../log/logger.js';
import type { DigestRunner, RunResult } from './digest-runner.js';
import type { SubscriptionRepository } from './subscriptions.js';

export interface SchedulerOptions {
  repository: SubscriptionRepository;
  runner: Pick<DigestRunner, 'runDue'>;
  log: Logger;
  /** Longest sleep between looks at the due list: how soon changes made by other instances are seen. */
  pollMs: number;
  /** Runs in progress at once on this instance. */
  concurrency?: number;
  now?: () => Date;
}

/**
 * Wakes when the next digest is due (or after `pollMs`, whichever comes first), runs everything due
 * and goes back to sleep. A digest missed while no instance was running is due in the past: it runs
 * once at the next look, and its next occurrence is computed from then, so downtime never turns into
 * a burst of repeated digests. With several instances, each run is claimed by a lease in the store.
 */
export class DigestScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = new Set<Promise<unknown>>();
  private ticking: Promise<number> | undefined;
  private stopped = true;
  private closing = false;
  private readonly now: () => Date;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wake(0);
  }

  private wake(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().then(
        () => this.sleep(),
        (error: unknown) => {
          this.options.log.error({ err: error }, 'digest scheduler tick failed');
          this.wake(this.options.pollMs);
        },
      );
    }, Math.max(0, delayMs));
  }

  private async sleep(): Promise<void> {
    if (this.stopped) return;
    const now = this.now();
    const next = await this.options.repository.nextDueAfter(now).catch(() => undefined);
    const untilNext = next ? next.getTime() - now.getTime() : Infinity;
    this.wake(Math.min(this.options.pollMs, untilNext));
  }

  /** Runs whatever is due now; resolves with how many runs it started. Overlapping calls share one pass. */
  tick(): Promise<number> {
    this.ticking ??= this.pass().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async pass(): Promise<number> {
    const limit = this.options.concurrency ?? 32;
    const started: Promise<unknown>[] = [];
    for await (const entry of this.options.repository.due(this.now())) {
      if (this.closing) break;
      while (this.running.size >= limit) await Promise.race(this.running);
      const run = this.options.runner.runDue(entry.id, entry.dueAt).then(
        async (result: RunResult) => {
          // The subscription no longer matches this entry (changed, removed, or advanced by a crash-free run elsewhere).
          if (result === 'stale') await this.options.repository.dropDue(entry);
        },
        (error: unknown) => this.options.log.error({ err: error, subscription: entry.id }, 'digest run failed'),
      );
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
      started.push(run);
    }
    await Promise.all(started);
    return started.length;
  }

  /** Stops waking up and waits for runs in progress (their sends finish or are deferred by the queue). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking?.catch(() => undefined);
    await Promise.all([...this.running]);
  }
}
