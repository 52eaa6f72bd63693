import type { Environment } from '../environment.js';
import type { UserIdentity } from '../identity.js';
import type { ScopeQuery, SearchedScope } from '../posture/scope.js';

/** Why Azure Policy judged a resource as it did (Policy Insights evaluation details). */
export interface EvaluationEvidence {
  expressions: Array<{
    result: string;
    /** `Field`, `Value` or `Count`. */
    kind: string;
    expression: string;
    path?: string;
    value: unknown;
    target: unknown;
    operator: string;
  }>;
  /** AuditIfNotExists / DeployIfNotExists: the related resources looked at. */
  ifNotExists?: { resourceId: string; totalResources: number };
  /** Kubernetes policies: the objects inside the cluster, each with its state. */
  components?: Array<{ id: string; name: string; state: string }>;
}

/** One policy state: one assignment's (or initiative member's) verdict on one resource. */
export interface PolicyStateView {
  resourceId: string;
  /** Without Policy Insights' leading slash: `Microsoft.ContainerRegistry/registries`. */
  resourceType: string;
  resourceGroup: string;
  subscriptionId: string;
  /** From the resource's tags, else its group's, else its subscription's. */
  environment: Environment | undefined;
  assignmentId: string;
  assignmentName: string;
  assignmentScope: string;
  definitionId: string;
  definitionName: string;
  /** Lower case, as Policy Insights reports it: `audit`, `deny`, `modify`, `auditifnotexists`… */
  effect: string;
  /** `Compliant`, `NonCompliant`, `Exempt`, `Conflict`, `Unknown`. */
  state: string;
  timestamp: string | undefined;
  evidence?: EvaluationEvidence;
}

export interface AssignmentInfo {
  id: string;
  name: string;
  displayName: string;
  scope: string;
  definitionId: string;
  /** The definition's display name, when the definition could be read. */
  definitionDisplayName: string | undefined;
  /** The effect in force: the assignment's `effect` parameter, else the definition's default. */
  effect: string | undefined;
  /** `Default` enforces; `DoNotEnforce` only reports. */
  enforcementMode: string;
  /** A display name (`metadata.assignedBy`) or an object id. */
  createdBy: string | undefined;
  createdOn: string | undefined;
  description: string | undefined;
}

/** Per-assignment counts from Policy Insights' summarize. */
export interface AssignmentCounts {
  assignmentId: string;
  compliant: number;
  nonCompliant: number;
  exempt: number;
  /** Resources whose policies contradict each other (Policy Insights' `Conflict`, the portal's "Conflicting"). */
  conflict?: number;
  /** Resources not judged yet, e.g. by a Manual policy nobody has attested. */
  unknown?: number;
}

export interface ComplianceData {
  states: PolicyStateView[];
  /** True when compliant and exempt states were read too, not only the failing ones. */
  allStates: boolean;
  /** From summarize, when the scope is whole subscriptions or resource groups. */
  counts: AssignmentCounts[] | undefined;
  assignments: AssignmentInfo[];
  scope: SearchedScope;
  /** Subscriptions read only in the resource groups the person can read (Azure refused the whole subscription). */
  narrowed?: Array<{ subscription: string; resourceGroups: string[] }>;
}

export interface AssignmentsData {
  /** Where the question points: subscription or resource group ids. */
  targets: string[];
  assignments: AssignmentInfo[];
  scope: SearchedScope;
}

/** Policy state and assignment reads, with the asking person's own Azure rights. */
export interface CompliancePort {
  policyStates(user: UserIdentity, query: ScopeQuery, options: { includeCompliant: boolean }): Promise<ComplianceData>;
  /** The failing states of these resources with evaluation details (one request per resource). */
  explain(user: UserIdentity, resourceIds: readonly string[]): Promise<Map<string, PolicyStateView[]>>;
  assignments(user: UserIdentity, query: ScopeQuery): Promise<AssignmentsData>;
}
