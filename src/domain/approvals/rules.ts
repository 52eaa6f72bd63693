import type { ExecutionResult } from './ports.js';
import type { ApprovalRequest, ChangeKind, Claim, DeniedAttempt, Person } from './types.js';

/**
 * Who may approve, and the state machine's transitions as pure functions: each returns the next
 * version of the request, and the service stores it only if nobody changed it in between.
 */

/** The RBAC action Azure will demand from the approver, per kind of change (undefined: ShipShape decides alone). */
const REQUIRED_ACTIONS: Readonly<Record<ChangeKind, string | undefined>> = {
  'assign-policy': 'Microsoft.Authorization/policyAssignments/write',
  'unassign-policy': 'Microsoft.Authorization/policyAssignments/delete',
  'registry-update': 'Microsoft.ContainerRegistry/registries/write',
  remediate: 'Microsoft.PolicyInsights/remediations/write',
  exempt: 'Microsoft.Authorization/policyExemptions/write',
  suppress: undefined,
};

/** A built-in role that grants the action, for people who think in roles. */
const EXAMPLE_ROLES: Readonly<Record<ChangeKind, string | undefined>> = {
  'assign-policy': 'Resource Policy Contributor',
  'unassign-policy': 'Resource Policy Contributor',
  'registry-update': 'Contributor',
  remediate: 'Resource Policy Contributor',
  exempt: 'Resource Policy Contributor',
  suppress: undefined,
};

/**
 * What Defender for Cloud itself demands to disable or exempt findings: write on Microsoft.Security
 * (Security Admin has it; Security Reader does not). A suppression changes nothing in Azure, so
 * ShipShape asks for the same right before it hides a finding from everyone.
 */
export const SUPPRESS_ACTION = 'Microsoft.Security/assessments/write';

export interface Entitlement {
  action: string;
  /** Every one of these scopes must grant the action. */
  scopes: string[];
  /** A built-in role that grants it, for people who think in roles. */
  role?: string;
  /** True when ShipShape alone decides (nothing in Azure would refuse the change). */
  decidedHere: boolean;
}

/** The right an approver needs, and where; undefined when nothing is known to check. */
export function entitlementOf(request: ApprovalRequest): Entitlement | undefined {
  if (request.change.kind === 'suppress') return { action: SUPPRESS_ACTION, scopes: request.entitledScopes ?? [], role: 'Security Admin', decidedHere: true };
  if (!request.requiredAction || !request.scope.toLowerCase().startsWith('/subscriptions/')) return undefined;
  const role = exampleRoleOf(request.change.kind);
  return { action: request.requiredAction, scopes: [request.scope], ...(role ? { role } : {}), decidedHere: false };
}

/** "Sam Okafor lacks … on …, so cannot approve this." */
export function lacksText(request: ApprovalRequest, approver: Person, needed: Entitlement, scope: string | undefined): string {
  const role = needed.role ? ` (for example ${needed.role})` : '';
  if (needed.scopes.length === 0) return `ShipShape cannot tell which registries this suppression covers, so nobody can approve it. Ask for it again.`;
  const where = !scope || scope.toLowerCase() === request.scope.toLowerCase() ? request.scopeLabel : (scope.split('/').filter(Boolean).pop() ?? scope);
  return `${approver.name} does not hold ${needed.action}${role} on ${where}, so cannot approve this.`;
}

export function requiredActionOf(kind: ChangeKind): string | undefined {
  return REQUIRED_ACTIONS[kind];
}

export function exampleRoleOf(kind: ChangeKind): string | undefined {
  return EXAMPLE_ROLES[kind];
}

/** Channel ids include `;messageid=…` in channel threads: the card and the click compare without it. */
export function sameConversation(a: string, b: string): boolean {
  const base = (id: string): string => id.split(';messageid=')[0] ?? id;
  return base(a) === base(b);
}

export interface Refusal {
  reason: 'self' | 'not-in-group' | 'no-right' | 'rights-unknown';
  message: string;
}

/** Why `approver` may not approve, or undefined. Azure rights are Azure's to judge, when the change runs. */
export function refusalFor(request: ApprovalRequest, approver: Person, approverGroups: readonly string[] | undefined): Refusal | undefined {
  if (approver.objectId.toLowerCase() === request.requestedBy.objectId.toLowerCase()) {
    return { reason: 'self', message: `${approver.name}, you asked for this change, so someone else has to approve it.` };
  }
  if (request.approverGroups.length > 0) {
    const member = new Set((approverGroups ?? []).map((g) => g.toLowerCase()));
    if (!request.approverGroups.some((g) => member.has(g.toLowerCase()))) {
      return { reason: 'not-in-group', message: `${approver.name} is not in an approver group for ShipShape changes, so cannot approve this.` };
    }
  }
  return undefined;
}

export function isExpired(request: ApprovalRequest, now: Date): boolean {
  return request.state === 'requested' && Date.parse(request.expiresAt) <= now.getTime();
}

const MAX_WATCHERS = 60;

/** Adds a person to the card's automatic-refresh list (Teams takes 60 ids at most). */
export function watched(request: ApprovalRequest, person: Person): string[] {
  const id = person.channelUserId;
  if (!id || request.watchers.includes(id)) return request.watchers;
  return [...request.watchers, id].slice(-MAX_WATCHERS);
}

export function claimed(request: ApprovalRequest, approver: Person, now: Date, claim: Claim): ApprovalRequest {
  return {
    ...request,
    state: 'approved',
    approvedBy: approver,
    approvedAt: now.toISOString(),
    claim,
    watchers: watched(request, approver),
  };
}

export function executing(request: ApprovalRequest): ApprovalRequest {
  return { ...request, state: 'executing' };
}

/** The end of an execution: done, failed for good, or back to `requested` for someone else. */
export function afterExecution(request: ApprovalRequest, result: ExecutionResult, now: Date): ApprovalRequest {
  const at = now.toISOString();
  const { claim: _claim, ...rest } = request;
  if (result.ok) {
    return {
      ...rest,
      state: 'succeeded',
      outcome: { at, ok: true, status: result.status, message: result.message, resourceId: result.resourceId, ...(result.correlationId ? { correlationId: result.correlationId } : {}) },
    };
  }
  if (!result.retryable) {
    return {
      ...rest,
      state: 'failed',
      outcome: { at, ok: false, status: result.status, message: result.message, ...(result.correlationId ? { correlationId: result.correlationId } : {}) },
    };
  }
  const by = request.approvedBy as Person;
  const attempt: DeniedAttempt = {
    by,
    at,
    status: result.status,
    code: result.code,
    message: result.message,
    ...(result.action ? { action: result.action } : {}),
    ...(result.scope ? { scope: result.scope } : {}),
    ...(result.correlationId ? { correlationId: result.correlationId } : {}),
  };
  const { approvedBy: _by, approvedAt: _at, ...open } = rest;
  return { ...open, state: 'requested', attempts: [...request.attempts, attempt] };
}

export function rejected(request: ApprovalRequest, by: Person, now: Date): ApprovalRequest {
  return { ...request, state: 'rejected', rejectedBy: by, rejectedAt: now.toISOString(), watchers: watched(request, by) };
}

export function expired(request: ApprovalRequest): ApprovalRequest {
  return { ...request, state: 'expired' };
}
