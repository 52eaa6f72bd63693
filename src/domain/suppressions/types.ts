import type { Person } from '../approvals/types.js';

/**
 * A ShipShape-side suppression: one CVE on one repository (optionally one registry) is left out of
 * answers until it expires. Nothing changes in Azure; Defender still reports the finding.
 */
export interface Suppression {
  id: string;
  cveId: string;
  /** `payments/api`, lower case. */
  repository: string;
  /** Registry name, lower case; undefined = every registry. */
  registry?: string;
  reason: string;
  /** Who asked for it. */
  owner: Person;
  approvedBy: Person;
  approvalId: string;
  createdAt: string;
  expiresAt: string;
}

/** The parts of a finding a suppression is matched against. */
export interface SuppressibleFinding {
  cveId: string | undefined;
  repository: string;
  /** Registry name or login server (`contosoprod` or `contosoprod.azurecr.io`). */
  registry?: string;
}

export interface SuppressionStore {
  add(suppression: Suppression): Promise<void>;
  get(id: string): Promise<Suppression | undefined>;
  /** Suppressions in force at `now`, soonest to expire first. */
  active(now: Date): Promise<Suppression[]>;
}

/** What applying suppressions to a list of findings left and hid. */
export interface Suppressed<T> {
  kept: T[];
  /** How many findings were hidden. */
  hidden: number;
  /** The suppressions that hid something, for "3 hidden by suppressions" with details. */
  applied: Suppression[];
}
