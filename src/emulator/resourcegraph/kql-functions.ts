import { KqlError } from './kql-errors.js';
import { isNull, Timespan, toDate, toNumber, toText } from './kql-values.js';

/** Scalar functions: name → implementation over already evaluated arguments, with its arity. */
interface ScalarFunction {
  min: number;
  max: number;
  run: (args: unknown[], now: Date) => unknown;
}

const regexCache = new Map<string, RegExp>();

/** RE2 patterns as Kusto writes them; a leading `(?i)` becomes the JavaScript `i` flag. */
export function kustoRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    const insensitive = pattern.startsWith('(?i)');
    try {
      re = new RegExp(insensitive ? pattern.slice(4) : pattern, insensitive ? 'i' : '');
    } catch {
      throw KqlError.semantic(`Invalid regular expression '${pattern}'`);
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

const toInt = (v: unknown): number | null => {
  const n = toNumber(v);
  return n === undefined ? null : Math.trunc(n);
};

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? null;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

function isEmptyValue(v: unknown): boolean {
  return isNull(v) || v === '' || (Array.isArray(v) && v.length === 0);
}

const fixed = (n: number, run: ScalarFunction['run']): ScalarFunction => ({ min: n, max: n, run });

export const SCALAR_FUNCTIONS: Record<string, ScalarFunction> = {
  tostring: fixed(1, ([v]) => toText(v)),
  toint: fixed(1, ([v]) => toInt(v)),
  tolong: fixed(1, ([v]) => toInt(v)),
  todouble: fixed(1, ([v]) => toNumber(v) ?? null),
  toreal: fixed(1, ([v]) => toNumber(v) ?? null),
  tobool: fixed(1, ([v]) => (typeof v === 'boolean' ? v : ['true', 'false'].includes(toText(v).toLowerCase()) ? toText(v).toLowerCase() === 'true' : null)),
  todatetime: fixed(1, ([v]) => toDate(v) ?? null),
  todynamic: fixed(1, ([v]) => parseJson(v)),
  parse_json: fixed(1, ([v]) => parseJson(v)),
  tolower: fixed(1, ([v]) => toText(v).toLowerCase()),
  toupper: fixed(1, ([v]) => toText(v).toUpperCase()),
  strlen: fixed(1, ([v]) => toText(v).length),
  isempty: fixed(1, ([v]) => isEmptyValue(v)),
  isnotempty: fixed(1, ([v]) => !isEmptyValue(v)),
  isnull: fixed(1, ([v]) => isNull(v)),
  isnotnull: fixed(1, ([v]) => !isNull(v)),
  not: fixed(1, ([v]) => (typeof v === 'boolean' ? !v : null)),
  iff: fixed(3, ([c, a, b]) => (c === true ? a : b)),
  iif: fixed(3, ([c, a, b]) => (c === true ? a : b)),
  strcat: { min: 1, max: 64, run: (args) => args.map(toText).join('') },
  strcat_array: fixed(2, ([a, d]) => (Array.isArray(a) ? a.map(toText).join(toText(d)) : '')),
  split: {
    min: 2,
    max: 3,
    run: ([s, d, i]) => {
      const parts = toText(s).split(toText(d));
      if (i === undefined) return parts;
      const n = toInt(i);
      return n === null || parts[n] === undefined ? [] : [parts[n]];
    },
  },
  substring: {
    min: 2,
    max: 3,
    run: ([s, start, len]) => {
      const text = toText(s);
      const from = Math.max(0, toInt(start) ?? 0);
      return len === undefined ? text.slice(from) : text.slice(from, from + Math.max(0, toInt(len) ?? 0));
    },
  },
  indexof: fixed(2, ([s, t]) => toText(s).indexOf(toText(t))),
  replace_string: fixed(3, ([s, a, b]) => toText(s).split(toText(a)).join(toText(b))),
  trim: fixed(2, ([re, s]) => toText(s).replace(new RegExp(`^(?:${toText(re)})+|(?:${toText(re)})+$`, 'g'), '')),
  extract: {
    min: 3,
    max: 4,
    run: ([pattern, group, source]) => {
      if (isNull(source)) return null;
      const match = kustoRegex(toText(pattern)).exec(toText(source));
      const n = toInt(group) ?? 0;
      return match ? (match[n] ?? '') : '';
    },
  },
  coalesce: {
    min: 2,
    max: 64,
    run: (args) => args.find((a) => !isNull(a) && a !== '') ?? null,
  },
  case: {
    min: 3,
    max: 129,
    run: (args) => {
      for (let i = 0; i + 1 < args.length; i += 2) if (args[i] === true) return args[i + 1];
      return args[args.length - 1];
    },
  },
  array_length: fixed(1, ([v]) => (Array.isArray(v) ? v.length : null)),
  pack_array: { min: 1, max: 64, run: (args) => args },
  pack: { min: 2, max: 64, run: (args) => bag(args) },
  bag_pack: { min: 2, max: 64, run: (args) => bag(args) },
  set_has_element: fixed(2, ([a, v]) => Array.isArray(a) && a.some((x) => toText(x) === toText(v))),
  now: { min: 0, max: 1, run: ([offset], now) => new Date(now.getTime() + (offset instanceof Timespan ? offset.ms : 0)) },
  ago: fixed(1, ([span], now) => {
    if (!(span instanceof Timespan)) throw KqlError.semantic("ago(): argument #1 must be a timespan");
    return new Date(now.getTime() - span.ms);
  }),
  bin: fixed(2, ([v, size]) => {
    if (v instanceof Date && size instanceof Timespan) return new Date(Math.floor(v.getTime() / size.ms) * size.ms);
    const x = toNumber(v);
    const y = toNumber(size);
    return x === undefined || !y ? null : Math.floor(x / y) * y;
  }),
};

function bag(args: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < args.length; i += 2) out[toText(args[i])] = args[i + 1] ?? null;
  return out;
}

export function scalarFunction(name: string, argCount: number): ScalarFunction {
  const fn = SCALAR_FUNCTIONS[name.toLowerCase()];
  if (!fn) throw KqlError.unsupported(name);
  if (argCount < fn.min || argCount > fn.max) {
    throw KqlError.semantic(`${name}(): function expects ${fn.min === fn.max ? fn.min : `${fn.min} to ${fn.max}`} argument(s), got ${argCount}`);
  }
  return fn;
}
