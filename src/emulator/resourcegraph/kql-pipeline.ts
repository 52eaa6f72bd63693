import type { Assignment, Expr, Operator, Query, SortKey } from './kql-ast.js';
import { compileAggregate } from './kql-aggregates.js';
import { KqlError } from './kql-errors.js';
import { compileExpr, derivedName } from './kql-expr.js';
import type { Compiled, Scope } from './kql-expr.js';
import { compare, isNull, isTrue, keyOf, toNumber } from './kql-values.js';
import type { Row } from './kql-values.js';

/** Rows with their column names in order; rows are produced lazily. */
export interface Tabular {
  columns: string[];
  rows: Iterable<Row>;
}

/**
 * Where tables come from (already limited to what the caller may read). `types`, when given, are the
 * only (lower-case) `type` values the query keeps: a source may skip other rows before making them.
 */
export type TableSource = (name: string, types?: ReadonlySet<string>) => Tabular;

export interface PlanFacts {
  /** The query limits its own rows (`take`/`limit`): Resource Graph then gives no `$skipToken`. */
  limited: boolean;
}

/**
 * Builds the lazy pipeline for a parsed query. Streaming operators (where, extend, project, mv-expand,
 * take) pass rows one at a time, so a query over a million findings holds one row at a time; summarize,
 * distinct and count hold one accumulator per group; sort, top and the right side of a join hold rows.
 */
export function plan(query: Query, source: TableSource, now: Date, facts: PlanFacts = { limited: false }): Tabular {
  const first = query.operators[0];
  let current = source(query.table, first?.kind === 'where' ? typesKept(first.predicate) : undefined);
  const ops = query.operators;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as Operator;
    if (op.kind !== 'extend') {
      current = apply(op, current, source, now, facts);
      continue;
    }
    // Extends in a row copy each row once between them, not once each; every item still sees the columns before it.
    const run: Assignment[][] = [op.items];
    while (ops[i + 1]?.kind === 'extend') run.push((ops[++i] as Extract<Operator, { kind: 'extend' }>).items);
    current = extend(run, current, now);
  }
  return current;
}

/**
 * The `type` values a leading filter keeps, when it says so plainly: `type =~ 'x'`, `type == 'x'`,
 * `type in~ ('x', 'y')`, or such a test joined with others by `and`. Undefined when it does not.
 */
function typesKept(predicate: Expr): ReadonlySet<string> | undefined {
  if (predicate.kind === 'binary' && predicate.op === 'and') return typesKept(predicate.left) ?? typesKept(predicate.right);
  const isType = (e: Expr) => e.kind === 'column' && e.name === 'type';
  const text = (e: Expr) => (e.kind === 'literal' && typeof e.value === 'string' ? e.value.toLowerCase() : undefined);
  if (predicate.kind === 'binary' && (predicate.op === '=~' || predicate.op === '==') && isType(predicate.left)) {
    const value = text(predicate.right);
    // `==` is case-sensitive: a value with capitals matches no (lower-case) type, which the full filter still decides.
    return value === undefined ? undefined : new Set([value]);
  }
  if (predicate.kind === 'in' && (predicate.op === 'in~' || predicate.op === 'in') && isType(predicate.left)) {
    const values = predicate.list.map(text);
    return values.every((v) => v !== undefined) ? new Set(values as string[]) : undefined;
  }
  return undefined;
}

function scopeOf(columns: readonly string[], operator: string, now: Date): Scope {
  return { columns: new Set(columns), operator, now };
}

function nameFor(item: Assignment, position: number): string {
  return item.name ?? derivedName(item.expr) ?? `Column${position + 1}`;
}

