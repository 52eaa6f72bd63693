import type { Aggregate, Assignment, Expr, Operator, Query, SortKey } from './kql-ast.js';
import { KqlError } from './kql-errors.js';
import { parseExpression, TokenStream } from './kql-parse-expr.js';
import { tokenize } from './kql-lexer.js';

/** Tabular operators Kusto has that this service answers with `InvalidQueryLanguage`. */
const KNOWN_UNSUPPORTED = new Set(['parse', 'parse-where', 'let', 'union', 'make-series', 'mv-apply', 'evaluate', 'render', 'sample', 'sample-distinct', 'top-nested', 'top-hitters', 'search', 'find', 'lookup', 'as', 'invoke', 'serialize', 'range', 'print', 'datatable', 'externaldata', 'getschema', 'facet', 'fork', 'partition', 'scan', 'reduce', 'project-keep', 'project-reorder', 'project-smart']);

/** Operators that may start a query without a table (Resource Graph then reads `Resources`). */
const LEADING_OPERATORS = new Set(['where', 'filter', 'project', 'extend', 'summarize', 'count', 'order', 'sort', 'top', 'limit', 'take', 'distinct', 'mv-expand', 'project-away', 'join']);

/** Parses a whole query: `Table | op | op …` (a leading operator reads `Resources`). */
export function parseQuery(text: string): Query {
  const stream = new TokenStream(tokenize(text));
  const query = parsePipeline(stream, true);
  if (stream.peek().kind !== 'eof') throw stream.failure();
  return query;
}

function parsePipeline(s: TokenStream, topLevel: boolean): Query {
  const first = s.peek();
  if (first.kind !== 'ident') throw s.failure();
  const word = first.text.toLowerCase();
  if (KNOWN_UNSUPPORTED.has(word)) throw KqlError.unsupported(first.text);
  let table = 'Resources';
  const operators: Operator[] = [];
  if (LEADING_OPERATORS.has(word) && !(s.peekAt(1).kind === 'op' && s.peekAt(1).text === '|')) {
    operators.push(parseOperator(s));
  } else {
    table = s.next().text;
  }
  while (s.isOp('|')) {
    s.next();
    operators.push(parseOperator(s));
  }
  if (!topLevel && !s.isOp(')')) throw s.failure();
  return { table, operators };
}

function parseOperator(s: TokenStream): Operator {
  const token = s.peek();
  if (token.kind !== 'ident') throw s.failure();
  const word = token.text.toLowerCase();
  s.next();
  switch (word) {
    case 'where':
    case 'filter':
      return { kind: 'where', predicate: parseExpression(s) };
    case 'extend':
      return { kind: 'extend', items: parseAssignments(s) };
    case 'project':
      return { kind: 'project', items: parseAssignments(s) };
    case 'project-away':
      return { kind: 'project-away', patterns: parseNameList(s) };
    case 'project-rename':
      return { kind: 'project-rename', renames: parseRenames(s) };
    case 'summarize':
      return parseSummarize(s);
    case 'count':
      return { kind: 'count' };
    case 'distinct':
      return { kind: 'distinct', items: parseAssignments(s) };
    case 'order':
    case 'sort':
      s.expectWord('by');
      return { kind: 'sort', keys: parseSortKeys(s) };
    case 'top': {
      const count = parseExpression(s);
      s.expectWord('by');
      const [key] = parseSortKeys(s, true);
      return { kind: 'top', count, key: key as SortKey };
    }
    case 'take':
    case 'limit':
      return { kind: 'take', count: parseExpression(s) };
    case 'mv-expand':
      return parseMvExpand(s);
    case 'join':
      return parseJoin(s);
    default:
      throw KqlError.unsupported(token.text);
  }
}

function parseAssignments(s: TokenStream): Assignment[] {
  const items: Assignment[] = [];
  do {
    items.push(parseAssignment(s));
  } while (s.isOp(',') && s.next());
  return items;
}

function parseAssignment(s: TokenStream): Assignment {
  if (s.peek().kind === 'ident' && s.peekAt(1).kind === 'op' && s.peekAt(1).text === '=') {
    const name = s.next().text;
    s.next();
    return { name, expr: parseExpression(s) };
  }
  return { expr: parseExpression(s) };
}

