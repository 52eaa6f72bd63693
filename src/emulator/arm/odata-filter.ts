import { badRequest } from './errors.js';

/**
 * The subset of OData `$filter` that ARM list operations accept: comparisons (`eq ne gt ge lt le`),
 * `and` / `or` / `not`, parentheses, string / number / boolean / null literals, and function calls
 * such as `atScope()`, `assignedTo('{oid}')` or `contains(Name, 'x')`. Each operation decides which
 * fields and functions mean something; string comparison is case-insensitive, as in ARM.
 */

export type Literal = string | number | boolean | null;
export type Operand = { kind: 'field'; name: string } | { kind: 'literal'; value: Literal } | CallNode;
export interface CallNode {
  kind: 'call';
  name: string;
  args: Operand[];
}
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; left: Operand; right: Operand }
  | CallNode
  | { kind: 'value'; operand: Operand };

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'word'; v: string } | { t: 'punct'; v: '(' | ')' | ',' };

function invalid(filter: string, why: string): Error {
  return badRequest('InvalidFilterInQueryString', `Invalid $filter '${filter}': ${why}.`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ t: 'punct', v: c });
      i += 1;
    } else if (c === "'") {
      // OData escapes a quote inside a string by doubling it.
      let v = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw invalid(text, 'unterminated string');
        if (text[i] === "'" && text[i + 1] === "'") {
          v += "'";
          i += 2;
        } else if (text[i] === "'") {
          i += 1;
          break;
        } else {
          v += text[i];
          i += 1;
        }
      }
      tokens.push({ t: 'str', v });
    } else {
      const m = /^[^\s(),']+/.exec(text.slice(i));
      const word = m?.[0] ?? c;
      const n = Number(word);
      tokens.push(/^-?\d+(\.\d+)?$/.test(word) && Number.isFinite(n) ? { t: 'num', v: n } : { t: 'word', v: word });
      i += word.length;
    }
  }
  return tokens;
}

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peekWord = (): string | undefined => {
    const tok = tokens[pos];
    return tok?.t === 'word' ? tok.v.toLowerCase() : undefined;
  };
  const expectPunct = (v: string): void => {
    const tok = tokens[pos];
    if (tok?.t !== 'punct' || tok.v !== v) throw invalid(text, `expected '${v}'`);
    pos += 1;
  };

  const operand = (): Operand => {
    const tok = tokens[pos];
    if (!tok) throw invalid(text, 'unexpected end');
    pos += 1;
    if (tok.t === 'str' || tok.t === 'num') return { kind: 'literal', value: tok.v };
    if (tok.t === 'punct') throw invalid(text, `unexpected '${tok.v}'`);
    const lower = tok.v.toLowerCase();
    if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
    if (lower === 'null') return { kind: 'literal', value: null };
    const next = tokens[pos];
    if (next?.t === 'punct' && next.v === '(') {
      pos += 1;
      const args: Operand[] = [];
      if (!(tokens[pos]?.t === 'punct' && (tokens[pos] as Token).v === ')')) {
        args.push(operand());
        while (tokens[pos]?.t === 'punct' && (tokens[pos] as Token).v === ',') {
          pos += 1;
          args.push(operand());
        }
      }
      expectPunct(')');
      return { kind: 'call', name: tok.v, args };
    }
    return { kind: 'field', name: tok.v };
  };

  const primary = (): FilterNode => {
    const tok = tokens[pos];
    if (tok?.t === 'punct' && tok.v === '(') {
      pos += 1;
      const inner = or();
      expectPunct(')');
      return inner;
    }
    const left = operand();
    const op = peekWord();
    if (op !== undefined && COMPARISONS.has(op)) {
      pos += 1;
      return { kind: 'cmp', op: op as 'eq', left, right: operand() };
    }
    return left.kind === 'call' ? left : { kind: 'value', operand: left };
  };
  const unary = (): FilterNode => {
    if (peekWord() === 'not') {
      pos += 1;
      return { kind: 'not', operand: unary() };
    }
    return primary();
  };
  const and = (): FilterNode => {
    let left = unary();
    while (peekWord() === 'and') {
      pos += 1;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const or = (): FilterNode => {
    let left = and();
    while (peekWord() === 'or') {
      pos += 1;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  const tree = or();
  if (pos !== tokens.length) throw invalid(text, 'unexpected trailing text');
  return tree;
}

/** What an operation makes of field names and functions while evaluating one item. */
export interface FilterScope {
  field(name: string): unknown;
  call?(name: string, args: unknown[]): unknown;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v ?? null);
  const x = norm(a);
  const y = norm(b);
  if (op === 'eq') return x === y;
  if (op === 'ne') return x !== y;
  if (x === null || y === null) return false;
  const [l, r] = typeof x === 'number' && typeof y === 'number' ? [x, y] : [String(x), String(y)];
  if (op === 'gt') return l > r;
  if (op === 'ge') return l >= r;
  if (op === 'lt') return l < r;
  return l <= r;
}

function valueOf(operand: Operand, scope: FilterScope): unknown {
  if (operand.kind === 'literal') return operand.value;
  if (operand.kind === 'field') return scope.field(operand.name);
  const args = operand.args.map((a) => valueOf(a, scope));
  return scope.call ? scope.call(operand.name.toLowerCase(), args) : undefined;
}

export function evaluateFilter(node: FilterNode, scope: FilterScope): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, scope) && evaluateFilter(node.right, scope);
    case 'or':
      return evaluateFilter(node.left, scope) || evaluateFilter(node.right, scope);
    case 'not':
      return !evaluateFilter(node.operand, scope);
    case 'cmp':
      return compare(node.op, valueOf(node.left, scope), valueOf(node.right, scope));
    case 'call':
      return valueOf(node, scope) === true;
    case 'value':
      return valueOf(node.operand, scope) === true;
  }
}

/** Every function call in the tree, e.g. to read `assignedTo('…')` before listing. */
export function callsIn(node: FilterNode): CallNode[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...callsIn(node.left), ...callsIn(node.right)];
    case 'not':
      return callsIn(node.operand);
    case 'call':
      return [node];
    default:
      return [];
  }
}