function apply(op: Operator, input: Tabular, source: TableSource, now: Date, facts: PlanFacts): Tabular {
  switch (op.kind) {
    case 'where': {
      const test = compileExpr(op.predicate, scopeOf(input.columns, 'where', now));
      return { columns: input.columns, rows: filter(input.rows, (row) => isTrue(test(row))) };
    }
    case 'extend':
      return extend([op.items], input, now);
    case 'project': {
      const scope = scopeOf(input.columns, 'project', now);
      const steps = op.items.map((item, i): [string, Compiled] => [nameFor(item, i), compileExpr(item.expr, scope)]);
      return { columns: unique(steps.map(([n]) => n)), rows: map(input.rows, (row) => projectRow(row, steps)) };
    }
    case 'project-away': {
      const gone = (c: string) => op.patterns.some((p) => (p.endsWith('*') ? c.startsWith(p.slice(0, -1)) : c === p));
      for (const p of op.patterns) {
        if (!p.endsWith('*') && !input.columns.includes(p)) throw KqlError.semantic(`'project-away' operator: Failed to resolve column or scalar expression named '${p}'`);
      }
      const columns = input.columns.filter((c) => !gone(c));
      return { columns, rows: map(input.rows, (row) => pick(row, columns)) };
    }
    case 'project-rename': {
      for (const r of op.renames) {
        if (!input.columns.includes(r.from)) throw KqlError.semantic(`'project-rename' operator: Failed to resolve column or scalar expression named '${r.from}'`);
      }
      const renamed = new Map(op.renames.map((r) => [r.from, r.to]));
      const columns = input.columns.map((c) => renamed.get(c) ?? c);
      return {
        columns,
        rows: map(input.rows, (row) => {
          const out: Row = {};
          for (const c of input.columns) out[renamed.get(c) ?? c] = row[c];
          return out;
        }),
      };
    }
    case 'summarize':
      return summarize(op.by, op.aggregates, input, now);
    case 'distinct':
      return summarize(op.items, [], input, now);
    case 'count':
      return { columns: ['Count'], rows: lazy(() => [{ Count: countOf(input.rows) }]) };
    case 'sort': {
      const keys = compileKeys(op.keys, input.columns, 'order', now);
      return { columns: input.columns, rows: lazy(() => [...input.rows].sort(comparator(keys))) };
    }
    case 'top': {
      const n = constantCount(op.count, now, 'top');
      const keys = compileKeys([op.key], input.columns, 'top', now);
      return { columns: input.columns, rows: lazy(() => topN(input.rows, n, comparator(keys))) };
    }
    case 'take': {
      facts.limited = true;
      const n = constantCount(op.count, now, 'take');
      return { columns: input.columns, rows: takeRows(input.rows, n) };
    }
    case 'mv-expand':
      return mvExpand(op.item, op.limit === undefined ? Infinity : constantCount(op.limit, now, 'mv-expand'), input, now);
    case 'join':
      return join(op, input, plan(op.right, source, now, facts));
  }
}

/** One or more consecutive `extend`s (their items in groups, each named as its own operator names them) over one copy of each row. */
function extend(groups: Assignment[][], input: Tabular, now: Date): Tabular {
  const columns = [...input.columns];
  const steps: Array<[string, Compiled]> = [];
  for (const items of groups) {
    items.forEach((item, i) => {
      const name = nameFor(item, i);
      steps.push([name, compileExpr(item.expr, scopeOf(columns, 'extend', now))]);
      if (!columns.includes(name)) columns.push(name);
    });
  }
  return {
    columns,
    rows: map(input.rows, (row) => {
      const out: Row = { ...row };
      for (const [name, fn] of steps) out[name] = fn(out);
      return out;
    }),
  };
}

function* filter(rows: Iterable<Row>, keep: (row: Row) => boolean): Iterable<Row> {
  for (const row of rows) if (keep(row)) yield row;
}

function* map(rows: Iterable<Row>, fn: (row: Row) => Row): Iterable<Row> {
  for (const row of rows) yield fn(row);
}

/** Defers blocking work until the rows are first read. */
function lazy(make: () => Iterable<Row>): Iterable<Row> {
  return { [Symbol.iterator]: () => make()[Symbol.iterator]() };
}

function* takeRows(rows: Iterable<Row>, n: number): Iterable<Row> {
  if (n <= 0) return;
  let taken = 0;
  for (const row of rows) {
    yield row;
    if (++taken >= n) return;
  }
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

function projectRow(row: Row, steps: Array<[string, Compiled]>): Row {
  const out: Row = {};
  for (const [name, fn] of steps) out[name] = fn(row);
  return out;
}

function pick(row: Row, columns: readonly string[]): Row {
  const out: Row = {};
  for (const c of columns) out[c] = row[c];
  return out;
}

function countOf(rows: Iterable<Row>): number {
  let n = 0;
  for (const _ of rows) n++;
  return n;
}

function constantCount(expr: Parameters<typeof compileExpr>[0], now: Date, operator: string): number {
  const n = toNumber(compileExpr(expr, scopeOf([], operator, now))({}));
  if (n === undefined || n < 0) throw KqlError.semantic(`'${operator}' operator: the row count must be a non-negative number`);
  return Math.floor(n);
}

type CompiledKey = { fn: Compiled; descending: boolean; nullsFirst: boolean };

function compileKeys(keys: SortKey[], columns: string[], operator: string, now: Date): CompiledKey[] {
  const scope = scopeOf(columns, operator, now);
  return keys.map((k) => ({ fn: compileExpr(k.expr, scope), descending: k.descending, nullsFirst: k.nullsFirst }));
}

function comparator(keys: CompiledKey[]): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const k of keys) {
      const x = k.fn(a);
      const y = k.fn(b);
      if (isNull(x) || isNull(y)) {
        if (isNull(x) && isNull(y)) continue;
        return isNull(x) === k.nullsFirst ? -1 : 1;
      }
      const c = compare(x, y) ?? 0;
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  };
}

