import type { ApprovalRecords, StoredApproval } from './records.js';
import { isFinal, type ApprovalRequest } from './types.js';

/**
 * Holds one claim while its change runs: renews the lease on a timer (so no other instance takes
 * over a slow write) and makes every write of the run conditional on the claim still being this
 * one. Once another instance has taken the request over, or it has ended, the keeper is `lost` and
 * writes nothing more: a stale owner's late result can neither overwrite the new owner's record
 * nor add a second audit entry.
 */
export class ClaimKeeper {
  private current: StoredApproval;
  private readonly claimId: string;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  lost = false;

  constructor(
    private readonly records: ApprovalRecords,
    stored: StoredApproval,
    private readonly leaseMs: number,
    private readonly now: () => Date,
  ) {
    this.current = stored;
    this.claimId = stored.request.claim?.id ?? '';
    if (!this.claimId) this.lost = true;
  }

  get request(): ApprovalRequest {
    return this.current.request;
  }

  /** Renews the lease every third of its length until `stop`. */
  start(): void {
    if (this.timer || this.lost) return;
    this.timer = setInterval(() => void this.renew().catch(() => undefined), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.chain.catch(() => undefined);
  }

  private renew(): Promise<StoredApproval | undefined> {
    return this.update((r) => (r.claim ? { ...r, claim: { ...r.claim, leaseUntil: new Date(this.now().getTime() + this.leaseMs).toISOString() } } : r));
  }

  /**
   * Stores `change(latest)` while the claim is still this one; on a conflict (a watcher added, a
   * renewal) it reads again and reapplies. Undefined once the claim is lost.
   */
  update(change: (request: ApprovalRequest) => ApprovalRequest): Promise<StoredApproval | undefined> {
    const run = this.chain.catch(() => undefined).then(() => this.apply(change));
    this.chain = run;
    return run;
  }

  private async apply(change: (request: ApprovalRequest) => ApprovalRequest): Promise<StoredApproval | undefined> {
    for (let attempt = 0; attempt < 8; attempt++) {
      if (this.lost) return undefined;
      const saved = await this.records.replace(change(this.current.request), this.current.etag);
      if (saved) {
        this.current = saved;
        return saved;
      }
      const latest = await this.records.load(this.current.request.id);
      if (!latest || latest.request.claim?.id !== this.claimId || isFinal(latest.request.state)) {
        this.lost = true;
        if (latest) this.current = latest;
        return undefined;
      }
      this.current = latest;
    }
    throw new Error(`approval ${this.current.request.id}: the store kept changing under its claim`);
  }

  /** The request as last read or written (the new owner's version once lost). */
  async latest(): Promise<ApprovalRequest> {
    return (await this.records.load(this.current.request.id))?.request ?? this.current.request;
  }
}
