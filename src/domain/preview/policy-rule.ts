import { fieldPath, isObject, readPath, type Json } from './policy-fields.js';

/**
 * Evaluates Azure Policy rule conditions against ARM resource bodies, for the built-in definitions
 * ShipShape can assign: `field` (aliases, `[*]`), `value`, `count` with `where`, `allOf` / `anyOf` /
 * `not`, the comparison operators, and `[parameters('x')]` / `[field('x')]`. What it cannot read it
 * says so (`undefined`), so a preview never guesses.
 */

export interface RuleInput {
  resource: Json;
  parameters: Readonly<Record<string, unknown>>;
}

interface Frame {
  /** Inside `count.where`: the counted path up to its `[*]`, and the member being counted. */
  prefix?: string[];
  member?: unknown;
}

const lowerMap = (o: Json): Map<string, unknown> => new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));

/** `[parameters('effect')]` and `[field('name')]`; anything else is a literal. */
export function resolveValue(expr: unknown, input: RuleInput): unknown {
  if (typeof expr !== 'string' || !expr.startsWith('[') || expr.startsWith('[[')) return expr;
  const param = /^\[parameters\('([^']+)'\)\]$/i.exec(expr);
  if (param) {
    const name = (param[1] ?? '').toLowerCase();
    const key = Object.keys(input.parameters).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : input.parameters[key];
  }
  const field = /^\[field\('([^']+)'\)\]$/i.exec(expr);
  if (field) return readField(input.resource, field[1] ?? '', {}).values[0];
  return expr;
}

function readField(resource: Json, field: string, frame: Frame): { values: unknown[]; many: boolean } {
  const path = fieldPath(resource, field);
  if (!path) return { values: [undefined], many: false };
  const prefix = frame.prefix;
  if (prefix && prefix.length <= path.length && prefix.every((p, i) => p.toLowerCase() === path[i]?.toLowerCase())) {
    const rest = path.slice(prefix.length);
    return { values: rest.length === 0 ? [frame.member] : readPath([frame.member], ['[*]', ...rest]).values, many: false };
  }
  return readPath(resource, path);
}

const text = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : JSON.stringify(v));
const same = (a: unknown, b: unknown): boolean => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

function like(value: unknown, pattern: unknown): boolean {
  if (typeof value !== 'string' || typeof pattern !== 'string') return false;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(value);
}

/** One operator; undefined for an operator this evaluator does not know. */
export function compare(op: string, actual: unknown, expected: unknown): boolean | undefined {
  const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
  switch (op) {
    case 'equals': return same(actual, expected);
    case 'notequals': return !same(actual, expected);
    case 'in': return list(expected).some((e) => same(actual, e));
    case 'notin': return !list(expected).some((e) => same(actual, e));
    case 'exists': return (actual !== undefined && actual !== null) === (String(expected).toLowerCase() === 'true');
    case 'like': return like(actual, expected);
    case 'notlike': return !like(actual, expected);
    case 'contains': return typeof actual === 'string' ? actual.toLowerCase().includes(text(expected)) : Array.isArray(actual) && actual.some((a) => same(a, expected));
    case 'notcontains': return !(compare('contains', actual, expected) ?? false);
    case 'containskey': return isObject(actual) && Object.keys(actual).some((k) => same(k, expected));
    case 'notcontainskey': return !(isObject(actual) && Object.keys(actual).some((k) => same(k, expected)));
    case 'less': return num(actual) < num(expected);
    case 'lessorequals': return num(actual) <= num(expected);
    case 'greater': return num(actual) > num(expected);
    case 'greaterorequals': return num(actual) >= num(expected);
    default: return undefined;
  }
}

const OPERATORS = ['equals', 'notequals', 'in', 'notin', 'exists', 'like', 'notlike', 'contains', 'notcontains', 'containskey', 'notcontainskey', 'less', 'lessorequals', 'greater', 'greaterorequals'];

/** Unknown shapes and operators throw: the preview then says it cannot tell, instead of guessing. */
export class UnsupportedRule extends Error {}

function evaluate(condition: unknown, input: RuleInput, frame: Frame): boolean {
  if (!isObject(condition)) throw new UnsupportedRule('a condition that is not an object');
  const cond = lowerMap(condition);
  const allOf = cond.get('allof');
  if (Array.isArray(allOf)) return allOf.every((c) => evaluate(c, input, frame));
  const anyOf = cond.get('anyof');
  if (Array.isArray(anyOf)) return anyOf.some((c) => evaluate(c, input, frame));
  if (cond.has('not')) return !evaluate(cond.get('not'), input, frame);
  const op = OPERATORS.find((o) => cond.has(o));
  if (!op) throw new UnsupportedRule(`a condition without a known operator (${[...cond.keys()].join(', ')})`);
  const expected = resolveValue(cond.get(op), input);
  const count = cond.get('count');
  if (isObject(count)) return compare(op, countOf(lowerMap(count), input, frame), expected) ?? false;
  const field = cond.get('field');
  if (typeof field === 'string') {
    const read = readField(input.resource, String(resolveValue(field, input)), frame);
    // `[*]` outside a count: every member must satisfy the condition.
    return read.many ? read.values.every((v) => compare(op, v, expected)) : (compare(op, read.values[0], expected) ?? false);
  }
  if (cond.has('value')) return compare(op, resolveValue(cond.get('value'), input), expected) ?? false;
  throw new UnsupportedRule('a condition with neither field, value nor count');
}

function countOf(spec: Map<string, unknown>, input: RuleInput, frame: Frame): number {
  const field = spec.get('field');
  if (typeof field !== 'string') throw new UnsupportedRule('a value count');
  const path = fieldPath(input.resource, field);
  if (!path) return 0;
  const star = path.lastIndexOf('[*]');
  if (star < 0) throw new UnsupportedRule(`a count over ${field}, which is not an array`);
  const members = readPath(input.resource, path.slice(0, star + 1)).values;
  const where = spec.get('where');
  if (where === undefined) return members.length;
  const prefix = path.slice(0, star + 1);
  return members.filter((member) => evaluate(where, input, { ...frame, prefix, member })).length;
}

/** Whether the condition holds for the resource; throws {@link UnsupportedRule} for shapes it does not know. */
export function holds(condition: unknown, input: RuleInput): boolean {
  return evaluate(condition, input, {});
}
