import type { VersionedDocuments } from './ports.js';
import type { ApprovalRequest } from './types.js';

export const APPROVALS_NAMESPACE = 'approvals';
/** Settled requests stay readable (replayed clicks, refreshes, digests) for this long. */
const RETENTION_SECONDS = 180 * 86_400;
const ID = /^[A-Za-z0-9_-]{8,64}$/;

export interface StoredApproval {
  request: ApprovalRequest;
  etag: string;
}

/**
 * Approval requests in the store, versioned: every change is a compare-and-swap on the etag read,
 * so of two instances (or fifty clicks) changing the same request, exactly one wins.
 */
export class ApprovalRecords {
  constructor(
    private readonly documents: VersionedDocuments,
    private readonly isConflict: (error: unknown) => boolean,
  ) {}

  async load(id: string): Promise<StoredApproval | undefined> {
    if (!ID.test(id)) return undefined;
    const item = await this.documents.get<ApprovalRequest>(APPROVALS_NAMESPACE, id);
    return item ? { request: item.value, etag: item.etag } : undefined;
  }

  async create(request: ApprovalRequest): Promise<StoredApproval> {
    const etag = await this.documents.put(APPROVALS_NAMESPACE, request.id, request, { ifMatch: 'absent', ttlSeconds: RETENTION_SECONDS });
    return { request, etag };
  }

  /** The new version, or undefined when someone else changed the request since `etag` was read. */
  async replace(request: ApprovalRequest, etag: string): Promise<StoredApproval | undefined> {
    try {
      const next = await this.documents.put(APPROVALS_NAMESPACE, request.id, request, { ifMatch: etag, ttlSeconds: RETENTION_SECONDS });
      return { request, etag: next };
    } catch (error) {
      if (this.isConflict(error)) return undefined;
      throw error;
    }
  }

  async *all(): AsyncIterable<StoredApproval> {
    for await (const item of this.documents.list<ApprovalRequest>(APPROVALS_NAMESPACE)) yield { request: item.value, etag: item.etag };
  }

  static isValidId(id: unknown): id is string {
    return typeof id === 'string' && ID.test(id);
  }
}
