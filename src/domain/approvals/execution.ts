import type { AuditEntry, AuditLog } from '../audit/index.js';
import type { SuppressionStore } from '../suppressions/index.js';
import type { ChangeExecutor, ExecutionResult } from './ports.js';
import { ClaimKeeper } from './claim-keeper.js';
import type { ApprovalRecords, StoredApproval } from './records.js';
import { afterExecution, executing } from './rules.js';
import type { ApprovalRequest, Person } from './types.js';

export interface ExecutionDeps {
  records: ApprovalRecords;
  executor: ChangeExecutor;
  suppressions: SuppressionStore;
  audit: AuditLog;
  now: () => Date;
  /** The claim's lease; renewed every third of it while the change runs. */
  leaseMs: number;
  /** The longest a change may take from its start, throttling waits included. */
  budgetMs: number;
  sleep?: (ms: number) => Promise<void>;
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

/** A throttled answer means Azure did not take the request: waiting and sending again is safe. */
function throttled(result: ExecutionResult): boolean {
  return !result.ok && result.status === 429;
}

const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 15_000;

/**
 * Runs a claimed request exactly once, renewing its claim for as long as it runs. `resumed` (a
 * takeover, after a crash or a stopped instance) asks Azure first whether the change is already made
 * and sends it only when it is not. Throttling is waited out, within `budgetMs` of the start.
 */
export async function runClaimed(deps: ExecutionDeps, stored: StoredApproval, resumed: boolean): Promise<ApprovalRequest> {
  const approver = stored.request.approvedBy;
  if (!approver) throw new Error(`approval ${stored.request.id} is claimed without an approver`);
  const keeper = new ClaimKeeper(deps.records, stored, deps.leaseMs, deps.now);
  keeper.start();
  try {
    const started = deps.now().getTime();
    if (stored.request.state !== 'executing' && !(await keeper.update(executing))) return await keeper.latest();

    let result: ExecutionResult | undefined;
    let verified = false;
    if (resumed) {
      const seen = await alreadyDone(deps, keeper.request, approver);
      if (seen?.done) {
        result = { ok: true, status: 200, resourceId: seen.resourceId ?? targetOf(keeper.request), message: 'Found already made after an interruption; not sent again.' };
        verified = true;
      }
    }
    let wait = FIRST_WAIT_MS;
    while (!result) {
      if (keeper.lost) return await keeper.latest();
      const answer = await perform(deps, keeper.request, approver);
      const later = deps.now().getTime() + wait;
      if (throttled(answer) && later - started < deps.budgetMs) {
        await (deps.sleep ?? sleep)(wait);
        wait = Math.min(wait * 2, LONGEST_WAIT_MS);
        continue;
      }
      result = answer;
    }
    const final = result;
    await keeper.stop();
    const settled = await keeper.update((latest) => {
      const next = afterExecution(latest, final, deps.now());
      return verified && next.outcome ? { ...next, outcome: { ...next.outcome, verifiedAfterRestart: true } } : next;
    });
    // Fenced: another instance owns the request now; its record and its audit entry stand.
    if (!settled) return await keeper.latest();
    await deps.audit.append(auditOf(settled.request, final, approver, deps.now().toISOString()));
    return settled.request;
  } finally {
    await keeper.stop();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
