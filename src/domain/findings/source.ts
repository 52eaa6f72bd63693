import type { UserIdentity } from '../identity.js';
import type { ClusterInfo, FindingRecord, ImageRef, RegistryInfo, ScanScope, SubscriptionInfo, Workload } from './types.js';

/**
 * The one port findings come through. Defender's sub-assessments implement it today; the per-finding
 * recommendations Microsoft is moving to can implement it later, and no command changes.
 *
 * A source reads with the asking user's own rights, streams findings page by page into a sink, and
 * never holds them itself: aggregation is the domain's job.
 */

/** A unit of reading: one registry's or one cluster's findings. Units finish or fail on their own. */
export interface ScanUnit {
  /** Stable within a scan, e.g. the registry id plus the assessment key. */
  id: string;
  subscriptionId: string;
  /** For people: "registry contosoprod", "cluster aks-contoso-prod". */
  label: string;
  /** The registry or cluster read. */
  resourceId: string;
  /** True for a cluster's running-image findings. */
  runtime: boolean;
}

export interface ScanSink {
  /** The subscriptions the user can read, before anything else. */
  subscriptions(subscriptions: readonly SubscriptionInfo[]): void;
  /** Registries in scope of one subscription, with their environment and scan state. */
  registries(subscriptionId: string, registries: readonly RegistryInfo[]): void;
  /** AKS clusters of one subscription. */
  clusters(subscriptionId: string, clusters: readonly ClusterInfo[]): void;
  /** Where images run in one subscription (ACI containers). */
  workloads(subscriptionId: string, workloads: readonly Workload[]): void;
  /**
   * Login servers of every registry the user can read in one subscription, in scope or not: an image
   * a workload runs from any other Azure registry is one the user cannot see (not one without findings).
   */
  readableRegistries?(subscriptionId: string, loginServers: readonly string[]): void;
  unitStarted(unit: ScanUnit): void;
  /** One page of sub-assessments of a unit (open and closed ones alike). */
  findings(unit: ScanUnit, page: readonly FindingRecord[]): void;
  /** A unit is complete, or failed for good (after retries) with a reason people can read. */
  unitDone(unit: ScanUnit, failure?: string): void;
  /** A subscription is done; `failure` when its listing itself failed. */
  subscriptionDone(subscriptionId: string, failure?: string): void;
}

export interface ScanRequest {
  user: UserIdentity;
  scope: ScanScope;
  signal: AbortSignal;
}

/** Where one image's findings live, as an earlier scan found them. */
export interface ImageLocation {
  image: ImageRef;
  /** The registry holding the image, when the user can read it. */
  registryId?: string;
  /** The clusters reporting it as running. */
  clusterIds: readonly string[];
}

export interface FindingsSource {
  /**
   * Reads everything in scope the user can read. Resolves when every subscription is done (failed
   * parts are reported to the sink, not thrown); rejects only when nothing can be read at all, e.g.
   * the user cannot sign in (a UserError).
   */
  scan(request: ScanRequest, sink: ScanSink): Promise<void>;
  /** Every sub-assessment of one image, read again with the user's own rights. */
  imageFindings(user: UserIdentity, location: ImageLocation, signal: AbortSignal): Promise<FindingRecord[]>;
}
