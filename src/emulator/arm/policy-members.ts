import type { ArmResource, EmulatorContext } from '../http/types.js';
import { isPolicySetDefinitionId, policyDefinitionById, policySetDefinitionById, propertiesOf } from './policy-catalog.js';
import { resolveExpression } from './policy-evaluator.js';

/**
 * What one policy assignment judges: its definition, or each definition of its initiative, with the
 * parameter values in effect for it (assignment values over initiative mappings over defaults).
 */
export interface AssignedPolicy {
  assignment: ArmResource;
  definition: ArmResource;
  setDefinition?: ArmResource;
  /** The initiative's `policyDefinitionReferenceId` for this definition. */
  referenceId?: string;
  groupNames: string[];
  parameters: Record<string, unknown>;
  /** Resolved `then.effect`, lower case (`audit`, `modify`, `auditifnotexists`, …). */
  effect: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{ name: { value } }` → `{ name: value }`. */
function valuesOf(parameters: unknown): Record<string, unknown> {
  if (!isObject(parameters)) return {};
  return Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, isObject(v) ? v.value : undefined]));
}

/** Declared parameters' `defaultValue`s overlaid with `given` (names compare case-insensitively). */
function withDefaults(definition: ArmResource, given: Record<string, unknown>): Record<string, unknown> {
  const declared = propertiesOf(definition).parameters;
  const result: Record<string, unknown> = {};
  if (isObject(declared)) {
    for (const [name, spec] of Object.entries(declared)) if (isObject(spec) && 'defaultValue' in spec) result[name] = spec.defaultValue;
  }
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const existing = Object.keys(result).find((k) => k.toLowerCase() === name.toLowerCase());
    result[existing ?? name] = value;
  }
  return result;
}

function effectOf(definition: ArmResource, parameters: Record<string, unknown>): string {
  const rule = propertiesOf(definition).policyRule;
  const then = isObject(rule) && isObject(rule.then) ? rule.then : {};
  const effect = resolveExpression(then.effect, { resource: { id: '' }, parameters });
  return typeof effect === 'string' ? effect.toLowerCase() : 'disabled';
}

function member(assignment: ArmResource, definition: ArmResource, given: Record<string, unknown>, extra: Partial<AssignedPolicy>): AssignedPolicy {
  const parameters = withDefaults(definition, given);
  return { assignment, definition, groupNames: [], parameters, effect: effectOf(definition, parameters), ...extra };
}

export function assignedPolicies(ctx: EmulatorContext, assignment: ArmResource): AssignedPolicy[] {
  const props = propertiesOf(assignment);
  const definitionId = typeof props.policyDefinitionId === 'string' ? props.policyDefinitionId : '';
  const given = valuesOf(props.parameters);
  if (!isPolicySetDefinitionId(definitionId)) {
    const definition = policyDefinitionById(ctx, definitionId);
    return definition ? [member(assignment, definition, given, {})] : [];
  }
  const setDefinition = policySetDefinitionById(ctx, definitionId);
  if (!setDefinition) return [];
  const setParameters = withDefaults(setDefinition, given);
  const references = propertiesOf(setDefinition).policyDefinitions;
  if (!Array.isArray(references)) return [];
  const result: AssignedPolicy[] = [];
  for (const ref of references) {
    if (!isObject(ref) || typeof ref.policyDefinitionId !== 'string') continue;
    const definition = policyDefinitionById(ctx, ref.policyDefinitionId);
    // Initiatives may name definitions this emulator does not ship; those are not evaluated.
    if (!definition) continue;
    const mapped = Object.fromEntries(
      Object.entries(valuesOf(ref.parameters)).map(([k, v]) => [k, resolveExpression(v, { resource: { id: '' }, parameters: setParameters })]),
    );
    result.push(
      member(assignment, definition, mapped, {
        setDefinition,
        referenceId: typeof ref.policyDefinitionReferenceId === 'string' ? ref.policyDefinitionReferenceId : undefined,
        groupNames: Array.isArray(ref.groupNames) ? ref.groupNames.filter((g): g is string => typeof g === 'string') : [],
      }),
    );
  }
  return result;
}
