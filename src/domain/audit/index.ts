export type { AuditAction, AuditEntry, AuditLog, AuditQuery } from './types.js';
export { AUDIT_NAMESPACE, createAuditLog, type AppendOnlyDocuments } from './audit-log.js';
