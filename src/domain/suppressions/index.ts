export type { Suppressed, SuppressibleFinding, Suppression, SuppressionStore } from './types.js';
export { SUPPRESSIONS_NAMESPACE, applySuppressions, createSuppressionStore, suppresses, type SuppressionDocuments } from './suppression-store.js';
