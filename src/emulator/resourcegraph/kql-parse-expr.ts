import type { Expr } from './kql-ast.js';
import { KqlError } from './kql-errors.js';
import type { Token } from './kql-lexer.js';
import { Timespan } from './kql-values.js';

/** A cursor over the tokens with the small look-ahead the grammar needs. */
export class TokenStream {
  private at = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.peekAt(0);
  }

  peekAt(offset: number): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (this.at < this.tokens.length - 1) this.at++;
    return token;
  }

  isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  expectOp(text: string): void {
    if (!this.isOp(text)) throw this.failure();
    this.next();
  }

  expectWord(word: string): void {
    if (!this.isWord(word)) throw this.failure();
    this.next();
  }

  expectIdent(): string {
    const t = this.peek();
    if (t.kind !== 'ident') throw this.failure();
    this.next();
    return t.text;
  }

  failure(): KqlError {
    const t = this.peek();
    return KqlError.parser(t.text, t.line, t.column);
  }
}

/** Word operators between two scalars; a leading `!` negates those that allow it. */
const WORD_OPERATORS = new Set(['contains', 'contains_cs', 'has', 'has_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs', 'hasprefix', 'hassuffix']);
const NEGATABLE = new Set([...WORD_OPERATORS, 'in', 'between']);
const COMPARISONS = new Set(['==', '!=', '<>', '=~', '!~', '<', '<=', '>', '>=']);

/** Expression grammar, loosest first: or, and, comparisons and string operators, + -, * / %, unary, postfix. */
export function parseExpression(s: TokenStream): Expr {
  return parseOr(s);
}

function parseOr(s: TokenStream): Expr {
  let left = parseAnd(s);
  while (s.isWord('or')) {
    s.next();
    left = { kind: 'binary', op: 'or', left, right: parseAnd(s) };
  }
  return left;
}

function parseAnd(s: TokenStream): Expr {
  let left = parseComparison(s);
  while (s.isWord('and')) {
    s.next();
    left = { kind: 'binary', op: 'and', left, right: parseComparison(s) };
  }
  return left;
}

function parseComparison(s: TokenStream): Expr {
  const left = parseAdditive(s);
  const t = s.peek();
  if (t.kind === 'op' && COMPARISONS.has(t.text)) {
    s.next();
    return { kind: 'binary', op: t.text === '<>' ? '!=' : t.text, left, right: parseAdditive(s) };
  }
  let negated = false;
  if (t.kind === 'op' && t.text === '!' && s.peekAt(1).kind === 'ident' && NEGATABLE.has(s.peekAt(1).text.toLowerCase())) {
    s.next();
    negated = true;
  }
  const word = s.peek();
  if (word.kind !== 'ident') return left;
  const lower = word.text.toLowerCase();
  if (lower === 'in') {
    s.next();
    let op = negated ? '!in' : 'in';
    if (s.isOp('~')) {
      s.next();
      op += '~';
    }
    s.expectOp('(');
    const list: Expr[] = [];
    if (!s.isOp(')')) {
      do {
        list.push(parseExpression(s));
      } while (s.isOp(',') && s.next());
    }
    s.expectOp(')');
    return { kind: 'in', op, left, list };
  }
  if (lower === 'between') {
    s.next();
    s.expectOp('(');
    const low = parseAdditive(s);
    s.expectOp('..');
    const high = parseAdditive(s);
    s.expectOp(')');
    return { kind: 'between', negated, value: left, low, high };
  }
  if (lower === 'matches' && !negated) {
    s.next();
    s.expectWord('regex');
    return { kind: 'binary', op: 'matches regex', left, right: parseAdditive(s) };
  }
  if (WORD_OPERATORS.has(lower)) {
    s.next();
    return { kind: 'binary', op: (negated ? '!' : '') + lower, left, right: parseAdditive(s) };
  }
  if (/^!?(has_any|has_all|in~?|contains_any)$/i.test(lower) || lower.startsWith('has_') || lower.startsWith('!')) throw KqlError.unsupported(word.text);
  if (negated) throw s.failure();
  return left;
}

function parseAdditive(s: TokenStream): Expr {
  let left = parseMultiplicative(s);
  while (s.isOp('+') || s.isOp('-')) {
    const op = s.next().text;
    left = { kind: 'binary', op, left, right: parseMultiplicative(s) };
  }
  return left;
}

function parseMultiplicative(s: TokenStream): Expr {
  let left = parseUnary(s);
  while (s.isOp('*') || s.isOp('/') || s.isOp('%')) {
    const op = s.next().text;
    left = { kind: 'binary', op, left, right: parseUnary(s) };
  }
  return left;
}

function parseUnary(s: TokenStream): Expr {
  if (s.isOp('-') || s.isOp('+')) {
    const op = s.next().text as '-' | '+';
    return { kind: 'unary', op, operand: parseUnary(s) };
  }
  return parsePostfix(s);
}

