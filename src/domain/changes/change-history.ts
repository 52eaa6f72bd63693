import { computeDelta } from '../digest/delta.js';
import type { DigestObserver } from '../digest/ports.js';
import type { DigestDelta, DigestSnapshot, Observation } from '../digest/types.js';
import type { Environment } from '../environment.js';
import type { UserIdentity } from '../identity.js';

/**
 * "What changed since yesterday", in the asker's own view: a fresh read compared with the fingerprint
 * snapshot (the digests' format) kept for that person and environment on or before the day asked
 * about. One snapshot per day is kept, the first of the day, for at most `maxDays` days: a snapshot
 * of ten thousand findings is about 150 kB.
 */
export interface SnapshotDocuments {
  get<T>(namespace: string, key: string): Promise<{ value: T } | undefined>;
  put<T>(namespace: string, key: string, value: T, options?: { ttlSeconds?: number }): Promise<string>;
}

export const CHANGE_SNAPSHOTS = 'change-snapshots';
const DEFAULT_MAX_DAYS = 14;

interface History {
  /** `YYYY-MM-DD` → the first snapshot taken that day. */
  days: Record<string, DigestSnapshot>;
}

export interface ChangesSince {
  /** No snapshot on or before the day asked about: everything read now is the baseline. */
  baseline: boolean;
  /** When the snapshot compared with was taken. */
  comparedTo: string | undefined;
  delta: DigestDelta;
  observation: Observation;
}

export interface ChangesPort {
  since(user: UserIdentity, environment: Environment | undefined, from: Date, now: Date, signal: AbortSignal): Promise<ChangesSince>;
  /** Keeps today's snapshot without answering anyone (a daily job, or after a digest). */
  record(user: UserIdentity, environment: Environment | undefined, now: Date, signal: AbortSignal): Promise<void>;
}

function keyOf(user: UserIdentity, environment: Environment | undefined): string {
  return `${(user.aadObjectId ?? user.channelUserId).toLowerCase()}|${environment ?? 'all'}`;
}

function dayOf(date: Date | string): string {
  return new Date(date).toISOString().slice(0, 10);
}

export class ChangeHistory implements ChangesPort {
  constructor(
    private readonly observer: DigestObserver,
    private readonly documents: SnapshotDocuments,
    private readonly maxDays = DEFAULT_MAX_DAYS,
  ) {}

  async since(user: UserIdentity, environment: Environment | undefined, from: Date, now: Date, signal: AbortSignal): Promise<ChangesSince> {
    const observation = await this.observer.observe({ kind: 'user', user }, environment, now, signal);
    const history = await this.load(user, environment);
    const wanted = dayOf(from);
    // The newest snapshot taken on or before the day asked about.
    const day = Object.keys(history.days).filter((d) => d <= wanted).sort().at(-1);
    const previous = day ? history.days[day] : undefined;
    const delta = computeDelta(previous, observation);
    await this.keep(user, environment, history, delta.snapshot, now);
    return { baseline: previous === undefined, comparedTo: previous?.takenAt, delta, observation };
  }

  async record(user: UserIdentity, environment: Environment | undefined, now: Date, signal: AbortSignal): Promise<void> {
    const history = await this.load(user, environment);
    if (history.days[dayOf(now)]) return;
    const observation = await this.observer.observe({ kind: 'user', user }, environment, now, signal);
    await this.keep(user, environment, history, computeDelta(undefined, observation).snapshot, now);
  }

  private async load(user: UserIdentity, environment: Environment | undefined): Promise<History> {
    return (await this.documents.get<History>(CHANGE_SNAPSHOTS, keyOf(user, environment)))?.value ?? { days: {} };
  }

  private async keep(user: UserIdentity, environment: Environment | undefined, history: History, snapshot: DigestSnapshot, now: Date): Promise<void> {
    const today = dayOf(now);
    if (history.days[today]) return;
    const days = { ...history.days, [today]: snapshot };
    const kept = Object.keys(days).sort().slice(-this.maxDays);
    await this.documents.put<History>(CHANGE_SNAPSHOTS, keyOf(user, environment), { days: Object.fromEntries(kept.map((d) => [d, days[d] as DigestSnapshot])) }, { ttlSeconds: (this.maxDays + 1) * 86_400 });
  }
}
