import { managementGroupsOf, type ManagementGroups } from '../authz/management-groups.js';
import type { ArmResource, EmulatorContext } from '../http/types.js';
import { isAtOrAbove, isAtOrUnder, normalizeScope } from './ids.js';
import { allPolicyAssignments } from './policy-assignments.js';
import { propertiesOf } from './policy-catalog.js';
import { allPolicyExemptions, exemptionScopeOf, isExemptionActive } from './policy-exemptions.js';
import { judge, judgedResources } from './policy-judge.js';
import { ModifyConflicts } from './policy-conflicts.js';
import { assignedPolicies } from './policy-members.js';
import { blankRow, isCompliantState, rowFor, type PolicyStateRow } from './policy-state-rows.js';

/**
 * The "latest" policy states of a scope, as Azure Policy's compliance scan records them: each
 * assignment reaching the scope judges each resource of the types its rule targets. Exempted
 * resources are `Exempt`; policy state resources written into the tenant override computed rows.
 *
 * States are computed from the tenant as it is when asked, so they are always those of a scan that
 * has just finished: creating or deleting an assignment, changing a resource or triggering an
 * evaluation shows in the next query (Azure takes minutes; tests and demos need not wait).
 */

export type { PolicyStateRow } from './policy-state-rows.js';
export const POLICY_STATE_TYPE = 'Microsoft.PolicyInsights/policyStates';

export interface StateOptions {
  /** Add `policyEvaluationDetails` (`$expand=PolicyEvaluationDetails`). */
  details?: boolean;
  /** Add `components` for Kubernetes policies (`$expand=components`). */
  components?: boolean;
}

/** The deeper of two nested scopes (through management groups too), or undefined when neither contains the other. */
function overlap(groups: ManagementGroups, a: string, b: string): string | undefined {
  if (isAtOrUnder(a, b)) return a;
  if (isAtOrUnder(b, a) || groups.contains(a, b)) return b;
  return undefined;
}

function stateKey(resourceId: string, assignmentId: string, definitionId: string, referenceId: string): string {
  return [resourceId, assignmentId, definitionId, referenceId].join('|').toLowerCase();
}

/** Every assignment judging resources under `scope`, with the part of the scope it covers. */
export function assignmentsReaching(ctx: EmulatorContext, scope: string): Array<{ assignment: ArmResource; evalScope: string }> {
  const result: Array<{ assignment: ArmResource; evalScope: string }> = [];
  const groups = managementGroupsOf(ctx.store, ctx.tenantId);
  for (const assignment of allPolicyAssignments(ctx)) {
    const evalScope = overlap(groups, String(propertiesOf(assignment).scope ?? '/'), scope);
    if (evalScope !== undefined) result.push({ assignment, evalScope });
  }
  return result;
}

function isExempt(exemptions: readonly ArmResource[], assignmentId: string, resourceId: string, referenceId: string | undefined): boolean {
  return exemptions.some((e) => {
    const p = propertiesOf(e);
    const refs = Array.isArray(p.policyDefinitionReferenceIds) ? p.policyDefinitionReferenceIds.map((r) => String(r).toLowerCase()) : [];
    return (
      String(p.policyAssignmentId ?? '').toLowerCase() === assignmentId.toLowerCase() &&
      isAtOrUnder(resourceId, exemptionScopeOf(e)) &&
      (refs.length === 0 || refs.includes((referenceId ?? '').toLowerCase()))
    );
  });
}

export function computePolicyStates(ctx: EmulatorContext, rawScope: string, options: StateOptions = {}): PolicyStateRow[] {
  const scope = normalizeScope(rawScope);
  const now = ctx.now();
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
  const exemptions = [...allPolicyExemptions(ctx)].filter((e) => isExemptionActive(e, now));
  const rows = new Map<string, PolicyStateRow>();
  const conflicts = new ModifyConflicts();

  for (const { assignment, evalScope } of assignmentsReaching(ctx, scope)) {
    for (const policy of assignedPolicies(ctx, assignment)) {
      if (policy.effect === 'disabled') continue;
      for (const resource of judgedResources(ctx, policy, evalScope)) {
        const verdict = judge(ctx, policy, resource, options.details === true);
        if (!verdict) continue;
        const state = isExempt(exemptions, assignment.id, resource.id, policy.referenceId) ? 'Exempt' : verdict.state;
        const row = rowFor(policy, resource, state, timestamp);
        if (options.details) row.policyEvaluationDetails = verdict.details ?? null;
        if (options.components && verdict.components) {
          row.components = verdict.components.map((c) => ({ ...c, timestamp }));
        }
        const key = stateKey(resource.id, assignment.id, policy.definition.id, policy.referenceId ?? '');
        if (state !== 'Exempt') conflicts.record(key, policy, resource);
        rows.set(key, row);
      }
    }
  }
  for (const key of conflicts.conflicting()) {
    const row = rows.get(key);
    if (row) Object.assign(row, { complianceState: 'Conflict', isCompliant: false });
  }

  // Policy states written into the tenant file win over computed ones for the same key.
  for (const explicit of ctx.store.listByType(POLICY_STATE_TYPE, scope)) {
    const { id: _id, name: _name, type: _type, ...row } = explicit;
    const resourceId = String(row.resourceId ?? '');
    if (!isAtOrUnder(resourceId, scope) && !isAtOrAbove(resourceId, scope)) continue;
    const key = stateKey(resourceId, String(row.policyAssignmentId ?? ''), String(row.policyDefinitionId ?? ''), String(row.policyDefinitionReferenceId ?? ''));
    const complianceState = String(row.complianceState ?? (row.isCompliant === false ? 'NonCompliant' : 'Compliant'));
    const merged: PolicyStateRow = { ...blankRow(timestamp), ...(rows.get(key) ?? {}), ...row, complianceState, isCompliant: isCompliantState(complianceState) };
    // A computed explanation does not explain a state the tenant dictates.
    if (options.details) merged.policyEvaluationDetails = row.policyEvaluationDetails ?? null;
    else delete merged.policyEvaluationDetails;
    if (options.components && row.components !== undefined) merged.components = row.components;
    else if (!options.components || rows.get(key)?.complianceState !== complianceState) delete merged.components;
    rows.set(key, merged);
  }
  return [...rows.values()];
}
