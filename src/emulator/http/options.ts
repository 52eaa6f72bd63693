/** Faults injected into ARM answers, per run; changeable while running via `setFaults`. */
export interface FaultOptions {
  /** Fixed delay added to every ARM answer. */
  latencyMs?: number;
  /** Extra random delay, uniformly 0..jitterMs (seeded). */
  jitterMs?: number;
  /**
   * Token buckets per caller and subscription, as ARM throttles. Absent: ARM's own limits
   * (reads: 250 burst, 25/s; writes and deletes: 200 burst, 10/s). `false`: no throttling.
   * `readsPerMinute: n`: a bucket of n refilled at n per minute.
   */
  throttle?: { readsPerMinute?: number; writesPerMinute?: number } | false;
  /** Share (0..1) of ARM requests answered with a 5xx instead of being handled. */
  errorRate?: number;
  /** Extra delay on follow-up pages (requests carrying `$skiptoken`). */
  slowPageMs?: number;
  /**
   * Resource Graph's per-user query quota. Absent: the documented 15 queries per 5-second window;
   * `false`: none.
   */
  resourceGraphQuota?: { queries: number; windowSeconds: number } | false;
  /** Seed for jitter, injected errors and generated ids; same seed, same sequence. */
  seed?: number;
  /** Rows per Policy Insights `queryResults` page; Azure's is 1,000 (the default). */
  policyStatesPageSize?: number;
  /**
   * How Policy Insights spells ids in its answers: `lower` (the default) lower-cases resource,
   * assignment, definition and scope ids as the service does; `stored` keeps the tenant's spelling.
   */
  policyInsightsIds?: 'lower' | 'stored';
  /**
   * Registry updates answer as ACR may: 201 with `provisioningState: Updating` and an
   * `Azure-AsyncOperation` status URL that reports `InProgress` for `polls` polls (default 1), then
   * `Succeeded`. While one runs, another write to the registry is refused with 409. Absent: 200 at once.
   */
  asyncRegistryUpdates?: { polls?: number };
  /** Ids of resources another operation is changing: writes to them answer 409 `AnotherOperationInProgress`. */
  busyResources?: string[];
}

export interface EmulatorOptions {
  /** Tenant file (see TENANT-FORMAT.md); ignored when `tenant` is given. */
  tenantFile?: string;
  /** An already parsed tenant (tests); validated like a file. */
  tenant?: unknown;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Default 0. */
  port?: number;
  /** Where the dev CA, server certificate and token signing key live (created on first run). */
  caDir: string;
  /** The bot's app registration: client credentials and the audience of on-behalf-of assertions. */
  app: { clientId: string; clientSecret: string };
  /** Items per list page (default 100). */
  pageSize?: number;
  faults?: FaultOptions;
  /** One line per request and notable event; never receives tokens or secrets. */
  log?: (line: string) => void;
  /**
   * Keep changes across restarts in this folder (a journal per tenant file, replayed on start);
   * `fresh` drops the tenant's saved changes first. Absent: changes live in memory only.
   */
  state?: { dir: string; fresh?: boolean };
}

export interface RunningEmulator {
  /** `https://127.0.0.1:PORT`: the ARM endpoint and the Entra authority host. */
  baseUrl: string;
  tenantId: string;
  /** PEM of the dev CA; clients trust exactly this. */
  caCertPem: string;
  setFaults(faults: FaultOptions): void;
  /** With `state`: the journal file, and how many resources it changed on start. */
  state?: { file: string; restored: number };
  close(): Promise<void>;
}
