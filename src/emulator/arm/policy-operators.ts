import { isObject } from './policy-fields.js';

/**
 * The condition operators of the policy language. String comparisons ignore case (except `match` and
 * `notMatch`); a missing field is neither equal to nor `in` anything, so `notEquals`/`notIn` hold for
 * it. `less`/`greater` compare numbers as numbers, ISO dates as instants, anything else as text.
 */

/** Operator names as evaluation details spell them. */
export const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  equals: 'Equals', notequals: 'NotEquals', in: 'In', notin: 'NotIn', exists: 'Exists', like: 'Like', notlike: 'NotLike',
  match: 'Match', notmatch: 'NotMatch', matchinsensitively: 'MatchInsensitively', notmatchinsensitively: 'NotMatchInsensitively',
  contains: 'Contains', notcontains: 'NotContains', containskey: 'ContainsKey', notcontainskey: 'NotContainsKey',
  less: 'Less', lessorequals: 'LessOrEquals', greater: 'Greater', greaterorequals: 'GreaterOrEquals',
};

export function isOperator(name: string): boolean {
  return name.toLowerCase() in OPERATOR_NAMES;
}

function norm(v: unknown): unknown {
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'boolean') return String(v);
  return v;
}

function likeToRegex(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'is');
}

function matchToRegex(pattern: string, ignoreCase: boolean): RegExp {
  // `#` is a digit, `?` a letter, `.` any character; everything else is literal.
  const body = [...pattern].map((c) => (c === '#' ? '\\d' : c === '?' ? '[A-Za-z]' : c === '.' ? '.' : c.replace(/[+*^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

function ordered(actual: unknown, expected: unknown): [number, number] | [string, string] | undefined {
  if (actual === undefined || actual === null) return undefined;
  const numeric = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined);
  const [x, y] = [numeric(actual), numeric(expected)];
  if (x !== undefined && y !== undefined) return [x, y];
  if (typeof actual === 'string' && typeof expected === 'string' && ISO_DATE.test(actual) && ISO_DATE.test(expected)) {
    const [dx, dy] = [Date.parse(actual), Date.parse(expected)];
    if (!Number.isNaN(dx) && !Number.isNaN(dy)) return [dx, dy];
  }
  return [String(norm(actual)), String(norm(expected))];
}

function contains(actual: unknown, expected: unknown): boolean {
  const e = norm(expected);
  if (Array.isArray(actual)) return actual.some((x) => norm(x) === e);
  return typeof actual === 'string' && actual.toLowerCase().includes(String(e));
}

function containsKey(actual: unknown, expected: unknown): boolean {
  return isObject(actual) && Object.keys(actual).some((k) => k.toLowerCase() === String(norm(expected)));
}

/** One comparison; `undefined` when `op` is not an operator of the language. */
export function compare(op: string, actual: unknown, expected: unknown): boolean | undefined {
  const a = norm(actual);
  const e = norm(expected);
  const present = actual !== undefined && actual !== null;
  switch (op.toLowerCase()) {
    case 'equals':
      return present && a === e;
    case 'notequals':
      return !(present && a === e);
    case 'in':
      return present && asList(expected).some((x) => norm(x) === a);
    case 'notin':
      return !(present && asList(expected).some((x) => norm(x) === a));
    case 'exists':
      return present === (String(expected).toLowerCase() === 'true');
    case 'like':
      return typeof actual === 'string' && likeToRegex(String(expected)).test(actual);
    case 'notlike':
      return !(typeof actual === 'string' && likeToRegex(String(expected)).test(actual));
    case 'match':
    case 'matchinsensitively':
      return typeof actual === 'string' && matchToRegex(String(expected), op.toLowerCase() !== 'match').test(actual);
    case 'notmatch':
    case 'notmatchinsensitively':
      return !(typeof actual === 'string' && matchToRegex(String(expected), op.toLowerCase() !== 'notmatch').test(actual));
    case 'contains':
      return contains(actual, expected);
    case 'notcontains':
      return !contains(actual, expected);
    case 'containskey':
      return containsKey(actual, expected);
    case 'notcontainskey':
      return !containsKey(actual, expected);
    case 'less':
    case 'lessorequals':
    case 'greater':
    case 'greaterorequals': {
      const pair = ordered(actual, expected);
      if (!pair) return false;
      const [x, y] = pair;
      const lower = op.toLowerCase();
      if (lower === 'less') return x < y;
      if (lower === 'lessorequals') return x <= y;
      if (lower === 'greater') return x > y;
      return x >= y;
    }
    default:
      return undefined;
  }
}
