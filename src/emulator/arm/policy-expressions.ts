import type { ArmResource } from '../http/types.js';
import { resourceGroupOf, subscriptionIdOf } from './ids.js';
import { isObject, readField, type CountScope } from './policy-fields.js';

/**
 * Template expressions in policy rules: `[parameters('effect')]`, `[field('…')]`,
 * `[concat(toLower(field('name')), '-x')]`, `[current('name')]`, `[resourceGroup().name]`… A string
 * that does not start with `[` (or starts with `[[`, the escape) is a literal. Unknown functions make
 * the expression evaluate to undefined, so the condition using it does not hold.
 */

export interface ExpressionInput {
  resource: ArmResource;
  parameters: Readonly<Record<string, unknown>>;
  /** The member a `count … where` is looking at. */
  scope?: CountScope | undefined;
  /** Value-count iterations by `name` (`current('name')`). */
  values?: ReadonlyMap<string, unknown> | undefined;
}

type Token = { kind: 'str' | 'num' | 'id' | 'punct'; text: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error('unterminated string');
        if (src[i] === "'" && src[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (src[i] === "'") {
          i++;
          break;
        } else text += src[i++];
      }
      tokens.push({ kind: 'str', text });
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
      if (!m) throw new Error(`bad number at ${i}`);
      tokens.push({ kind: 'num', text: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w]*/.exec(src.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'id', text: m[0] });
      i += m[0].length;
    } else if ('(),.[]'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else throw new Error(`unexpected '${c}'`);
  }
  return tokens;
}

const asString = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const same = (a: unknown, b: unknown): boolean =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : JSON.stringify(a) === JSON.stringify(b);

function lengthOf(v: unknown): number | undefined {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  return isObject(v) ? Object.keys(v).length : undefined;
}

function named(map: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.entries(map).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/** The functions the policy language offers that make sense without a deployment. */
function call(name: string, args: unknown[], input: ExpressionInput): unknown {
  const [a, b, c] = args;
  switch (name.toLowerCase()) {
    case 'parameters': return named(input.parameters, asString(a));
    case 'field': return readField(input.resource, asString(a), input.scope).value;
    case 'current': {
      if (a !== undefined && input.values?.has(asString(a).toLowerCase())) return input.values.get(asString(a).toLowerCase());
      const members = input.scope?.members;
      return members?.[members.length - 1];
    }
    case 'concat': return args.every(Array.isArray) ? args.flat() : args.map(asString).join('');
    case 'tolower': return asString(a).toLowerCase();
    case 'toupper': return asString(a).toUpperCase();
    case 'trim': return asString(a).trim();
    case 'length': return lengthOf(a);
    case 'empty': return a === undefined || a === null || lengthOf(a) === 0;
    case 'if': return a === true ? b : c;
    case 'equals': return same(a, b);
    case 'not': return a !== true;
    case 'and': return args.every((x) => x === true);
    case 'or': return args.some((x) => x === true);
    case 'contains':
      if (Array.isArray(a)) return a.some((x) => same(x, b));
      if (isObject(a)) return Object.keys(a).some((k) => k.toLowerCase() === asString(b).toLowerCase());
      return asString(a).toLowerCase().includes(asString(b).toLowerCase());
    case 'startswith': return asString(a).toLowerCase().startsWith(asString(b).toLowerCase());
    case 'endswith': return asString(a).toLowerCase().endsWith(asString(b).toLowerCase());
    case 'indexof': return asString(a).toLowerCase().indexOf(asString(b).toLowerCase());
    case 'replace': return asString(a).split(asString(b)).join(asString(c));
    case 'split': return asString(a).split(asString(b));
    case 'substring': return asString(a).substring(Number(b), c === undefined ? undefined : Number(b) + Number(c));
    case 'first': return Array.isArray(a) ? a[0] : asString(a).slice(0, 1);
    case 'last': return Array.isArray(a) ? a[a.length - 1] : asString(a).slice(-1);
    case 'coalesce': return args.find((x) => x !== undefined && x !== null);
    case 'string': return asString(a);
    case 'int': return Number.parseInt(asString(a), 10);
    case 'bool': return typeof a === 'boolean' ? a : asString(a).toLowerCase() === 'true';
    case 'true': return true;
    case 'false': return false;
    case 'resourcegroup': {
      const rg = resourceGroupOf(input.resource.id);
      const sub = subscriptionIdOf(input.resource.id);
      return rg === undefined || sub === undefined ? undefined : { name: rg, id: `/subscriptions/${sub}/resourceGroups/${rg}` };
    }
    case 'subscription': {
      const sub = subscriptionIdOf(input.resource.id);
      return sub === undefined ? undefined : { subscriptionId: sub, id: `/subscriptions/${sub}` };
    }
    default:
      throw new Error(`unsupported function ${name}`);
  }
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[], private readonly input: ExpressionInput) {}

  private peek(text?: string): Token | undefined {
    const t = this.tokens[this.i];
    return text === undefined || t?.text === text ? t : undefined;
  }

  private expect(text: string): void {
    if (this.tokens[this.i]?.text !== text) throw new Error(`expected '${text}'`);
    this.i++;
  }

  parse(): unknown {
    const value = this.expression();
    if (this.i !== this.tokens.length) throw new Error('trailing tokens');
    return value;
  }

  private expression(): unknown {
    const t = this.tokens[this.i++];
    if (!t) throw new Error('unexpected end');
    let value: unknown;
    if (t.kind === 'str') value = t.text;
    else if (t.kind === 'num') value = Number(t.text);
    else if (t.kind === 'id') {
      this.expect('(');
      const args: unknown[] = [];
      while (!this.peek(')')) {
        args.push(this.expression());
        if (!this.peek(')')) this.expect(',');
      }
      this.expect(')');
      value = call(t.text, args, this.input);
    } else throw new Error(`unexpected '${t.text}'`);
    // Property access and indexing: `resourceGroup().name`, `split(x, '/')[2]`.
    for (;;) {
      if (this.peek('.')) {
        this.i++;
        const prop = this.tokens[this.i++]?.text ?? '';
        value = isObject(value) ? named(value, prop) : undefined;
      } else if (this.peek('[')) {
        this.i++;
        const index = this.expression();
        this.expect(']');
        value = Array.isArray(value) ? value[Number(index)] : isObject(value) ? named(value, asString(index)) : undefined;
      } else return value;
    }
  }
}

/** Resolves one value of a rule: an expression in brackets, or a literal (`[[` escapes a bracket). */
export function resolveExpression(expr: unknown, input: ExpressionInput): unknown {
  if (typeof expr !== 'string') return expr;
  if (expr.startsWith('[[')) return expr.slice(1);
  if (!expr.startsWith('[') || !expr.endsWith(']')) return expr;
  try {
    return new Parser(tokenize(expr.slice(1, -1)), input).parse();
  } catch {
    // Azure rejects such definitions when they are saved; for a definition already stored, nothing matches.
    return undefined;
  }
}