function parseNameList(s: TokenStream): string[] {
  const names: string[] = [];
  do {
    let name = s.expectIdent();
    if (s.isOp('*')) {
      s.next();
      name += '*';
    }
    names.push(name);
  } while (s.isOp(',') && s.next());
  return names;
}

function parseRenames(s: TokenStream): Array<{ to: string; from: string }> {
  const renames: Array<{ to: string; from: string }> = [];
  do {
    const to = s.expectIdent();
    s.expectOp('=');
    renames.push({ to, from: s.expectIdent() });
  } while (s.isOp(',') && s.next());
  return renames;
}

function parseSummarize(s: TokenStream): Operator {
  const aggregates: Aggregate[] = [];
  if (!s.isWord('by')) {
    do {
      const item = parseAssignment(s);
      if (item.expr.kind !== 'call') throw KqlError.semantic("'summarize' operator: an aggregation function call is expected");
      aggregates.push({ ...(item.name === undefined ? {} : { name: item.name }), fn: item.expr.name.toLowerCase(), args: item.expr.args });
    } while (s.isOp(',') && s.next());
  }
  let by: Assignment[] = [];
  if (s.isWord('by')) {
    s.next();
    by = parseAssignments(s);
  }
  if (aggregates.length === 0 && by.length === 0) throw s.failure();
  return { kind: 'summarize', aggregates, by };
}

function parseSortKeys(s: TokenStream, single = false): SortKey[] {
  const keys: SortKey[] = [];
  do {
    const expr = parseExpression(s);
    // Kusto sorts descending unless told otherwise.
    let descending = true;
    if (s.isWord('asc')) {
      s.next();
      descending = false;
    } else if (s.isWord('desc')) s.next();
    let nullsFirst = !descending;
    if (s.isWord('nulls')) {
      s.next();
      const where = s.expectIdent().toLowerCase();
      if (where !== 'first' && where !== 'last') throw s.failure();
      nullsFirst = where === 'first';
    }
    keys.push({ expr, descending, nullsFirst });
  } while (!single && s.isOp(',') && s.next());
  return keys;
}

function parseMvExpand(s: TokenStream): Operator {
  if (s.isWord('kind') || s.isWord('bagexpansion') || s.isWord('with_itemindex')) throw KqlError.unsupported(s.peek().text);
  const item = parseAssignment(s);
  if (s.isOp(',')) throw KqlError.unsupported('mv-expand');
  if (s.isWord('to')) {
    s.next();
    s.expectWord('typeof');
    s.expectOp('(');
    s.expectIdent();
    s.expectOp(')');
  }
  if (s.isWord('limit')) {
    s.next();
    return { kind: 'mv-expand', item, limit: parseExpression(s) };
  }
  return { kind: 'mv-expand', item };
}

function parseJoin(s: TokenStream): Operator {
  let flavor = 'innerunique';
  while (s.peek().kind === 'ident' && !s.isWord('on')) {
    const option = s.expectIdent().toLowerCase();
    s.expectOp('=');
    const value = s.expectIdent();
    if (option === 'kind') flavor = value.toLowerCase();
    else if (!option.startsWith('hint')) throw KqlError.unsupported(option);
  }
  if (flavor !== 'inner' && flavor !== 'leftouter' && flavor !== 'innerunique') throw KqlError.joinFlavor(flavor);
  s.expectOp('(');
  const right = parsePipeline(s, false);
  s.expectOp(')');
  s.expectWord('on');
  const on: Array<{ left: string; right: string }> = [];
  do {
    if (s.isOp('$')) {
      const left = parseSide(s, 'left');
      s.expectOp('==');
      const rightKey = parseSide(s, 'right');
      on.push({ left, right: rightKey });
    } else {
      const name = s.expectIdent();
      on.push({ left: name, right: name });
    }
  } while (s.isOp(',') && s.next());
  return { kind: 'join', flavor, right, on };
}

function parseSide(s: TokenStream, side: 'left' | 'right'): string {
  s.expectOp('$');
  if (s.expectIdent().toLowerCase() !== side) throw s.failure();
  s.expectOp('.');
  return s.expectIdent();
}

export type { Expr };
