import type { Environment } from '../domain/environment.js';
import type { DigestObserver, Viewer } from '../domain/digest/ports.js';
import type { Observation } from '../domain/digest/types.js';

/**
 * At 09:00 a thousand channels may want a digest of the same environment read with the same
 * identity. One read serves them all: concurrent requests share it, and it is reused for a short
 * while. Deltas stay per subscription, since each compares against its own snapshot.
 */
export class SharedObserver implements DigestObserver {
  private readonly recent = new Map<string, { at: number; observation: Promise<Observation> }>();

  constructor(
    private readonly inner: DigestObserver,
    private readonly reuseMs = 60_000,
  ) {}

  observe(viewer: Viewer, environment: Environment | undefined, now: Date, signal: AbortSignal): Promise<Observation> {
    // Freshness is judged on the caller's clock (the scheduler's), not the wall clock.
    const at = now.getTime();
    const key = `${viewer.kind === 'app' ? 'app' : `user:${viewer.user.aadObjectId ?? viewer.user.channelUserId}`}|${environment ?? '*'}`;
    const hit = this.recent.get(key);
    if (hit && at >= hit.at && at - hit.at < this.reuseMs) return hit.observation;
    const observation = this.inner.observe(viewer, environment, now, signal);
    const entry = { at, observation };
    this.recent.set(key, entry);
    // A failed read is not kept: the next subscription tries again.
    observation.catch(() => {
      if (this.recent.get(key) === entry) this.recent.delete(key);
    });
    for (const [k, v] of this.recent) if (at - v.at >= this.reuseMs) this.recent.delete(k);
    return observation;
  }
}