/** The first n rows in order, holding at most n rows while reading. */
function topN(rows: Iterable<Row>, n: number, order: (a: Row, b: Row) => number): Row[] {
  const kept: Row[] = [];
  if (n === 0) return kept;
  for (const row of rows) {
    if (kept.length === n && order(row, kept[n - 1] as Row) >= 0) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order(kept[mid] as Row, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    kept.splice(lo, 0, row);
    if (kept.length > n) kept.pop();
  }
  return kept;
}

function summarize(by: Assignment[], aggregates: Parameters<typeof compileAggregate>[0][], input: Tabular, now: Date): Tabular {
  const scope = scopeOf(input.columns, 'summarize', now);
  const keys = by.map((item, i): [string, Compiled] => [nameFor(item, i), compileExpr(item.expr, scope)]);
  const aggs = aggregates.map((a, i) => compileAggregate(a, scope, i));
  const columns = unique([...keys.map(([n]) => n), ...aggs.map((a) => a.name)]);
  const rows = lazy(function* () {
    const groups = new Map<string, { keyValues: unknown[]; accs: ReturnType<(typeof aggs)[number]['create']>[] }>();
    const single = keys.length === 1 ? (keys[0] as [string, Compiled])[1] : undefined;
    for (const row of input.rows) {
      const keyValues = single ? [single(row)] : keys.map(([, fn]) => fn(row));
      // One key (the common case) needs no joined key string.
      const id = single ? keyOf(keyValues[0]) : keyValues.map(keyOf).join('\u0001');
      let group = groups.get(id);
      if (!group) {
        group = { keyValues, accs: aggs.map((a) => a.create()) };
        groups.set(id, group);
      }
      for (const acc of group.accs) acc.add(row);
    }
    // An aggregation with no group keys over no rows still answers one row (count() = 0).
    if (groups.size === 0 && keys.length === 0 && aggs.length > 0) groups.set('', { keyValues: [], accs: aggs.map((a) => a.create()) });
    for (const group of groups.values()) {
      const out: Row = {};
      keys.forEach(([name], i) => (out[name] = group.keyValues[i]));
      aggs.forEach((a, i) => (out[a.name] = group.accs[i]?.result()));
      yield out;
    }
  });
  return { columns, rows };
}

function mvExpand(item: Assignment, limit: number, input: Tabular, now: Date): Tabular {
  const fn = compileExpr(item.expr, scopeOf(input.columns, 'mv-expand', now));
  const name = nameFor(item, input.columns.length);
  const columns = input.columns.includes(name) ? input.columns : [...input.columns, name];
  const rows = lazy(function* () {
    for (const row of input.rows) {
      const value = fn(row);
      let items: unknown[];
      if (Array.isArray(value)) items = value;
      else if (value !== null && typeof value === 'object' && !(value instanceof Date)) items = Object.entries(value).map(([k, v]) => ({ [k]: v }));
      else items = [value];
      let n = 0;
      for (const element of items) {
        if (n++ >= limit) break;
        yield { ...row, [name]: element };
      }
    }
  });
  return { columns, rows };
}

function join(op: Extract<Operator, { kind: 'join' }>, left: Tabular, right: Tabular): Tabular {
  for (const k of op.on) {
    if (!left.columns.includes(k.left)) throw KqlError.semantic(`'join' operator: Failed to resolve column or scalar expression named '${k.left}'`);
    if (!right.columns.includes(k.right)) throw KqlError.semantic(`'join' operator: Failed to resolve column or scalar expression named '${k.right}'`);
  }
  // Right columns whose names the left already uses get a numeric suffix, as Kusto names them.
  const taken = new Set(left.columns);
  const rightNames = right.columns.map((c) => {
    let name = c;
    for (let n = 1; taken.has(name); n++) name = `${c}${n}`;
    taken.add(name);
    return name;
  });
  const columns = [...left.columns, ...rightNames];
  const keyOfRow = (row: Row, side: 'left' | 'right') => op.on.map((k) => keyOf(row[side === 'left' ? k.left : k.right])).join('\u0001');
  const rows = lazy(function* () {
    const index = new Map<string, Row[]>();
    for (const row of right.rows) {
      const key = keyOfRow(row, 'right');
      const list = index.get(key);
      if (list) list.push(row);
      else index.set(key, [row]);
    }
    const seenLeft = new Set<string>();
    for (const row of left.rows) {
      const key = keyOfRow(row, 'left');
      if (op.flavor === 'innerunique') {
        if (seenLeft.has(key)) continue;
        seenLeft.add(key);
      }
      const matches = op.on.some((k) => isNull(row[k.left])) ? undefined : index.get(key);
      if (!matches) {
        if (op.flavor === 'leftouter') yield { ...row, ...Object.fromEntries(rightNames.map((n) => [n, null])) };
        continue;
      }
      for (const match of matches) {
        const out: Row = { ...row };
        right.columns.forEach((c, i) => (out[rightNames[i] as string] = match[c]));
        yield out;
      }
    }
  });
  return { columns, rows };
}
