export { reasonFor, shortField } from './reasons.js';
export {
  byAssignment, byResource, filterStates, isContainerState, nameOf, resourcesToExplain, withEvidence,
  type AssignmentReport, type FailingResource, type ResourceViolations,
} from './report.js';
export type {
  AssignmentCounts, AssignmentInfo, AssignmentsData, ComplianceData, CompliancePort, EvaluationEvidence, PolicyStateView,
} from './types.js';
