import type { ApprovalService } from './approval-service.js';

export interface RecoveryOptions {
  /** Between sweeps; default one minute. */
  intervalMs?: number;
  onError?: (error: unknown) => void;
  onSweep?: (counts: { resumed: number; expired: number }) => void;
}

/**
 * Sweeps once at start (a restart resumes what a crash interrupted) and then on an interval (another
 * instance's crash, expiries nobody clicked). Returns a stop function that waits for a sweep in flight.
 */
export function startRecovery(service: ApprovalService, options: RecoveryOptions = {}): { stop(): Promise<void>; done: Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const sweep = (): Promise<void> => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const counts = await service.sweep();
        options.onSweep?.(counts);
      } catch (error) {
        options.onError?.(error);
      }
    });
    return running;
  };
  const done = sweep();
  const timer = setInterval(() => void sweep(), options.intervalMs ?? 60_000);
  timer.unref();
  return {
    done,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