function parsePostfix(s: TokenStream): Expr {
  let expr = parsePrimary(s);
  for (;;) {
    if (s.isOp('.')) {
      s.next();
      const t = s.next();
      if (t.kind !== 'ident' && t.kind !== 'string') throw KqlError.parser(t.text, t.line, t.column);
      expr = { kind: 'member', target: expr, name: t.kind === 'string' ? String(t.value) : t.text };
    } else if (s.isOp('[')) {
      s.next();
      const index = parseExpression(s);
      s.expectOp(']');
      expr = { kind: 'index', target: expr, index };
    } else return expr;
  }
}

function parsePrimary(s: TokenStream): Expr {
  const t = s.peek();
  if (t.kind === 'number') {
    s.next();
    return { kind: 'literal', value: t.value };
  }
  if (t.kind === 'timespan') {
    s.next();
    return { kind: 'literal', value: new Timespan(Number(t.value)) };
  }
  if (t.kind === 'string') {
    // Adjacent string literals are one string.
    let value = '';
    while (s.peek().kind === 'string') value += String(s.next().value);
    return { kind: 'literal', value };
  }
  if (s.isOp('(')) {
    s.next();
    const inner = parseExpression(s);
    s.expectOp(')');
    return inner;
  }
  if (t.kind !== 'ident') throw s.failure();
  s.next();
  const lower = t.text.toLowerCase();
  if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
  if (lower === 'null') return { kind: 'literal', value: null };
  if (!s.isOp('(')) return { kind: 'column', name: t.text };
  s.next();
  if (lower === 'dynamic') {
    const value = parseDynamic(s);
    s.expectOp(')');
    return { kind: 'literal', value };
  }
  if (lower === 'datetime' || lower === 'timespan') return { kind: 'literal', value: rawLiteral(s, lower) };
  const args: Expr[] = [];
  if (!s.isOp(')')) {
    do {
      args.push(parseExpression(s));
    } while (s.isOp(',') && s.next());
  }
  s.expectOp(')');
  return { kind: 'call', name: t.text, args };
}

/** The JSON-like body of `dynamic(…)`: arrays, property bags, strings, numbers, booleans, null. */
function parseDynamic(s: TokenStream): unknown {
  const t = s.peek();
  if (s.isOp('[')) {
    s.next();
    const items: unknown[] = [];
    if (!s.isOp(']')) {
      do {
        items.push(parseDynamic(s));
      } while (s.isOp(',') && s.next());
    }
    s.expectOp(']');
    return items;
  }
  if (s.isOp('{')) {
    s.next();
    const bag: Record<string, unknown> = {};
    if (!s.isOp('}')) {
      do {
        const key = s.next();
        if (key.kind !== 'string' && key.kind !== 'ident') throw KqlError.parser(key.text, key.line, key.column);
        s.expectOp(':');
        bag[key.kind === 'string' ? String(key.value) : key.text] = parseDynamic(s);
      } while (s.isOp(',') && s.next());
    }
    s.expectOp('}');
    return bag;
  }
  if (s.isOp('-')) {
    s.next();
    const n = s.next();
    if (n.kind !== 'number') throw KqlError.parser(n.text, n.line, n.column);
    return -Number(n.value);
  }
  s.next();
  if (t.kind === 'string' || t.kind === 'number') return t.value;
  if (t.kind === 'ident' && ['true', 'false', 'null'].includes(t.text.toLowerCase())) return t.text.toLowerCase() === 'null' ? null : t.text.toLowerCase() === 'true';
  throw KqlError.parser(t.text, t.line, t.column);
}

/** `datetime(2024-01-31)` / `timespan(1d)`: the tokens up to `)` read as one literal. */
function rawLiteral(s: TokenStream, kind: 'datetime' | 'timespan'): unknown {
  let text = '';
  let last: Token | undefined;
  while (!s.isOp(')')) {
    const t = s.next();
    if (t.kind === 'eof') throw KqlError.parser(t.text, t.line, t.column);
    if (kind === 'timespan' && t.kind === 'timespan') {
      s.expectOp(')');
      return new Timespan(Number(t.value));
    }
    // Tokens are glued back together; a space between date and time separated two tokens.
    if (last && t.line === last.line && t.column > last.column + last.text.length) text += ' ';
    text += t.kind === 'string' ? String(t.value) : t.text;
    last = t;
  }
  s.next();
  if (kind === 'timespan') throw KqlError.unsupported(`timespan(${text})`);
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || !text.includes(':') ? text : `${text}Z`);
  if (Number.isNaN(date.getTime())) throw KqlError.semantic(`Invalid datetime literal '${text}'`);
  return date;
}
