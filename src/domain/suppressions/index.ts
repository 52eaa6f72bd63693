export type { Suppressed, SuppressibleFinding, Suppression, SuppressionStore } from './types.js';
export { SUPPRESSIONS_NAMESPACE, applySuppressions, cachedSuppressionStore, createSuppressionStore, suppresses, type SuppressionDocuments } from './suppression-store.js';
