import type { Expr } from './kql-ast.js';
import { KqlError } from './kql-errors.js';
import { kustoRegex, scalarFunction } from './kql-functions.js';
import { compare, equals, equalsIgnoreCase, hasTerm, isNull, isTrue, Timespan, toDate, toNumber, toText } from './kql-values.js';
import type { Row } from './kql-values.js';

export type Compiled = (row: Row) => unknown;

/** What an expression is compiled against: the columns in scope, the operator (for messages), the query's clock. */
export interface Scope {
  columns: ReadonlySet<string>;
  operator: string;
  now: Date;
}

/**
 * Compiles an expression once into a closure over rows, so a million rows cost a million closure
 * calls, not a million tree walks. Columns are resolved here: a name the input does not have is the
 * service's "Failed to resolve column" error, raised before any row is read.
 */
export function compileExpr(expr: Expr, scope: Scope): Compiled {
  switch (expr.kind) {
    case 'literal': {
      const value = expr.value;
      return () => value;
    }
    case 'column': {
      if (!scope.columns.has(expr.name)) {
        throw KqlError.semantic(`'${scope.operator}' operator: Failed to resolve column or scalar expression named '${expr.name}'`);
      }
      const name = expr.name;
      return (row) => row[name] ?? null;
    }
    case 'member': {
      const target = compileExpr(expr.target, scope);
      const name = expr.name;
      return (row) => property(target(row), name);
    }
    case 'index': {
      const target = compileExpr(expr.target, scope);
      const index = compileExpr(expr.index, scope);
      return (row) => {
        const t = target(row);
        const i = index(row);
        if (Array.isArray(t)) {
          const n = toNumber(i);
          if (n === undefined) return null;
          return t[n < 0 ? t.length + n : n] ?? null;
        }
        return property(t, toText(i));
      };
    }
    case 'unary': {
      const operand = compileExpr(expr.operand, scope);
      if (expr.op === '+') return operand;
      return (row) => {
        const v = operand(row);
        if (v instanceof Timespan) return new Timespan(-v.ms);
        const n = toNumber(v);
        return n === undefined ? null : -n;
      };
    }
    case 'call': {
      const args = expr.args.map((a) => compileExpr(a, scope));
      const fn = scalarFunction(expr.name, args.length);
      const now = scope.now;
      return (row) => fn.run(args.map((a) => a(row)), now);
    }
    case 'in': {
      const left = compileExpr(expr.left, scope);
      const list = expr.list.map((e) => compileExpr(e, scope));
      const insensitive = expr.op.endsWith('~');
      const negated = expr.op.startsWith('!');
      const same = insensitive ? equalsIgnoreCase : equalsStrictText;
      const slow = (v: unknown, row: Row): boolean =>
        list.some((item) => {
          const candidate = item(row);
          return Array.isArray(candidate) ? candidate.some((c) => same(v, c)) : same(v, candidate);
        });
      const fast = literalTexts(expr.list, insensitive);
      return (row) => {
        const v = left(row);
        // A string against a list of string literals is a set lookup; anything else compares item by item.
        const found = fast && typeof v === 'string' ? fast.has(insensitive ? v.toLowerCase() : v) : slow(v, row);
        return negated ? !found : found;
      };
    }
    case 'between': {
      const value = compileExpr(expr.value, scope);
      const low = compileExpr(expr.low, scope);
      const high = compileExpr(expr.high, scope);
      return (row) => {
        const v = value(row);
        const a = compare(v, low(row));
        const b = compare(v, high(row));
        if (a === undefined || b === undefined) return null;
        const inside = a >= 0 && b <= 0;
        return expr.negated ? !inside : inside;
      };
    }
    case 'binary':
      return compileBinary(expr.op, compileExpr(expr.left, scope), compileExpr(expr.right, scope));
  }
}

/** The list of an `in` when every item is a string literal (lower-cased for `in~`), for set lookups. */
function literalTexts(list: readonly Expr[], lower: boolean): ReadonlySet<string> | undefined {
  const texts: string[] = [];
  for (const item of list) {
    if (item.kind !== 'literal' || typeof item.value !== 'string') return undefined;
    texts.push(lower ? item.value.toLowerCase() : item.value);
  }
  return new Set(texts);
}

/** `in` compares like `==` on strings (case-sensitive) and numerically on numbers. */
function equalsStrictText(a: unknown, b: unknown): boolean {
  return equals(a, b);
}

function property(target: unknown, name: string): unknown {
  if (target === null || typeof target !== 'object' || Array.isArray(target) || target instanceof Date) return null;
  return (target as Record<string, unknown>)[name] ?? null;
}

