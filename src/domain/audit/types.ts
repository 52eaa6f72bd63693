/** What the audit trail records: who did what to which scope, and what Azure answered. */
export type AuditAction =
  | 'approval.requested'
  | 'approval.approved'
  | 'approval.rejected'
  | 'approval.expired'
  | 'approval.refused'
  | 'change.succeeded'
  | 'change.failed'
  | 'change.denied'
  | 'change.resumed';

export interface AuditEntry {
  /** ISO time; keys sort by it. */
  at: string;
  action: AuditAction;
  /** Object id of who acted (the approver for executions). */
  actor: string;
  actorName: string;
  /** ARM scope or resource id the action concerns (`shipshape:/…` for ShipShape-side changes). */
  target: string;
  targetLabel: string;
  approvalId: string;
  /** One readable line. */
  summary: string;
  detail: {
    status?: number;
    code?: string;
    correlationId?: string;
    resourceId?: string;
    reason?: string;
    /** For refusals and denials: the action and scope that were missing. */
    action?: string;
    scope?: string;
  };
}

export interface AuditQuery {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Entries whose target is this scope or under it, or whose label names it (case-insensitive). */
  scope?: string;
  actions?: readonly AuditAction[];
}

/** Append-only: entries are written create-only and never changed. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  query(query: AuditQuery): Promise<AuditEntry[]>;
}
