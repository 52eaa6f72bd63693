import { runClaimed, type ExecutionDeps } from './execution.js';
import { closeAlreadyInEffect } from './one-per-change.js';
import type { ApprovalNotifier } from './ports.js';
import type { StoredApproval } from './records.js';
import type { ApprovalRequest } from './types.js';

/** Time for the click turn to post its "running" card before a quick outcome replaces it. */
const AFTER_RUNNING_CARD_MS = 1_000;

/**
 * The changes this process is running, and the card updates owed for them: a change that ends
 * outside its click (late, resumed, or closing its twins as already in effect) updates its card for
 * everyone through the notifier.
 */
export class BackgroundRuns {
  private readonly running = new Map<string, Promise<ApprovalRequest | undefined>>();
  private readonly notices = new Set<Promise<void>>();

  constructor(
    private readonly execution: () => ExecutionDeps,
    private readonly notifier: ApprovalNotifier | undefined,
    private readonly onError: (error: unknown) => void,
  ) {}

  has(id: string): boolean {
    return this.running.has(id);
  }

  /** Runs a claimed request, at most once at a time per request in this process. */
  start(claim: StoredApproval, resumed: boolean, announce: boolean): Promise<ApprovalRequest | undefined> {
    const id = claim.request.id;
    const deps = this.execution();
    const run = runClaimed(deps, claim, resumed)
      .then(async (settled) => {
        if (announce) await this.announce(settled);
        for (const other of await closeAlreadyInEffect(deps.records, settled, deps.now())) await this.announce(other);
        return settled;
      })
      .catch((error: unknown) => {
        this.onError(error);
        return undefined;
      })
      .finally(() => this.running.delete(id));
    this.running.set(id, run);
    return run;
  }

  /** Updates the card once `run` ends, after the click's own "running" card has gone out. */
  announceLater(run: Promise<ApprovalRequest | undefined>): void {
    const notice = run.then(async (settled) => {
      if (!settled) return;
      await new Promise((resolve) => setTimeout(resolve, AFTER_RUNNING_CARD_MS));
      await this.announce(settled);
    });
    this.notices.add(notice);
    void notice.finally(() => this.notices.delete(notice));
  }

  private async announce(request: ApprovalRequest): Promise<void> {
    if (!this.notifier || !request.message) return;
    await this.notifier.update(request).catch((error: unknown) => this.onError(error));
  }

  async idle(): Promise<void> {
    while (this.running.size > 0 || this.notices.size > 0) await Promise.all([...this.running.values(), ...this.notices]);
  }
}
