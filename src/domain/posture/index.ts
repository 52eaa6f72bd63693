export { CHECKS, assessRegistry, checkById, isFailure, summarizePosture, type CheckResult, type CheckSummary, type PostureSummary, type RegistryPosture } from './assess.js';
export { CHECK_IDS, isCheckId, type ArmChange, type CheckId, type Outcome, type PolicyRef, type PostureCheck } from './check-types.js';
export { createFixProposalStore, PROPOSAL_TTL_SECONDS, type DocumentStore, type FixProposal, type FixProposalStore } from './fix-proposals.js';
export type { PosturePort, RegistryListing } from './ports.js';
export { is, isPremium, type EncryptionView, type PrivateEndpointConnectionView, type RegistryPolicies, type RegistrySnapshot } from './registry.js';
export { describeSearch, plural, type ScopeQuery, type SearchedScope, type SubscriptionRef } from './scope.js';
export { registryNames, scopeQueryOf, selectRegistries, withNamedRegistry, type NamedRegistries } from './query.js';
