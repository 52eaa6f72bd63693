import type { Environment } from '../environment.js';

/**
 * Approval-gated changes: one person asks, a different person with the right to make the change
 * approves, and the change runs under the approver's own identity. Everything a card shows or an
 * execution needs lives in the stored request; cards carry only its id.
 */

/** Someone ShipShape acts for: their Entra object id and the name Teams shows. */
export interface Person {
  objectId: string;
  name: string;
  /** Teams account id (`29:…`), for the card's automatic refresh; absent when unknown. */
  channelUserId?: string;
}

/**
 * requested → approved (claimed by one approver) → executing → succeeded | failed; requested →
 * rejected | expired. A claim whose execution Azure refused (403, throttling, outage) goes back to
 * requested, so that someone else can approve.
 */
export type ApprovalState = 'requested' | 'approved' | 'executing' | 'succeeded' | 'failed' | 'rejected' | 'expired';

export const FINAL_STATES: readonly ApprovalState[] = ['succeeded', 'failed', 'rejected', 'expired'];

export function isFinal(state: ApprovalState): boolean {
  return FINAL_STATES.includes(state);
}

/** The exact Resource Manager request a change sends. */
export interface ArmOperation {
  method: 'PUT' | 'PATCH' | 'DELETE';
  /** ARM path without host or query: `/subscriptions/…/providers/…`. */
  path: string;
  apiVersion: string;
  body?: Record<string, unknown>;
}

/** Registry settings a change may set (RegistryUpdateParameters, wire names). */
export interface RegistrySettings {
  adminUserEnabled?: boolean;
  publicNetworkAccess?: 'Enabled' | 'Disabled';
  dataEndpointEnabled?: boolean;
  anonymousPullEnabled?: boolean;
  sku?: 'Basic' | 'Standard' | 'Premium';
}

export type ChangeSpec =
  | {
      kind: 'assign-policy';
      scope: string;
      assignmentName: string;
      definitionId: string;
      displayName: string;
      /** Parameter values as ARM takes them: `{ effect: 'Deny' }` becomes `{ effect: { value: 'Deny' } }`. */
      parameters: Record<string, unknown>;
      /** Modify and DeployIfNotExists assignments need a managed identity, which needs a location. */
      identityLocation?: string;
      description: string;
      metadata: Record<string, unknown>;
    }
  | { kind: 'unassign-policy'; assignmentId: string }
  | { kind: 'registry-update'; registryId: string; settings: RegistrySettings }
  | { kind: 'remediate'; scope: string; remediationName: string; assignmentId: string }
  | {
      kind: 'exempt';
      scope: string;
      exemptionName: string;
      assignmentId: string;
      /** ISO date-time after which Azure judges the scope again. */
      expiresOn: string;
      displayName: string;
      description: string;
      metadata: Record<string, unknown>;
    }
  | {
      /** A ShipShape-side suppression: nothing changes in Azure, answers hide the finding until it expires. */
      kind: 'suppress';
      suppressionId: string;
      cveId: string;
      repository: string;
      registry?: string;
      expiresAt: string;
    };

export type ChangeKind = ChangeSpec['kind'];
export type ArmChangeSpec = Exclude<ChangeSpec, { kind: 'suppress' }>;

/** What a change touches, for the approver: resources in scope and how they comply today. */
export interface BlastRadius {
  summary: string;
  items: { name: string; detail: string }[];
  /** Items not listed. */
  more: number;
}

/** An approver Azure turned away (or could not serve); the request stayed open. */
export interface DeniedAttempt {
  by: Person;
  at: string;
  status: number;
  code: string;
  message: string;
  /** For 403: the RBAC action and scope Azure named. */
  action?: string;
  scope?: string;
  correlationId?: string;
}

export interface Outcome {
  at: string;
  ok: boolean;
  status: number;
  message: string;
  resourceId?: string;
  correlationId?: string;
  /** True when the change was found already made after an interrupted execution (no second request). */
  verifiedAfterRestart?: boolean;
  /** Closed without running: the same change was made through this other request. */
  inEffectVia?: string;
}

export interface ApprovalRequest {
  id: string;
  state: ApprovalState;
  /** "Assign “Container registries should use private link” to rg-dev-sandbox". */
  title: string;
  change: ChangeSpec;
  /** Undefined for ShipShape-side changes (suppressions). */
  operation?: ArmOperation;
  /** The ARM scope the change applies to (`shipshape:/…` for suppressions); audit queries filter on it. */
  scope: string;
  scopeLabel: string;
  /** The RBAC action an approver needs on the scope, when Azure decides. */
  requiredAction?: string;
  /** Suppressions: the ARM scopes (registries) where an approver must hold Defender's write right. */
  entitledScopes?: string[];
  /** The environments (subscription tags) the change touches, so digests list it only where it belongs. */
  environments?: Environment[];
  /** What to know before approving (audit-only definitions, SKU limits, lost access…). */
  warnings: string[];
  blastRadius: BlastRadius;
  requestedBy: Person;
  reason: string;
  conversationId: string;
  requestedAt: string;
  expiresAt: string;
  /** Entra groups an approver must be in (empty: anyone but the requester). */
  approverGroups: string[];
  approvedBy?: Person;
  approvedAt?: string;
  rejectedBy?: Person;
  rejectedAt?: string;
  /**
   * The one approval being executed. Its instance renews the lease while the change runs, so another
   * instance resumes it only after that instance stopped; the id fences a stale owner's late writes.
   */
  claim?: Claim;
  /** The Teams message that shows the card, updated for everyone when a change ends out of a click. */
  message?: CardMessage;
  attempts: DeniedAttempt[];
  outcome?: Outcome;
  /** Teams account ids that see the card refreshed automatically (60 at most). */
  watchers: string[];
  /** Not stored: set when a new request found this identical one open and returned it instead. */
  askedAgainBy?: Person;
}

export interface Claim {
  id: string;
  leaseUntil: string;
  /** The instance running it (`INSTANCE_ID`): a restart of that instance resumes it at once. */
  instanceId?: string;
  /** 1 for the click's own run, one more for every takeover. */
  generation?: number;
}

export interface CardMessage {
  /** The conversation id as the click carried it (channel threads included). */
  conversationId: string;
  activityId: string;
}

/** What a command hands over to open a request; the service adds id, times, operation and rules. */
export interface NewApproval {
  title: string;
  change: ChangeSpec;
  scope: string;
  scopeLabel: string;
  warnings: string[];
  blastRadius: BlastRadius;
  reason: string;
  /** Suppressions: the registries the finding is in, where approvers need Defender's write right. */
  entitledScopes?: string[];
}
