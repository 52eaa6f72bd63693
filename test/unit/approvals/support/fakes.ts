import { planOperation } from '../../../../src/azure/changes/operations.js';
import {
  ApprovalService,
  type ApprovalServiceOptions,
  type ApproverDirectory,
  type ArmChangeSpec,
  type ArmOperation,
  type ChangeExecutor,
  type ExecutionResult,
  type NewApproval,
  type Person,
} from '../../../../src/domain/approvals/index.js';
import { createAuditLog, type AuditEntry } from '../../../../src/domain/audit/index.js';
import { createSuppressionStore } from '../../../../src/domain/suppressions/index.js';
import { isConcurrencyError, type KeyValueStore } from '../../../../src/store/types.js';
import { MemoryStore } from '../../cards/support/memory-store.js';

/** An in-memory store, seen through the store interface the app uses. */
export function memoryStore(): KeyValueStore {
  return new MemoryStore();
}

export const people = {
  diego: { objectId: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d02', name: 'Diego Alvarez', channelUserId: '29:diego' },
  priya: { objectId: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51', name: 'Priya Raman', channelUserId: '29:priya' },
  mei: { objectId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c03', name: 'Mei Chen', channelUserId: '29:mei' },
  sam: { objectId: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f05', name: 'Sam Okafor', channelUserId: '29:sam' },
} as const satisfies Record<string, Person>;

export const SCOPE = '/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000003/resourceGroups/rg-dev-sandbox';
export const CONVERSATION = '19:meeting_group@thread.v2';

/**
 * Azure as the approval flow sees it: every execution is counted, `made` holds what Azure has, and
 * each approver can be given an answer (a 403 for Sam, say). Executions yield to the event loop, as
 * a real request would.
 */
export class FakeExecutor implements ChangeExecutor {
  executions: { change: ArmChangeSpec; as: Person }[] = [];
  made = new Set<string>();
  answers = new Map<string, ExecutionResult>();
  verifies = 0;

  plan(change: ArmChangeSpec): ArmOperation {
    return planOperation(change);
  }

  async execute(change: ArmChangeSpec, as: Person): Promise<ExecutionResult> {
    await new Promise((r) => setTimeout(r, 5));
    this.executions.push({ change, as });
    const answer = this.answers.get(as.objectId);
    if (answer) return answer;
    const op = planOperation(change);
    this.made.add(op.path);
    return { ok: true, status: 201, resourceId: op.path, correlationId: `corr-${this.executions.length}`, message: 'Policy assigned.' };
  }

  async verify(change: ArmChangeSpec): Promise<{ done: boolean; resourceId?: string }> {
    this.verifies++;
    const op = planOperation(change);
    return { done: this.made.has(op.path), resourceId: op.path };
  }
}

export function forbidden(person: Person): ExecutionResult {
  return {
    ok: false,
    retryable: true,
    status: 403,
    code: 'AuthorizationFailed',
    message: `The client '${person.name}' with object id '${person.objectId}' does not have authorization to perform action 'Microsoft.Authorization/policyAssignments/write' over scope '${SCOPE}' or the scope is invalid.`,
    action: 'Microsoft.Authorization/policyAssignments/write',
    scope: SCOPE,
    correlationId: 'corr-403',
  };
}

export class FakeDirectory implements ApproverDirectory {
  constructor(private readonly groups: Record<string, string[]> = {}) {}
  async groupsOf(person: Person): Promise<readonly string[]> {
    return this.groups[person.objectId] ?? [];
  }
}

export function assignRequest(overrides: Partial<NewApproval> = {}): NewApproval {
  return {
    title: 'Assign “Container registries should use private link” to rg-dev-sandbox',
    change: {
      kind: 'assign-policy',
      scope: SCOPE,
      assignmentName: 'shipshape-private-link-0123456789ab',
      definitionId: '/providers/Microsoft.Authorization/policyDefinitions/e8eef0a8-67cf-4eb4-9386-14b0e78733d4',
      displayName: 'Container registries should use private link',
      parameters: {},
      description: 'Requested by Diego Alvarez through ShipShape',
      metadata: { createdWith: 'ShipShape' },
    },
    scope: SCOPE,
    scopeLabel: 'rg-dev-sandbox (Contoso Dev)',
    warnings: [],
    blastRadius: { summary: '1 registry in scope; 0 non-compliant with this policy today.', items: [{ name: 'contosodev', detail: 'compliant' }], more: 0 },
    reason: 'private by Q3',
    ...overrides,
  };
}

export interface Harness {
  service: ApprovalService;
  store: KeyValueStore;
  executor: FakeExecutor;
  audit: () => Promise<AuditEntry[]>;
  make(options?: Partial<ApprovalServiceOptions>): ApprovalService;
}

/** A service over an in-memory store; `make` builds another instance on the same store (a second process). */
export function harness(options: Partial<ApprovalServiceOptions> = {}): Harness {
  const store = memoryStore();
  const executor = new FakeExecutor();
  const auditLog = createAuditLog(store);
  const make = (more: Partial<ApprovalServiceOptions> = {}): ApprovalService =>
    new ApprovalService({
      documents: store,
      isConflict: isConcurrencyError,
      executor,
      directory: new FakeDirectory(),
      audit: auditLog,
      suppressions: createSuppressionStore(store),
      ...options,
      ...more,
    });
  return {
    service: make(),
    store,
    executor,
    make,
    audit: () => auditLog.query({ from: new Date(Date.now() - 7 * 86_400_000), to: new Date(Date.now() + 86_400_000) }),
  };
}

/** Another change of the same kind at the same scope (a different assignment): not a duplicate. */
export function anotherAssignRequest(name = 'shipshape-other-0123456789ab'): NewApproval {
  const base = assignRequest();
  return { ...base, change: { ...base.change, assignmentName: name } as NewApproval['change'] };
}
