import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { UserIdentity } from '../identity.js';
import { EstateAggregate } from './estate-aggregate.js';
import type { EstateView } from './estate-view.js';
import { ScanCache, type ScanEntry } from './scan-cache.js';
import type { FindingsSource, ImageLocation, ScanSink } from './source.js';
import { suppressionKey, suppressRecords, type SuppressionReader } from './suppressed-records.js';
import type { Suppression } from '../suppressions/types.js';
import type { FindingRecord, ScanScope } from './types.js';

export interface FindingsServiceOptions {
  /** How long a finished scan answers again for the same user (default 3 minutes). */
  cacheTtlMs?: number;
  /** How long a question may wait before it gets a partial answer (default 9 s: with rendering, well inside 15 s). */
  budgetMs?: number;
  /** A scan still running after this long is stopped (default 10 minutes: large estates read slowly when throttled). */
  maxScanMs?: number;
  /** Finished scans kept at most (default 8); running scans are always kept. */
  maxCachedScans?: number;
  now?: () => number;
  /** Suppressions in force leave their findings out of every answer (counted as hidden). */
  suppressions?: SuppressionReader;
  /** Ids for remembered questions (default: 72 random bits); fixed in golden tests. */
  newId?: () => string;
}

/** A question kept so that a partial answer's "Refresh" can ask it again. */
interface Remembered {
  command: string;
  text: string;
  at: number;
}

const MAX_REMEMBERED = 500;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/**
 * The findings use case: one scan per user and scope at a time, its result kept briefly for that
 * user only, and every question answered within a time budget: complete when the scan is done,
 * partial (naming what is missing) when it is not.
 */
export class FindingsService {
  private readonly cache: ScanCache;
  private readonly budgetMs: number;
  private readonly maxScanMs: number;
  private readonly now: () => number;
  private readonly questions = new Map<string, Remembered>();
  private readonly cacheTtlMs: number;
  private readonly newId: () => string;
  private readonly suppressions: SuppressionReader | undefined;

  constructor(
    private readonly source: FindingsSource,
    options: FindingsServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.budgetMs = options.budgetMs ?? 9_000;
    this.maxScanMs = options.maxScanMs ?? 600_000;
    this.cacheTtlMs = options.cacheTtlMs ?? 3 * 60_000;
    this.newId = options.newId ?? (() => randomBytes(9).toString('base64url'));
    this.cache = new ScanCache(this.cacheTtlMs, options.maxCachedScans ?? 8, this.now);
    this.suppressions = options.suppressions;
  }

  /**
   * Suppressions in force now. When they cannot be read, none: an answer then shows a finding that
   * should have been hidden, which is the safe way to be wrong.
   */
  private async activeSuppressions(): Promise<readonly Suppression[]> {
    if (!this.suppressions) return [];
    return this.suppressions.active(new Date(this.now())).catch(() => []);
  }

  /** The user's estate in scope, complete or as far as it got within the budget. */
  async view(user: UserIdentity, scope: ScanScope, options: { budgetMs?: number } = {}): Promise<EstateView> {
    const active = await this.activeSuppressions();
    const key = suppressionKey(active);
    let entry = this.cache.find(userKey(user), scope);
    if (entry && entry.suppressionKey !== key) {
      // A suppression was added or ran out since that scan: it hides other findings now.
      this.cache.remove(entry);
      entry = undefined;
    }
    entry ??= this.start(user, scope, active, key);
    const deadline = new AbortController();
    await Promise.race([entry.settled, sleep(options.budgetMs ?? this.budgetMs, deadline.signal)]);
    deadline.abort();
    if (entry.error !== undefined) throw entry.error;
    return entry.aggregate.view(this.now());
  }

  /** A finished or running view of this user's that already knows the image, without a new scan. */
  knownView(user: UserIdentity, imageKey: string): EstateView | undefined {
    for (const entry of this.cache.allOf(userKey(user))) {
      if (entry.error !== undefined) continue;
      const view = entry.aggregate.view(this.now());
      if (view.images.some((i) => i.key === imageKey)) return view;
    }
    return undefined;
  }

  /** Every sub-assessment of one image, read again with the user's rights, within the budget. */
  async imageFindings(user: UserIdentity, location: ImageLocation): Promise<FindingRecord[]> {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    const timer = setTimeout(() => controller.abort(), this.budgetMs);
    try {
      const [records, active] = await Promise.all([this.source.imageFindings(user, location, controller.signal), this.activeSuppressions()]);
      return [...suppressRecords(records, active)];
    } finally {
      clearTimeout(timer);
    }
  }

  /** Keeps a question for a later "Refresh"; returns its id (ids only travel on cards). */
  remember(command: string, text: string): string {
    const id = this.newId();
    this.questions.set(id, { command, text, at: this.now() });
    for (const [key, q] of this.questions) {
      if (this.questions.size <= MAX_REMEMBERED && this.now() - q.at < this.cacheTtlMs * 10) break;
      this.questions.delete(key);
    }
    return id;
  }

  question(id: unknown, command: string): string | undefined {
    if (typeof id !== 'string') return undefined;
    const q = this.questions.get(id);
    return q && q.command === command ? q.text : undefined;
  }

  private start(user: UserIdentity, scope: ScanScope, active: readonly Suppression[], key: string): ScanEntry {
    const controller = new AbortController();
    // Every request of the scan listens to this one signal.
    setMaxListeners(0, controller.signal);
    const aggregate = new EstateAggregate(scope, this.now());
    const entry: ScanEntry = { userKey: userKey(user), scope, aggregate, controller, settled: Promise.resolve(), suppressionKey: key };
    const sink: ScanSink = active.length === 0 ? aggregate : withSuppressions(aggregate, active);
    const stop = setTimeout(() => controller.abort(), this.maxScanMs);
    stop.unref?.();
    entry.settled = this.source
      .scan({ user, scope, signal: controller.signal }, sink)
      .catch((error: unknown) => {
        entry.error = error;
        this.cache.remove(entry);
      })
      .finally(() => {
        clearTimeout(stop);
        entry.finishedAt = this.now();
      });
    this.cache.add(entry);
    return entry;
  }
}

/** Scans are keyed by the Entra object id: the identity Azure answered for. */
function userKey(user: UserIdentity): string {
  return (user.aadObjectId ?? `channel:${user.channelUserId}`).toLowerCase();
}

/** The aggregate, seeing suppressed findings as not open (and flagged, so that it can count them). */
function withSuppressions(aggregate: EstateAggregate, active: readonly Suppression[]): ScanSink {
  return {
    subscriptions: (list) => aggregate.subscriptions(list),
    registries: (sub, list) => aggregate.registries(sub, list),
    clusters: (sub, list) => aggregate.clusters(sub, list),
    workloads: (sub, list) => aggregate.workloads(sub, list),
    unitStarted: (unit) => aggregate.unitStarted(unit),
    findings: (unit, page) => aggregate.findings(unit, suppressRecords(page, active)),
    unitDone: (unit, failure) => aggregate.unitDone(unit, failure),
    subscriptionDone: (sub, failure) => aggregate.subscriptionDone(sub, failure),
  };
}
