export type * from './types.js';
export { AUDIT_CATEGORIES, GUARDRAIL_IDS } from './types.js';
export { ApprovedRegistries, imageOf, normalizeApprovedEntry, type Approval } from './approved-registries.js';
export {
  checkGuardrails, compareReports, environmentOrder, judgeWorkload, ruleContext, verdictFor,
  type CheckInputs, type EnvironmentReport, type GuardrailCounts, type GuardrailReport, type GuardrailSettings, type RegistryAuditRow, type WorkloadReport,
} from './check.js';
export { GUARDRAIL_TEXT, SENSITIVE_PORTS, TODO, type GuardrailText } from './guidance.js';
export { NO_IMAGE_INTEL, ageInDays, imageIntelFromView, type ImageFacts, type ImageIntel } from './image-intel.js';
export { KUBERNETES_POLICIES, NO_KUBERNETES_POLICIES, isAssigned, kubernetesFromCompliance, type KubernetesPolicies, type KubernetesPolicy } from './kubernetes.js';
export {
  OFFER_LABELS, allowedImagesRegex, fixIdOf, parseFixId, proposalFor, workspaceName,
  type Offer, type OfferKind, type Proposal, type ProposalInputs, type ProposalTarget,
} from './offers.js';
export type { ImageFindingsSource, PolicyComplianceSource, WorkloadPort } from './ports.js';
export { coverageLines } from './coverage.js';
export { apiServerExposure, describePorts, type ApiServerExposure } from './rules-runtime.js';
export { looksLikeSecretName, looksLikeSecretValue, nameParts } from './secrets.js';
export { GuardrailsService, failureSummary, type FixAnswer, type GuardrailsServiceDeps } from './service.js';
export { listOf, notApplicable, plural, statusRank, verdictOf, worstStatus, type Issue, type IssueKind, type RuleContext, type Verdict } from './verdict.js';
