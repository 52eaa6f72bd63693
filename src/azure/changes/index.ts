import type { AzureConfig } from '../../config/index.js';
import { ApprovalService, createDraftStore, type ActServices, type ApprovalRequest, type VersionedDocuments } from '../../domain/approvals/index.js';
import { createAuditLog } from '../../domain/audit/index.js';
import { cachedSuppressionStore, createSuppressionStore, type SuppressionStore } from '../../domain/suppressions/index.js';
import type { CredentialFactory } from '../credentials.js';
import { ArmChangeExecutor } from './arm-executor.js';
import { ArmChangeTargets } from './arm-targets.js';
import { TokenGroupDirectory } from './approver-groups.js';

export { ArmChangeExecutor } from './arm-executor.js';
export { ArmChangeTargets } from './arm-targets.js';
export { TokenGroupDirectory } from './approver-groups.js';
export { API_VERSIONS, planOperation } from './operations.js';

export interface ActSettings {
  /** Entra group ids an approver must be in (empty: anyone but the requester). */
  approverGroups: readonly string[];
  expiryHours: number;
  /** Test hooks: a short lease and a stop between claim and execution. */
  claimLeaseMs?: number;
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
  const approvals = new ApprovalService({
    documents: store,
    isConflict,
    executor: new ArmChangeExecutor(azure, credentials),
    directory: new TokenGroupDirectory(credentials, { azure, groups: settings.approverGroups }),
    audit,
    suppressions,
    approverGroups: settings.approverGroups,
    expiryHours: settings.expiryHours,
    ...(settings.claimLeaseMs === undefined ? {} : { claimLeaseMs: settings.claimLeaseMs }),
    ...(settings.afterClaim ? { afterClaim: settings.afterClaim } : {}),
  });
  return { act: { approvals, targets: new ArmChangeTargets(azure, credentials), audit, drafts: createDraftStore(store) }, suppressions };
}
