export { DefenderFindingsSource, type DefenderSourceOptions } from './defender-source.js';
export { ArmGate, attemptTimeoutPolicy, bucketOf, type ArmGateOptions } from './arm-gate.js';
export { ASSESSMENT_KEYS, severityFromCvss, toFindingRecord, type MapContext } from './sub-assessment-mapper.js';
export { registryScan, scanPlan } from './scan-plan.js';
export { environmentOf } from './estate-reader.js';
