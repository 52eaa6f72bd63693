import type { AuditLog } from '../audit/index.js';
import type { ApprovalService } from './approval-service.js';
import type { DraftStore } from './drafts.js';
import type { ChangeTargets } from './ports.js';

export type * from './types.js';
export { FINAL_STATES, isFinal } from './types.js';
export type * from './ports.js';
export { ApprovalService, type ApprovalServiceOptions, type Decision } from './approval-service.js';
export { APPROVALS_NAMESPACE } from './records.js';
export { startRecovery, type RecoveryOptions } from './recovery.js';
export { createDraftStore, type Draft, type DraftDocuments, type DraftStore } from './drafts.js';
export { exampleRoleOf, isExpired, refusalFor, requiredActionOf, sameConversation, type Refusal } from './rules.js';
export { assignmentName, exemptionName, remediationName, suppressionId } from './names.js';
export { isWithin, parentScopeOf, scopeLabelOf, scopeParts, type ScopeParts } from './scope.js';
export { assignmentsNamed, resolveRegistry, resolveScope, type Resolved, type ScopeTarget } from './resolve.js';
export { assignmentParameters, assignmentWarnings, enforcingTwin, resourceTypeOf, trimmed } from './policy-request.js';
export { attemptText, changeFacts, stateText, utc, whoMayApprove } from './describe.js';
export { approvalsDigestPort } from './digest-port.js';

/** Everything the "Act" commands use, as one service bundle for the composition root. */
export interface ActServices {
  approvals: ApprovalService;
  targets: ChangeTargets;
  audit: AuditLog;
  drafts: DraftStore;
}
