import { randomUUID } from 'node:crypto';
import { NAMESPACES } from '../store/namespaces.js';
import { isConcurrencyError, type KeyValueStore } from '../store/types.js';

/**
 * Leases in the store: whoever creates the lease record runs the work; the record expires on its
 * own (store TTL) if its holder dies, and another instance may take it then. Renewals and releases
 * are conditional on the holder's etag, so a holder that lost its lease can never extend or drop
 * someone else's.
 */

export interface Lease {
  name: string;
  etag: string;
  expiresAt: number;
}

interface LeaseRecord {
  owner: string;
  /** Which start of the owner took it: a restarted instance with the same id may take its own leases at once. */
  boot: string;
  at: string;
}

export class Leases {
  /** Distinguishes this process from an earlier one with the same instance id. */
  private readonly boot = randomUUID();

  constructor(
    private readonly store: KeyValueStore,
    readonly owner: string,
    private readonly ttlMs: number,
  ) {}

  private record(): LeaseRecord {
    return { owner: this.owner, boot: this.boot, at: new Date().toISOString() };
  }

  private ttlSeconds(): number {
    return Math.max(1, Math.ceil(this.ttlMs / 1000));
  }

  /** Undefined when someone else holds it. */
  async acquire(name: string): Promise<Lease | undefined> {
    try {
      const etag = await this.store.put(NAMESPACES.leases, name, this.record(), { ifMatch: 'absent', ttlSeconds: this.ttlSeconds() });
      return { name, etag, expiresAt: Date.now() + this.ttlMs };
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
    }
    // Held: by an earlier start of this very instance (it was killed), take it over; by anyone else, wait.
    const current = await this.store.get<LeaseRecord>(NAMESPACES.leases, name);
    if (!current || current.value.owner !== this.owner || current.value.boot === this.boot) return undefined;
    try {
      const etag = await this.store.put(NAMESPACES.leases, name, this.record(), { ifMatch: current.etag, ttlSeconds: this.ttlSeconds() });
      return { name, etag, expiresAt: Date.now() + this.ttlMs };
    } catch (error) {
      if (isConcurrencyError(error)) return undefined;
      throw error;
    }
  }

  /** Extends the lease; undefined when it was lost (expired and taken, or released). */
  async renew(lease: Lease): Promise<Lease | undefined> {
    try {
      const etag = await this.store.put(NAMESPACES.leases, lease.name, this.record(), { ifMatch: lease.etag, ttlSeconds: this.ttlSeconds() });
      return { name: lease.name, etag, expiresAt: Date.now() + this.ttlMs };
    } catch (error) {
      if (isConcurrencyError(error)) return undefined;
      throw error;
    }
  }

  async release(lease: Lease): Promise<void> {
    try {
      await this.store.delete(NAMESPACES.leases, lease.name, { ifMatch: lease.etag });
    } catch (error) {
      if (!isConcurrencyError(error)) throw error;
    }
  }

  /** Runs `work` while holding the lease, renewing it every third of its life; undefined when not acquired. */
  async withLease<T>(name: string, work: (held: () => boolean) => Promise<T>): Promise<{ result: T } | undefined> {
    let lease = await this.acquire(name);
    if (!lease) return undefined;
    let held = true;
    const timer = setInterval(() => {
      if (!lease || !held) return;
      void this.renew(lease).then(
        (renewed) => {
          lease = renewed;
          held = renewed !== undefined;
        },
        () => undefined,
      );
    }, Math.max(50, Math.floor(this.ttlMs / 3)));
    timer.unref();
    try {
      return { result: await work(() => held && lease !== undefined && lease.expiresAt > Date.now()) };
    } finally {
      clearInterval(timer);
      if (lease && held) await this.release(lease);
    }
  }
}
