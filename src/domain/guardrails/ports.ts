import type { ComplianceData } from '../compliance/index.js';
import type { EstateView, ScanScope } from '../findings/index.js';
import type { UserIdentity } from '../identity.js';
import type { ScopeQuery } from '../posture/index.js';
import type { WorkloadEstate } from './types.js';

/** What the guardrails read, always with the asking person's own Azure rights. */
export interface WorkloadPort {
  /**
   * Container groups, AKS clusters and registries (with their audit trail) in every subscription the
   * person can read. Parts that fail are listed in `failures`; nothing readable is a UserError.
   */
  estate(user: UserIdentity): Promise<WorkloadEstate>;
}

/** Image findings (the findings service fits). */
export interface ImageFindingsSource {
  view(user: UserIdentity, scope: ScanScope): Promise<EstateView>;
}

/** Policy compliance (the compliance port fits). */
export interface PolicyComplianceSource {
  policyStates(user: UserIdentity, query: ScopeQuery, options: { includeCompliant: boolean }): Promise<ComplianceData>;
}
