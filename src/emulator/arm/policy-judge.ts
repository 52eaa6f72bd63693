import type { ArmResource, EmulatorContext } from '../http/types.js';
import { armTypeOf, isAtOrUnder, nameOf } from './ids.js';
import { propertiesOf } from './policy-catalog.js';
import { evaluateCondition, targetedTypes, type EvaluatedExpression } from './policy-evaluator.js';
import { isObject } from './policy-fields.js';
import { canJudgeKubernetes, clusterContainers, isKubernetesDefinition, judgeKubernetes, policyAddonEnabled, type KubeComponent } from './policy-kubernetes.js';
import type { AssignedPolicy } from './policy-members.js';

/**
 * One assigned policy's verdict on one resource, as a compliance scan records it: the `if` decides
 * whether the policy applies; Audit/Deny/Modify/… make a matching resource non-compliant; the
 * *IfNotExists effects look for a related resource meeting `existenceCondition`; Kubernetes policies
 * judge the containers the cluster runs.
 */

export type ComplianceState = 'Compliant' | 'NonCompliant' | 'Unknown' | 'Conflict';

export interface Verdict {
  state: ComplianceState;
  /** Policy Insights `policyEvaluationDetails`, when asked for. */
  details?: { evaluatedExpressions: EvaluatedExpression[]; ifNotExistsDetails?: { resourceId: string; totalResources: number } };
  /** Kubernetes objects judged (`$expand=components`). */
  components?: KubeComponent[];
}

type Json = Record<string, unknown>;

/** Effects that look at a related resource. */
const IF_NOT_EXISTS = new Set(['auditifnotexists', 'deployifnotexists']);

export function ruleOf(definition: ArmResource): { if: unknown; then: Json } {
  const rule = propertiesOf(definition).policyRule;
  return isObject(rule) ? { if: rule.if, then: isObject(rule.then) ? rule.then : {} } : { if: undefined, then: {} };
}

/**
 * Related resources for AuditIfNotExists / DeployIfNotExists: an extension resource on the judged
 * resource (`Microsoft.Security/assessments` named by `details.name`), or children of it (stored, or
 * inline in its properties, as ACR returns private endpoint connections).
 */
function relatedResources(ctx: EmulatorContext, resource: ArmResource, details: Json): ArmResource[] {
  const type = typeof details.type === 'string' ? details.type : '';
  const name = typeof details.name === 'string' ? details.name : undefined;
  const ownType = (resource.type ?? armTypeOf(resource.id) ?? '').toLowerCase();
  if (type.toLowerCase().startsWith(`${ownType}/`)) {
    const childType = type.split('/').pop() ?? '';
    const stored = [...ctx.store.children(resource.id, childType)];
    const inline = propertiesOf(resource)[childType];
    const inlined = Array.isArray(inline) ? inline.filter(isObject).map((c, i) => ({ ...c, id: String(c.id ?? `${resource.id}/${childType}/${i}`), type })) : [];
    const all = [...stored, ...inlined];
    return name === undefined ? all : all.filter((r) => nameOf(r.id).toLowerCase() === name.toLowerCase());
  }
  if (name !== undefined) {
    const found = ctx.store.get(`${resource.id}/providers/${type}/${name}`);
    return found ? [found] : [];
  }
  return [...ctx.store.listByType(type, resource.id)];
}

function manualDefault(then: Json): ComplianceState {
  const state = isObject(then.details) ? String(then.details.defaultState ?? '') : '';
  return state.toLowerCase() === 'compliant' ? 'Compliant' : state.toLowerCase() === 'noncompliant' ? 'NonCompliant' : 'Unknown';
}

/** The verdict, or undefined when the policy does not apply to the resource (or is disabled). */
export function judge(ctx: EmulatorContext, policy: AssignedPolicy, resource: ArmResource, withDetails = false): Verdict | undefined {
  if (policy.effect === 'disabled') return undefined;
  const rule = ruleOf(policy.definition);
  const trace: EvaluatedExpression[] | undefined = withDetails ? [] : undefined;
  const matched = evaluateCondition(rule.if, { resource, parameters: policy.parameters, ...(trace ? { trace } : {}) });
  if (isKubernetesDefinition(policy.definition)) {
    if (!matched || !policyAddonEnabled(resource)) return undefined;
    const judged = judgeKubernetes(policy, clusterContainers(ctx, resource.id));
    return judged ? { state: judged.state, components: judged.components } : undefined;
  }
  const withTrace = (state: ComplianceState, extra: Partial<NonNullable<Verdict['details']>> = {}): Verdict =>
    trace ? { state, details: { evaluatedExpressions: trace, ...extra } } : { state };
  // A Manual policy's resources stay in its `details.defaultState` (Unknown unless it says otherwise) until attested.
  if (policy.effect === 'manual') return matched ? withTrace(manualDefault(rule.then)) : undefined;
  if (!IF_NOT_EXISTS.has(policy.effect)) return withTrace(matched ? 'NonCompliant' : 'Compliant');
  if (!matched) return undefined;
  const details = isObject(rule.then.details) ? rule.then.details : {};
  const related = relatedResources(ctx, resource, details);
  const condition = details.existenceCondition;
  const satisfying = related.find((r) => condition === undefined || evaluateCondition(condition, { resource: r, parameters: policy.parameters }));
  const last = satisfying ?? related[related.length - 1];
  return withTrace(satisfying ? 'Compliant' : 'NonCompliant', { ifNotExistsDetails: { resourceId: last?.id ?? '', totalResources: related.length } });
}

/** Resources an assigned policy judges under `evalScope` (its targeted types, outside `notScopes`). */
export function judgedResources(ctx: EmulatorContext, policy: AssignedPolicy, evalScope: string): ArmResource[] {
  const mode = String(propertiesOf(policy.definition).mode ?? 'All').toLowerCase();
  // Other resource-provider modes judge objects the emulator knows nothing about.
  if (mode !== 'all' && mode !== 'indexed' && !canJudgeKubernetes(policy.definition)) return [];
  const notScopes = propertiesOf(policy.assignment).notScopes;
  const excluded = Array.isArray(notScopes) ? notScopes.filter((s): s is string => typeof s === 'string') : [];
  const resources: ArmResource[] = [];
  for (const type of targetedTypes(ruleOf(policy.definition).if)) {
    for (const r of ctx.store.listByType(type, evalScope)) if (!excluded.some((n) => isAtOrUnder(r.id, n))) resources.push(r);
  }
  return resources;
}
