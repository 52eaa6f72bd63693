import type { ArmResource } from '../http/types.js';
import { resolveExpression } from './policy-evaluator.js';
import type { AssignedPolicy } from './policy-members.js';
import { modifyOperations } from './policy-modify.js';

/**
 * Policies whose rules contradict each other on one resource are reported `Conflict` by Policy
 * Insights (the portal's "Conflicting"): here, Modify policies of different assignments that write the
 * same field of the same resource with different values.
 */
export class ModifyConflicts {
  private readonly writes = new Map<string, Array<{ rowKey: string; assignmentId: string; value: string }>>();

  /** Notes what a Modify policy that applies to `resource` would write; other effects write nothing. */
  record(rowKey: string, policy: AssignedPolicy, resource: ArmResource): void {
    for (const op of modifyOperations(policy) ?? []) {
      const kind = String(op.operation ?? '').toLowerCase();
      if ((kind !== 'addorreplace' && kind !== 'add') || typeof op.field !== 'string') continue;
      const value = JSON.stringify(resolveExpression(op.value, { resource, parameters: policy.parameters }) ?? null).toLowerCase();
      const key = `${resource.id}|${op.field}`.toLowerCase();
      const list = this.writes.get(key) ?? [];
      list.push({ rowKey, assignmentId: policy.assignment.id.toLowerCase(), value });
      this.writes.set(key, list);
    }
  }

  /** Row keys of every policy that disagrees with another assignment's about a field. */
  conflicting(): Set<string> {
    const keys = new Set<string>();
    for (const list of this.writes.values()) {
      for (const a of list) if (list.some((b) => b.assignmentId !== a.assignmentId && b.value !== a.value)) keys.add(a.rowKey);
    }
    return keys;
  }
}
