import type { Aggregate } from './kql-ast.js';
import { KqlError } from './kql-errors.js';
import { compileExpr, derivedName } from './kql-expr.js';
import type { Scope } from './kql-expr.js';
import { compare, isNull, isTrue, keyOf, toNumber } from './kql-values.js';
import type { Row } from './kql-values.js';

/** One running aggregation for one group. */
export interface Accumulator {
  add(row: Row): void;
  result(): unknown;
}

export interface CompiledAggregate {
  name: string;
  create(): Accumulator;
}

/** Column names Kusto gives unnamed aggregations; `count()` answers as `count`, as Resource Graph's own example shows. */
const DEFAULT_PREFIX: Record<string, string> = {
  count: 'count',
  countif: 'countif_',
  dcount: 'dcount_',
  dcountif: 'dcountif_',
  make_set: 'set_',
  make_set_if: 'set_',
  make_list: 'list_',
  make_list_if: 'list_',
  any: 'any_',
  take_any: 'any_',
  sum: 'sum_',
  sumif: 'sumif_',
  min: 'min_',
  max: 'max_',
  avg: 'avg_',
};

const ARITY: Record<string, [number, number]> = {
  count: [0, 0],
  countif: [1, 1],
  dcount: [1, 2],
  dcountif: [2, 3],
  make_set: [1, 2],
  make_set_if: [2, 3],
  make_list: [1, 2],
  make_list_if: [2, 3],
  any: [1, 1],
  take_any: [1, 1],
  sum: [1, 1],
  sumif: [2, 2],
  min: [1, 1],
  max: [1, 1],
  avg: [1, 1],
};

export function compileAggregate(agg: Aggregate, scope: Scope, position: number): CompiledAggregate {
  const arity = ARITY[agg.fn];
  if (!arity) throw KqlError.unsupported(agg.fn);
  if (agg.args.length < arity[0] || agg.args.length > arity[1]) {
    throw KqlError.semantic(`${agg.fn}(): function expects ${arity[0]} to ${arity[1]} argument(s), got ${agg.args.length}`);
  }
  const args = agg.args.map((a) => compileExpr(a, scope));
  const prefix = DEFAULT_PREFIX[agg.fn] ?? `${agg.fn}_`;
  const argName = agg.args[0] === undefined ? '' : (derivedName(agg.args[0]) ?? String(position));
  const name = agg.name ?? (agg.fn === 'count' ? prefix : `${prefix}${argName}`);
  const [first, second, third] = args;
  const value = first ?? (() => null);
  switch (agg.fn) {
    case 'count':
      return { name, create: () => counter(() => true) };
    case 'countif':
      return { name, create: () => counter((row) => isTrue(value(row))) };
    case 'dcount':
    case 'dcountif': {
      const keep = agg.fn === 'dcountif' && second ? (row: Row) => isTrue(second(row)) : () => true;
      return {
        name,
        create: () => {
          const seen = new Set<string>();
          return {
            add: (row) => {
              if (!keep(row)) return;
              const v = value(row);
              if (!isNull(v)) seen.add(keyOf(v));
            },
            result: () => seen.size,
          };
        },
      };
    }
    case 'make_set':
    case 'make_set_if':
    case 'make_list':
    case 'make_list_if': {
      const conditional = agg.fn.endsWith('_if');
      const limitExpr = conditional ? third : second;
      const limit = limitExpr ? (toNumber(limitExpr({})) ?? 1_048_576) : 1_048_576;
      const keep = conditional && second ? (row: Row) => isTrue(second(row)) : () => true;
      const unique = agg.fn.startsWith('make_set');
      return {
        name,
        create: () => {
          const items: unknown[] = [];
          const seen = new Set<string>();
          return {
            add: (row) => {
              if (items.length >= limit || !keep(row)) return;
              const v = value(row);
              if (isNull(v)) return;
              const values = Array.isArray(v) ? v : [v];
              for (const item of values) {
                if (items.length >= limit) break;
                if (unique) {
                  const key = keyOf(item);
                  if (seen.has(key)) continue;
                  seen.add(key);
                }
                items.push(item);
              }
            },
            result: () => items,
          };
        },
      };
    }
    case 'any':
    case 'take_any':
      return {
        name,
        create: () => {
          let found = false;
          let kept: unknown = null;
          return {
            add: (row) => {
              if (found) return;
              const v = value(row);
              if (isNull(v)) return;
              kept = v;
              found = true;
            },
            result: () => kept,
          };
        },
      };
    case 'sum':
    case 'sumif':
    case 'avg': {
      const keep = agg.fn === 'sumif' && second ? (row: Row) => isTrue(second(row)) : () => true;
      return {
        name,
        create: () => {
          let total = 0;
          let n = 0;
          return {
            add: (row) => {
              if (!keep(row)) return;
              const x = toNumber(value(row));
              if (x === undefined) return;
              total += x;
              n++;
            },
            result: () => (agg.fn === 'avg' ? (n === 0 ? null : total / n) : total),
          };
        },
      };
    }
    default: {
      const sign = agg.fn === 'min' ? -1 : 1;
      return {
        name,
        create: () => {
          let best: unknown = null;
          return {
            add: (row) => {
              const v = value(row);
              if (isNull(v)) return;
              if (isNull(best)) {
                best = v;
                return;
              }
              const c = compare(v, best);
              if (c !== undefined && c * sign > 0) best = v;
            },
            result: () => best,
          };
        },
      };
    }
  }
}

function counter(keep: (row: Row) => boolean): Accumulator {
  let n = 0;
  return {
    add: (row) => {
      if (keep(row)) n++;
    },
    result: () => n,
  };
}
