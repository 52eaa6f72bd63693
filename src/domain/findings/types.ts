import type { Environment } from '../environment.js';
import type { Severity } from '../severity.js';

/**
 * Container image findings as ShipShape reasons about them, whatever produced them: Defender's
 * sub-assessments today, one recommendation per finding tomorrow. Nothing here names an Azure SDK type.
 */

/** An image as Defender identifies it: registry host + repository + digest. Tags only name it for people. */
export interface ImageRef {
  /** `contosoprod.azurecr.io`, lower case. */
  registryHost: string;
  /** `payments/api`, as the registry spells it. */
  repository: string;
  /** `sha256:…`, lower case. */
  digest: string;
}

/** Which scan reported a finding: registry image scan (MDVM), running-image scan (MDVM), or the retired Qualys scan. */
export type Scanner = 'registry' | 'runtime' | 'qualys';

/** Where a running image runs inside a Kubernetes cluster, as the running-image scan reports it. */
export interface K8sPlacement {
  namespace: string;
  kind: string;
  name: string;
  container: string;
}

/** What the scan knows of exploits for a vulnerability (MDVM `exploitabilityAssessment`). */
export interface Exploitability {
  /** Steps to exploit it are public. */
  published: boolean;
  /** Those steps are verified to work. */
  verified: boolean;
  /** It is in an exploit kit. */
  inExploitKit: boolean;
}

/**
 * One sub-assessment as a source reads it. `open` is false for resolved (Healthy) and not-applicable
 * or exempt ones: those still tell that the image exists, but they are never counted as findings.
 */
export interface FindingRecord {
  open: boolean;
  /** Open in Defender, but covered by a ShipShape suppression: not counted, only told ("2 hidden"). */
  suppressed?: boolean;
  image: ImageRef;
  tags: readonly string[];
  /** ISO time the image was last pushed; unknown for the Qualys shape. */
  lastPushed: string | undefined;
  /** The CVE id, or the scanner's own id (a Qualys QID) when there is none. */
  id: string;
  cveId: string | undefined;
  title: string;
  severity: Severity;
  cvss: number | undefined;
  packageName: string | undefined;
  /** The package's ecosystem as the scan names it (`java`, `javascript`, `python`, `go`), `os` for distribution packages. */
  ecosystem?: string;
  /** Exploit data when the scan gives it (MDVM); undefined when unknown, never "no exploit". */
  exploit?: Exploitability;
  installedVersion: string | undefined;
  fixedVersion: string | undefined;
  fixable: boolean;
  remediation: string | undefined;
  /** When the scan that reported it ran (`timeGenerated`). */
  scannedAt: string | undefined;
  scanner: Scanner;
  /** The registry (registry scans) or cluster (running-image scan) the finding hangs under. */
  assessedResourceId: string;
  placements: readonly K8sPlacement[];
}

export interface SubscriptionInfo {
  id: string;
  name: string;
  tenantId: string | undefined;
  environment: Environment | undefined;
}

/** The registry settings that make its images easier to reach for an attacker. */
export interface RegistryPosture {
  publicNetworkAccess: boolean;
  adminUserEnabled: boolean;
  anonymousPullEnabled: boolean;
}

/**
 * What Defender says about a registry's images: open findings, a clean scan, no scan at all, or
 * findings in a shape ShipShape does not read yet (Defender's individual recommendations).
 */
export type ScanState = 'findings' | 'healthy' | 'not-scanned' | 'unreadable';

export interface RegistryInfo {
  id: string;
  name: string;
  loginServer: string;
  subscriptionId: string;
  resourceGroup: string;
  environment: Environment | undefined;
  posture: RegistryPosture;
  scanState: ScanState;
  /** The scanner whose findings were read (MDVM when present, else the retired Qualys one). */
  scanner: Scanner | undefined;
}

/** An AKS cluster, whose running-image scan says which images run where. */
export interface ClusterInfo {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  environment: Environment | undefined;
  /** Defender reports this cluster's running-image findings only as individual recommendations, which ShipShape does not read yet. */
  unreadableFindings?: boolean;
  /**
   * The API server answers on the internet without authorized IP ranges. Undefined when not read.
   * Which pods sit behind a public load balancer is not visible without access inside the cluster.
   */
  publicApiServer?: boolean;
}

/** An image reference as deployed (`host/repo:tag` or `host/repo@sha256:…`). */
export interface DeployedImage {
  registryHost: string;
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** Somewhere an image runs: a container of an ACI container group, or a workload on an AKS cluster. */
export interface Workload {
  kind: 'aci' | 'aks';
  /** Container group or cluster resource id. */
  resourceId: string;
  /** Container group or cluster name. */
  name: string;
  /** ACI container name; for AKS `namespace/kind/name/container`. */
  detail: string;
  subscriptionId: string;
  resourceGroup: string;
  environment: Environment | undefined;
  /** The reference as deployed, as written. */
  image: string;
  deployed: DeployedImage | undefined;
  /** For AKS placements, the image the running-image scan names (by digest). */
  imageKey?: string;
  /** Public IP for ACI groups that have one: exposure matters when ranking what to fix. */
  publicIp?: boolean;
}

/** A part of the estate an answer does not cover, and why. */
export interface MissingPart {
  subscriptionId: string;
  /** What is missing, for people: a subscription, or a registry in it. */
  label: string;
  /** `loading`: still being read when the answer was due; `failed`: gave up after retries. */
  state: 'loading' | 'failed';
  reason: string;
}

/** What to read: everything the user can read, narrowed by environment and registry name when asked. */
export interface ScanScope {
  /** Empty: every environment. */
  environments: readonly Environment[];
  /** A registry name (lower case, without `.azurecr.io`), when the question names one. */
  registry?: string;
}