function text2(test: (a: string, b: string) => boolean, lower: boolean, negate: boolean): (a: unknown, b: unknown) => boolean {
  return (a, b) => {
    let x = toText(a);
    let y = toText(b);
    if (lower) {
      x = x.toLowerCase();
      y = y.toLowerCase();
    }
    const r = test(x, y);
    return negate ? !r : r;
  };
}

const STRING_OPERATORS: Record<string, (a: unknown, b: unknown) => boolean> = {
  contains: text2((a, b) => a.includes(b), true, false),
  '!contains': text2((a, b) => a.includes(b), true, true),
  contains_cs: text2((a, b) => a.includes(b), false, false),
  '!contains_cs': text2((a, b) => a.includes(b), false, true),
  startswith: text2((a, b) => a.startsWith(b), true, false),
  '!startswith': text2((a, b) => a.startsWith(b), true, true),
  startswith_cs: text2((a, b) => a.startsWith(b), false, false),
  '!startswith_cs': text2((a, b) => a.startsWith(b), false, true),
  endswith: text2((a, b) => a.endsWith(b), true, false),
  '!endswith': text2((a, b) => a.endsWith(b), true, true),
  endswith_cs: text2((a, b) => a.endsWith(b), false, false),
  '!endswith_cs': text2((a, b) => a.endsWith(b), false, true),
  hasprefix: text2((a, b) => hasTerm(a, b) || a.split(/[^\p{L}\p{N}_]+/u).some((w) => w.startsWith(b)), true, false),
  '!hasprefix': text2((a, b) => !a.split(/[^\p{L}\p{N}_]+/u).some((w) => w.startsWith(b)), true, false),
  hassuffix: text2((a, b) => a.split(/[^\p{L}\p{N}_]+/u).some((w) => w.endsWith(b)), true, false),
  '!hassuffix': text2((a, b) => !a.split(/[^\p{L}\p{N}_]+/u).some((w) => w.endsWith(b)), true, false),
  has: (a, b) => hasTerm(a, b),
  '!has': (a, b) => !hasTerm(a, b),
  has_cs: (a, b) => hasTerm(a, b, true),
  '!has_cs': (a, b) => !hasTerm(a, b, true),
  'matches regex': (a, b) => kustoRegex(toText(b)).test(toText(a)),
  '=~': equalsIgnoreCase,
  '!~': (a, b) => !isNull(a) && !isNull(b) && !equalsIgnoreCase(a, b),
  '==': equals,
  '!=': (a, b) => !isNull(a) && !isNull(b) && !equals(a, b),
};

function compileBinary(op: string, left: Compiled, right: Compiled): Compiled {
  if (op === 'and') return (row) => isTrue(left(row)) && isTrue(right(row));
  if (op === 'or') return (row) => isTrue(left(row)) || isTrue(right(row));
  const stringOp = STRING_OPERATORS[op];
  if (stringOp) return (row) => stringOp(left(row), right(row));
  if (op === '<' || op === '<=' || op === '>' || op === '>=') {
    return (row) => {
      const c = compare(left(row), right(row));
      if (c === undefined) return null;
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    };
  }
  return (row) => arithmetic(op, left(row), right(row));
}

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  if (isNull(a) || isNull(b)) return null;
  if (a instanceof Date || (typeof a === 'string' && b instanceof Timespan)) {
    const date = toDate(a);
    if (!date) return null;
    if (b instanceof Timespan) return op === '+' ? new Date(date.getTime() + b.ms) : op === '-' ? new Date(date.getTime() - b.ms) : null;
    const other = toDate(b);
    return op === '-' && other ? new Timespan(date.getTime() - other.getTime()) : null;
  }
  if (a instanceof Timespan && b instanceof Timespan) return op === '+' ? new Timespan(a.ms + b.ms) : op === '-' ? new Timespan(a.ms - b.ms) : null;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === undefined || y === undefined) return null;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? null : Number.isInteger(x) && Number.isInteger(y) ? Math.trunc(x / y) : x / y;
    case '%':
      return y === 0 ? null : x % y;
    default:
      throw KqlError.unsupported(op);
  }
}

/** The column name Kusto gives an unnamed expression: `a.b['c']` → `a_b_c`, `f(x)` → x's name. */
export function derivedName(expr: Expr): string | undefined {
  switch (expr.kind) {
    case 'column':
      return expr.name;
    case 'member': {
      const base = derivedName(expr.target);
      return base === undefined ? undefined : `${base}_${expr.name}`;
    }
    case 'index': {
      const base = derivedName(expr.target);
      if (base === undefined || expr.index.kind !== 'literal') return undefined;
      return `${base}_${toText(expr.index.value)}`;
    }
    case 'call':
      return expr.args.length >= 1 ? derivedName(expr.args[0] as Expr) : undefined;
    default:
      return undefined;
  }
}
