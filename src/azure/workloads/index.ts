export { ArmWorkloads } from './arm-workloads.js';
export { UNKNOWN_AUDIT, auditOf, toClusterFacts, toContainerGroupFacts, toRegistryFacts, type RawDiagnosticSetting } from './mappers.js';
