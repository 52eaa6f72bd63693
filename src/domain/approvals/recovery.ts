import type { ApprovalService } from './approval-service.js';

export interface RecoveryOptions {
  /** Between sweeps; default one minute. */
  intervalMs?: number;
  onError?: (error: unknown) => void;
  onSweep?: (counts: { resumed: number; expired: number }) => void;
  /** How long stopping waits for changes still running; default 5 s. */
  drainMs?: number;
}

/**
 * Sweeps once at start (a restart resumes what a crash interrupted) and then on an interval (another
 * instance's crash, expiries nobody clicked). Returns a stop function that waits for a sweep in flight.
 */
export function startRecovery(service: ApprovalService, options: RecoveryOptions = {}): { stop(): Promise<void>; done: Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const sweep = (first = false): Promise<void> => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        // At start, what this instance claimed before it stopped is its own to finish, now.
        const counts = await service.sweep({ ownAtOnce: first });
        options.onSweep?.(counts);
      } catch (error) {
        options.onError?.(error);
      }
    });
    return running;
  };
  const done = sweep(true);
  const timer = setInterval(() => void sweep(), options.intervalMs ?? 60_000);
  timer.unref();
  return {
    done,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      // Changes still running are left to their leases: another instance (or a restart) resumes them.
      await Promise.race([service.idle(), new Promise((resolve) => setTimeout(resolve, options.drainMs ?? 5_000).unref())]);
    },
  };
}
