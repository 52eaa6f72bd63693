import { createHash } from 'node:crypto';
import type { VersionedDocuments } from './ports.js';
import type { ApprovalRecords } from './records.js';
import { isFinal, type ApprovalRequest } from './types.js';

/**
 * One open request per change: an index from the operation a request would run to the request,
 * written create-only (or compare-and-swap over a settled one), so that of two identical requests
 * made at the same moment on any instances, one is opened and the other points to it.
 */
export const OPERATIONS_NAMESPACE = 'approval-operations';
const RETENTION_SECONDS = 180 * 86_400;

/** What makes two requests the same change: the resource and method Azure would get, or the suppression. */
export function operationKey(request: Pick<ApprovalRequest, 'change' | 'operation'>): string {
  if (request.change.kind === 'suppress') return `suppress ${request.change.suppressionId.toLowerCase()}`;
  const op = request.operation;
  return op ? `${op.method} ${op.path.toLowerCase()}` : `${request.change.kind}`;
}

function indexKey(operation: string): string {
  return createHash('sha256').update(operation).digest('hex').slice(0, 40);
}

export class OperationIndex {
  constructor(
    private readonly documents: VersionedDocuments,
    private readonly isConflict: (error: unknown) => boolean,
  ) {}

  /**
   * Makes `request` the open request for its operation, or returns the id of the one already open
   * (`view` reads a request as it stands, expiring it on the way).
   */
  async reserve(request: ApprovalRequest, view: (id: string) => Promise<ApprovalRequest | undefined>): Promise<string | undefined> {
    const key = indexKey(operationKey(request));
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.documents.get<{ approvalId: string }>(OPERATIONS_NAMESPACE, key);
      if (current) {
        const other = await view(current.value.approvalId);
        if (other && !isFinal(other.state)) return other.id;
      }
      try {
        await this.documents.put(OPERATIONS_NAMESPACE, key, { approvalId: request.id }, { ifMatch: current ? current.etag : 'absent', ttlSeconds: RETENTION_SECONDS });
        return undefined;
      } catch (error) {
        if (!this.isConflict(error)) throw error;
      }
    }
    throw new Error('the operation index kept changing; try again');
  }
}

/**
 * After a change is made: other requests still open for the same operation (asked before requests
 * were deduplicated) close as already in effect. Returns the ones closed, for their cards.
 */
export async function closeAlreadyInEffect(records: ApprovalRecords, done: ApprovalRequest, now: Date): Promise<ApprovalRequest[]> {
  if (done.state !== 'succeeded') return [];
  const key = operationKey(done);
  const closed: ApprovalRequest[] = [];
  for await (const { request, etag } of records.all()) {
    if (request.id === done.id || request.state !== 'requested' || operationKey(request) !== key) continue;
    const next: ApprovalRequest = {
      ...request,
      state: 'succeeded',
      outcome: {
        at: now.toISOString(),
        ok: true,
        status: done.outcome?.status ?? 200,
        message: `Already in effect: the same change was made through another request, approved by ${done.approvedBy?.name ?? 'someone'}. Nothing was sent for this one.`,
        ...(done.outcome?.resourceId ? { resourceId: done.outcome.resourceId } : {}),
        inEffectVia: done.id,
      },
    };
    const saved = await records.replace(next, etag);
    if (saved) closed.push(saved.request);
  }
  return closed;
}
