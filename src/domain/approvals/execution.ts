import type { AuditEntry, AuditLog } from '../audit/index.js';
import type { SuppressionStore } from '../suppressions/index.js';
import type { ChangeExecutor, ExecutionResult } from './ports.js';
import type { ApprovalRecords, StoredApproval } from './records.js';
import { afterExecution, executing } from './rules.js';
import { isFinal, type ApprovalRequest, type Person } from './types.js';

export interface ExecutionDeps {
  records: ApprovalRecords;
  executor: ChangeExecutor;
  suppressions: SuppressionStore;
  audit: AuditLog;
  now: () => Date;
}

function targetOf(request: ApprovalRequest): string {
  return request.operation?.path ?? request.scope;
}

/** ShipShape-side changes run here; everything else goes to Azure with the approver's credential. */
async function perform(deps: ExecutionDeps, request: ApprovalRequest, approver: Person): Promise<ExecutionResult> {
  const change = request.change;
  if (change.kind !== 'suppress') return deps.executor.execute(change, approver);
  await deps.suppressions.add({
    id: change.suppressionId,
    cveId: change.cveId,
    repository: change.repository,
    ...(change.registry ? { registry: change.registry } : {}),
    reason: request.reason,
    owner: request.requestedBy,
    approvedBy: approver,
    approvalId: request.id,
    createdAt: deps.now().toISOString(),
    expiresAt: change.expiresAt,
  });
  return { ok: true, status: 200, resourceId: `shipshape:/suppressions/${change.suppressionId}`, message: `Suppressed until ${change.expiresAt.slice(0, 10)}.` };
}

async function alreadyDone(deps: ExecutionDeps, request: ApprovalRequest, approver: Person): Promise<{ done: boolean; resourceId?: string } | undefined> {
  const change = request.change;
  if (change.kind === 'suppress') {
    const found = await deps.suppressions.get(change.suppressionId);
    return { done: found?.approvalId === request.id, resourceId: `shipshape:/suppressions/${change.suppressionId}` };
  }
  // Looking costs a GET; not being able to look means the change is sent again (PUTs are idempotent).
  return deps.executor.verify(change, approver).catch(() => undefined);
}

/** Stores the end state; a conflict here can only be a takeover racing us, so the newer version is replaced unless it already ended. */
async function settle(deps: ExecutionDeps, next: ApprovalRequest, etag: string): Promise<ApprovalRequest> {
  let tag = etag;
  for (let attempt = 0; attempt < 3; attempt++) {
    const saved = await deps.records.replace(next, tag);
    if (saved) return saved.request;
    const current = await deps.records.load(next.id);
    if (!current || isFinal(current.request.state)) return current?.request ?? next;
    tag = current.etag;
  }
  throw new Error(`approval ${next.id}: could not store the outcome of its execution`);
}

function auditOf(request: ApprovalRequest, result: ExecutionResult, approver: Person, at: string): AuditEntry {
  const base = {
    at,
    actor: approver.objectId,
    actorName: approver.name,
    target: targetOf(request),
    targetLabel: request.scopeLabel,
    approvalId: request.id,
  };
  if (result.ok) {
    return {
      ...base,
      action: 'change.succeeded',
      summary: `${request.title}: done (${result.status})`,
      detail: { status: result.status, resourceId: result.resourceId, ...(result.correlationId ? { correlationId: result.correlationId } : {}) },
    };
  }
  const detail = {
    status: result.status,
    code: result.code,
    ...(result.correlationId ? { correlationId: result.correlationId } : {}),
    ...(result.action ? { action: result.action } : {}),
    ...(result.scope ? { scope: result.scope } : {}),
  };
  return result.retryable
    ? { ...base, action: 'change.denied', summary: `${request.title}: Azure answered ${result.status} ${result.code}; still open`, detail }
    : { ...base, action: 'change.failed', summary: `${request.title}: failed (${result.status} ${result.code})`, detail };
}

/**
 * Runs a claimed request exactly once. `approved` means nothing was sent yet; `executing` (found after
 * a crash) means a request may have reached Azure, so Azure is asked first and the change is sent only
 * when it is not there.
 */
export async function runClaimed(deps: ExecutionDeps, stored: StoredApproval, resumed: boolean): Promise<ApprovalRequest> {
  const approver = stored.request.approvedBy;
  if (!approver) throw new Error(`approval ${stored.request.id} is claimed without an approver`);
  const interrupted = stored.request.state === 'executing';
  const current = interrupted ? stored : await deps.records.replace(executing(stored.request), stored.etag);
  if (!current) return (await deps.records.load(stored.request.id))?.request ?? stored.request;

  let result: ExecutionResult | undefined;
  let verified = false;
  if (resumed && interrupted) {
    const seen = await alreadyDone(deps, current.request, approver);
    if (seen?.done) {
      result = { ok: true, status: 200, resourceId: seen.resourceId ?? targetOf(current.request), message: 'Found already made after a restart; not sent again.' };
      verified = true;
    }
  }
  result ??= await perform(deps, current.request, approver);
  let next = afterExecution(current.request, result, deps.now());
  if (verified && next.outcome) next = { ...next, outcome: { ...next.outcome, verifiedAfterRestart: true } };
  const settled = await settle(deps, next, current.etag);
  await deps.audit.append(auditOf(current.request, result, approver, deps.now().toISOString()));
  return settled;
}
