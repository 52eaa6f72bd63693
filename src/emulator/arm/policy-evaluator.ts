import type { ArmResource } from '../http/types.js';
import { resolveExpression as resolveTemplate, type ExpressionInput } from './policy-expressions.js';
import { countedMembers, isObject, readField, type CountScope, type FieldRead } from './policy-fields.js';
import { compare, isOperator, OPERATOR_NAMES } from './policy-operators.js';

/**
 * Evaluates Azure Policy rule conditions (`policyRule.if`, `existenceCondition`) against ARM resource
 * bodies: `field` / `value` / `count` conditions (field counts over `[*]` aliases, value counts with
 * `name` and `current()`), `allOf` / `anyOf` / `not`, every comparison operator, and template
 * expressions. Names, operators and string comparisons are case-insensitive, as in Azure Policy.
 * When asked, it records the expressions it evaluated, as Policy Insights' evaluation details do.
 */

type Json = Record<string, unknown>;

/** One evaluated leaf condition (Policy Insights `ExpressionEvaluationDetails`). */
export interface EvaluatedExpression {
  result: 'True' | 'False';
  expressionKind: 'Field' | 'Value' | 'Count';
  expression: string;
  path?: string;
  expressionValue: unknown;
  targetValue: unknown;
  operator: string;
}

export interface EvalInput {
  resource: ArmResource;
  /** Effective parameter values (assignment values over definition defaults). */
  parameters: Readonly<Record<string, unknown>>;
  /** Collects the leaf conditions evaluated, when given. */
  trace?: EvaluatedExpression[];
}

interface Frame {
  scope?: CountScope | undefined;
  values?: ReadonlyMap<string, unknown> | undefined;
}

function lowerKeys(o: Json): Map<string, unknown> {
  return new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function expressionInput(input: EvalInput, frame: Frame): ExpressionInput {
  return { resource: input.resource, parameters: input.parameters, scope: frame.scope, values: frame.values };
}

/** `[parameters('x')]`, `[field('y')]` and the other template functions; literals as they are. */
export function resolveExpression(expr: unknown, input: Pick<EvalInput, 'resource' | 'parameters'>): unknown {
  return resolveTemplate(expr, { resource: input.resource, parameters: input.parameters });
}

/** The value a policy `field` names on a resource. */
export function fieldValue(resource: ArmResource, field: string): FieldRead {
  return readField(resource, field);
}

function operatorOf(cond: Map<string, unknown>): [string, unknown] | undefined {
  for (const [k, v] of cond) if (isOperator(k)) return [k, v];
  return undefined;
}

function countOf(spec: Map<string, unknown>, input: EvalInput, frame: Frame): { count: number; expression: string } {
  const where = spec.get('where');
  const field = spec.get('field');
  if (typeof field === 'string') {
    const counted = countedMembers(input.resource, field, frame.scope);
    if (!counted) return { count: 0, expression: field };
    if (where === undefined) return { count: counted.members.length, expression: field };
    // Conditions inside `where` are not part of the evaluation details.
    const quiet: EvalInput = { resource: input.resource, parameters: input.parameters };
    const count = counted.members.filter((members) => evaluate(where, quiet, { ...frame, scope: { ...counted.scope, members } })).length;
    return { count, expression: field };
  }
  const raw = spec.get('value');
  const values = asList(resolveTemplate(raw, expressionInput(input, frame)));
  const name = typeof spec.get('name') === 'string' ? String(spec.get('name')).toLowerCase() : undefined;
  if (where === undefined) return { count: values.length, expression: typeof raw === 'string' ? raw : JSON.stringify(raw) };
  const quiet: EvalInput = { resource: input.resource, parameters: input.parameters };
  const count = values.filter((v) => {
    const named = new Map(frame.values ?? []);
    if (name !== undefined) named.set(name, v);
    return evaluate(where, quiet, { ...frame, values: named });
  }).length;
  return { count, expression: typeof raw === 'string' ? raw : JSON.stringify(raw) };
}

function record(input: EvalInput, entry: Omit<EvaluatedExpression, 'result'>, result: boolean): boolean {
  input.trace?.push({ result: result ? 'True' : 'False', ...entry });
  return result;
}

function evaluate(condition: unknown, input: EvalInput, frame: Frame): boolean {
  if (!isObject(condition)) return false;
  const cond = lowerKeys(condition);
  const allOf = cond.get('allof');
  if (Array.isArray(allOf)) return allOf.every((c) => evaluate(c, input, frame));
  const anyOf = cond.get('anyof');
  if (Array.isArray(anyOf)) return anyOf.some((c) => evaluate(c, input, frame));
  if (cond.has('not')) return !evaluate(cond.get('not'), input, frame);

  const comparison = operatorOf(cond);
  if (!comparison) return false;
  const [op, rawExpected] = comparison;
  const expected = resolveTemplate(rawExpected, expressionInput(input, frame));
  const operator = OPERATOR_NAMES[op.toLowerCase()] ?? op;

  const countSpec = cond.get('count');
  if (isObject(countSpec)) {
    const { count, expression } = countOf(lowerKeys(countSpec), input, frame);
    return record(input, { expressionKind: 'Count', expression, expressionValue: count, targetValue: expected, operator }, compare(op, count, expected) ?? false);
  }

  const field = cond.get('field');
  if (typeof field === 'string') {
    const name = String(resolveTemplate(field, expressionInput(input, frame)));
    const found = readField(input.resource, name, frame.scope);
    // `[*]` outside a count: every member must satisfy the condition (none at all satisfies it too).
    const result = found.many
      ? (found.value as unknown[]).every((v) => compare(op, v, expected) ?? false)
      : (compare(op, found.value, expected) ?? false);
    return record(input, { expressionKind: 'Field', expression: name, path: found.path, expressionValue: found.value ?? null, targetValue: expected, operator }, result);
  }
  if (cond.has('value')) {
    const raw = cond.get('value');
    const actual = resolveTemplate(raw, expressionInput(input, frame));
    const expression = typeof raw === 'string' ? raw : JSON.stringify(raw);
    return record(input, { expressionKind: 'Value', expression, expressionValue: actual ?? null, targetValue: expected, operator }, compare(op, actual, expected) ?? false);
  }
  return false;
}

/** Evaluates one condition object; unknown shapes evaluate to false (the rule then does not apply). */
export function evaluateCondition(condition: unknown, input: EvalInput): boolean {
  return evaluate(condition, input, {});
}

/** The resource types a rule's `if` names through `field: type` (equals / in), lower-cased. */
export function targetedTypes(condition: unknown): string[] {
  if (Array.isArray(condition)) return condition.flatMap(targetedTypes);
  if (!isObject(condition)) return [];
  const cond = lowerKeys(condition);
  const nested = ['allof', 'anyof'].flatMap((k) => targetedTypes(cond.get(k)));
  const field = cond.get('field');
  if (typeof field === 'string' && field.toLowerCase() === 'type') {
    const values = cond.has('equals') ? [cond.get('equals')] : cond.has('in') ? asList(cond.get('in')) : [];
    nested.push(...values.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()));
  }
  return [...new Set(nested)];
}
