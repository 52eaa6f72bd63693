import type { Environment } from '../environment.js';
import type { PolicyTopic } from '../policy-catalog.js';
import type { UserIdentity } from '../identity.js';
import type { ApprovalRequest, ArmChangeSpec, ArmOperation, BlastRadius, Person, RegistrySettings } from './types.js';

/** What Azure answered when a change ran. */
export type ExecutionResult =
  | { ok: true; status: number; resourceId: string; correlationId?: string; message: string }
  | {
      ok: false;
      /** True when someone else (or a later try) may succeed: 401, 403, 409, 429, 5xx, unreachable. */
      retryable: boolean;
      status: number;
      code: string;
      message: string;
      /** For 403 AuthorizationFailed: the action and scope Azure named. */
      action?: string;
      scope?: string;
      correlationId?: string;
    };

/** Runs changes in Azure with the approver's own delegated credential. */
export interface ChangeExecutor {
  /** The exact request `execute` will send; pure, so it can be shown on the card before anyone approves. */
  plan(change: ArmChangeSpec): ArmOperation;
  execute(change: ArmChangeSpec, as: Person): Promise<ExecutionResult>;
  /**
   * After an execution was interrupted: whether Azure already holds the change (so it must not be sent
   * again), `undefined` when that cannot be told.
   */
  verify(change: ArmChangeSpec, as: Person): Promise<{ done: boolean; resourceId?: string } | undefined>;
}

/** An approver's effective rights (the ARM permissions API, under their own token). */
export interface ApproverRights {
  /**
   * Whether `person` holds `action` on every scope: `allowed` false names the first scope that lacks
   * it; undefined when it cannot be told (Azure unreachable, a scope that does not exist).
   */
  check(person: Person, scopes: readonly string[], action: string): Promise<{ allowed: boolean | undefined; scope?: string }>;
}

/** The environments of ARM scopes (their subscriptions' tags), read as the requester. */
export interface ScopeEnvironments {
  of(scopes: readonly string[], requester: Person): Promise<Environment[]>;
}

/** Shows a request's current state on its card in Teams, for everyone, outside any click. */
export interface ApprovalNotifier {
  update(request: ApprovalRequest): Promise<void>;
}

/** Entra group membership of an approver (the `groups` claim of their own token). */
export interface ApproverDirectory {
  groupsOf(person: Person): Promise<readonly string[]>;
}

/**
 * The part of the key-value store approvals use: versioned documents with create-only and
 * compare-and-swap writes (the embedded store and the blob store both fit).
 */
export interface VersionedDocuments {
  get<T>(namespace: string, key: string): Promise<{ value: T; etag: string } | undefined>;
  put<T>(namespace: string, key: string, value: T, options?: { ttlSeconds?: number; ifMatch?: string | 'absent' }): Promise<string>;
  list<T>(namespace: string, prefix?: string): AsyncIterable<{ key: string; value: T; etag: string }>;
}

export interface ResourceGroupRef {
  id: string;
  name: string;
  subscriptionId: string;
  subscriptionName: string;
  location: string | undefined;
}

export interface SubscriptionRef {
  id: string;
  name: string;
  tags: Record<string, string>;
}

export interface RegistryRef {
  id: string;
  name: string;
  subscriptionName: string;
  location: string | undefined;
  sku: string | undefined;
  adminUserEnabled: boolean | undefined;
  publicNetworkAccess: string | undefined;
  dataEndpointEnabled: boolean | undefined;
}

export interface AssignmentRef {
  id: string;
  name: string;
  displayName: string;
  /** Where it is assigned. */
  scope: string;
  definitionId: string;
}

export interface ParameterInfo {
  type: string;
  allowedValues?: readonly unknown[];
  defaultValue?: unknown;
}

export interface DefinitionDetails {
  id: string;
  displayName: string;
  parameters: Record<string, ParameterInfo>;
}

/** Matches by name among what the person can read, and the nearest names when there is none. */
export interface Found<T> {
  matches: T[];
  near: string[];
}

/**
 * Reads what a request names, with the requester's own rights: a request can only name what its
 * requester can see.
 */
export interface ChangeTargets {
  subscriptions(user: UserIdentity): Promise<SubscriptionRef[]>;
  resourceGroups(user: UserIdentity, name: string): Promise<Found<ResourceGroupRef>>;
  registries(user: UserIdentity, name: string): Promise<Found<RegistryRef>>;
  /** Assignments that apply at `scope` (there or above); every readable one when `scope` is undefined. */
  assignments(user: UserIdentity, scope?: string): Promise<AssignmentRef[]>;
  definition(user: UserIdentity, definitionId: string): Promise<DefinitionDetails | undefined>;
  /** Resources of `resourceType` in `scope` and their compliance (with one assignment's, when named). */
  blastRadius(user: UserIdentity, scope: string, focus: BlastFocus): Promise<BlastRadius>;
}

/** What a blast radius is about; `proposal` asks for a preview from a new assignment's own rule. */
export interface BlastFocus {
  resourceType: string;
  assignmentId?: string;
  definitionId?: string;
  proposal?: { definitionId: string; parameters: Readonly<Record<string, unknown>>; topic?: PolicyTopic };
  /** Registry settings a change would set: the preview evaluates the registry as it would be after it. */
  settings?: RegistrySettings;
}
