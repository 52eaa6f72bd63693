/**
 * Kusto's scalar values as JavaScript values: strings, numbers, booleans, null, `Date` for datetime,
 * {@link Timespan} for timespans, arrays and plain objects for `dynamic`.
 */

export class Timespan {
  constructor(readonly ms: number) {}
}

export type Row = Record<string, unknown>;

export const isNull = (v: unknown): boolean => v === null || v === undefined;

/** `tostring()`: null becomes '', dates ISO 8601, dynamic values JSON. */
export function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Timespan) return timespanText(v.ms);
  return JSON.stringify(v);
}

function timespanText(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const pad = (n: number): string => String(Math.floor(n)).padStart(2, '0');
  const h = rest / 3_600_000;
  const m = (rest % 3_600_000) / 60_000;
  const sec = (rest % 60_000) / 1000;
  return `${sign}${days > 0 ? `${days}.` : ''}${pad(h)}:${pad(m)}:${pad(sec)}`;
}

/** A number when the value is one or reads as one; otherwise undefined. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function toDate(v: unknown): Date | undefined {
  if (v instanceof Date) return v;
  if (typeof v === 'string' && v !== '') {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/** Kusto's `==` on two values of whatever kinds the data holds; null equals nothing. */
export function equals(a: unknown, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return false;
  if (a instanceof Date || b instanceof Date) return compare(a, b) === 0;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    if (x !== undefined && y !== undefined) return x === y;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return toText(a).toLowerCase() === toText(b).toLowerCase();
  return toText(a) === toText(b);
}

export function equalsIgnoreCase(a: unknown, b: unknown): boolean {
  if (isNull(a) || isNull(b)) return false;
  return toText(a).toLowerCase() === toText(b).toLowerCase();
}

/** Ordering for `<`, `>`, sort: dates as instants, numbers numerically, otherwise ordinal strings. */
export function compare(a: unknown, b: unknown): number | undefined {
  if (isNull(a) || isNull(b)) return undefined;
  if (a instanceof Date || b instanceof Date) {
    const x = toDate(a);
    const y = toDate(b);
    return x && y ? Math.sign(x.getTime() - y.getTime()) : undefined;
  }
  if (a instanceof Timespan || b instanceof Timespan) {
    const x = a instanceof Timespan ? a.ms : toNumber(a);
    const y = b instanceof Timespan ? b.ms : toNumber(b);
    return x !== undefined && y !== undefined ? Math.sign(x - y) : undefined;
  }
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    if (x !== undefined && y !== undefined) return Math.sign(x - y);
  }
  const x = toText(a);
  const y = toText(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A predicate's value: only `true` keeps a row. */
export const isTrue = (v: unknown): boolean => v === true;

/** Kusto `has`: the term occurs whole (bounded by non-alphanumerics), case-insensitively. */
export function hasTerm(haystack: unknown, needle: unknown, caseSensitive = false): boolean {
  let text = toText(haystack);
  let term = toText(needle);
  if (term === '') return true;
  if (!caseSensitive) {
    text = text.toLowerCase();
    term = term.toLowerCase();
  }
  const word = /[\p{L}\p{N}_]/u;
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    const before = text[at - 1];
    const after = text[at + term.length];
    const startOk = before === undefined || !word.test(before) || !word.test(term[0] ?? '');
    const endOk = after === undefined || !word.test(after) || !word.test(term[term.length - 1] ?? '');
    if (startOk && endOk) return true;
  }
  return false;
}

/** A value as a key for grouping, distinct and joins (type-aware, so 1 and '1' differ). */
export function keyOf(v: unknown): string {
  if (isNull(v)) return '\u0000null';
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'number') return `n${v}`;
  if (typeof v === 'boolean') return `b${v}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  if (v instanceof Timespan) return `t${v.ms}`;
  return `j${JSON.stringify(v)}`;
}

/** A value as the JSON answer carries it. */
export function toWire(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Timespan) return toText(v);
  return v;
}
