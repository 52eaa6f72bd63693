import type { AzureConfig } from '../../config/index.js';
import { ApprovalService, createDraftStore, type ActServices, type ApprovalNotifier, type ApprovalRequest, type VersionedDocuments } from '../../domain/approvals/index.js';
import { createAuditLog } from '../../domain/audit/index.js';
import { cachedSuppressionStore, createSuppressionStore, type SuppressionStore } from '../../domain/suppressions/index.js';
import type { CredentialFactory } from '../credentials.js';
import { ArmChangeExecutor } from './arm-executor.js';
import { ArmChangeTargets } from './arm-targets.js';
import { TokenGroupDirectory } from './approver-groups.js';
import { ArmApproverRights } from './approver-rights.js';
import { SubscriptionEnvironments } from './scope-environments.js';

export { ArmChangeExecutor } from './arm-executor.js';
export { ArmChangeTargets } from './arm-targets.js';
export { TokenGroupDirectory } from './approver-groups.js';
export { ArmApproverRights } from './approver-rights.js';
export { API_VERSIONS, planOperation } from './operations.js';

export interface ActSettings {
  /** Entra group ids an approver must be in (empty: anyone but the requester). */
  approverGroups: readonly string[];
  expiryHours: number;
  /** A claim's lease (renewed while its change runs); short in tests. */
  claimLeaseMs?: number;
  runBudgetMs?: number;
  answerWithinMs?: number;
  /** This process in claims: a restart under the same id resumes its own claims at once. */
  instanceId?: string;
  /** Updates cards when a change ends outside its click. */
  notifier?: ApprovalNotifier;
  onBackgroundError?: (error: unknown) => void;
  /** Test hook: a stop between claim and execution. */
  afterClaim?: (request: ApprovalRequest) => Promise<void> | void;
}

/** The "Act" services over one store and the per-user credentials, for the composition root. */
export function createActServices(
  azure: AzureConfig,
  credentials: CredentialFactory,
  store: VersionedDocuments,
  isConflict: (error: unknown) => boolean,
  settings: ActSettings,
): { act: ActServices; suppressions: SuppressionStore } {
  const audit = createAuditLog(store);
  const suppressions = cachedSuppressionStore(createSuppressionStore(store));
  const targets = new ArmChangeTargets(azure, credentials);
  const approvals = new ApprovalService({
    documents: store,
    isConflict,
    executor: new ArmChangeExecutor(azure, credentials),
    directory: new TokenGroupDirectory(credentials, { azure, groups: settings.approverGroups }),
    audit,
    suppressions,
    approverGroups: settings.approverGroups,
    expiryHours: settings.expiryHours,
    rights: new ArmApproverRights(azure, credentials),
    environments: new SubscriptionEnvironments(targets),
    ...(settings.claimLeaseMs === undefined ? {} : { claimLeaseMs: settings.claimLeaseMs }),
    ...(settings.runBudgetMs === undefined ? {} : { runBudgetMs: settings.runBudgetMs }),
    ...(settings.answerWithinMs === undefined ? {} : { answerWithinMs: settings.answerWithinMs }),
    ...(settings.instanceId ? { instanceId: settings.instanceId } : {}),
    ...(settings.notifier ? { notifier: settings.notifier } : {}),
    ...(settings.onBackgroundError ? { onBackgroundError: settings.onBackgroundError } : {}),
    ...(settings.afterClaim ? { afterClaim: settings.afterClaim } : {}),
  });
  return { act: { approvals, targets, audit, drafts: createDraftStore(store) }, suppressions };
}
