import { KqlError } from './kql-errors.js';

/** One lexical token of a Kusto query, with its position for error details. */
export interface Token {
  kind: 'ident' | 'string' | 'number' | 'timespan' | 'op' | 'eof';
  text: string;
  /** Decoded value: string contents, a number, or a timespan in milliseconds. */
  value?: string | number;
  line: number;
  column: number;
}

/** Operator names Kusto spells with a dash; read as one word. */
const DASHED = new Set(['project-away', 'project-rename', 'project-keep', 'project-reorder', 'mv-expand', 'mv-apply', 'make-series', 'top-nested', 'top-hitters', 'parse-where', 'project-smart']);

/** Punctuation, longest first so `==` wins over `=`. */
const PUNCTUATION = ['==', '!=', '=~', '!~', '<=', '>=', '<>', '=>', '..', '|', '(', ')', '[', ']', '{', '}', ',', '.', '=', '<', '>', '+', '-', '*', '/', '%', ';', ':', '~', '!', '@', '$'];

const TIMESPAN_UNITS: Record<string, number> = {
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  microsecond: 0.001,
  tick: 0.0001,
};

const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_]/.test(c);

/**
 * Splits a query into tokens: identifiers (dashed operator names as one), string literals in single,
 * double and verbatim (`@'…'`) quotes, numbers and timespan literals (`7d`, `1h`), and punctuation.
 * `//` starts a comment to the end of the line.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (offset = 0): string => text[i + offset] ?? '';
  const push = (kind: Token['kind'], raw: string, start: number, value?: string | number): void => {
    tokens.push({ kind, text: raw, line, column: start - lineStart, ...(value === undefined ? {} : { value }) });
  };

  while (i < text.length) {
    const c = at();
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' && at(1) === '/') {
      while (i < text.length && at() !== '\n') i++;
      continue;
    }
    const start = i;
    if ((c === '@' && (at(1) === '"' || at(1) === "'")) || c === '"' || c === "'") {
      const verbatim = c === '@';
      if (verbatim) i++;
      const quote = at();
      i++;
      let value = '';
      for (;;) {
        if (i >= text.length || at() === '\n') throw KqlError.parser(text.slice(start, i), line, start - lineStart);
        const ch = at();
        if (ch === quote) {
          // A doubled quote inside a verbatim string is one quote.
          if (verbatim && at(1) === quote) {
            value += quote;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === '\\' && !verbatim) {
          const next = at(1);
          const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };
          value += escapes[next] ?? next;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      push('string', text.slice(start, i), start, value);
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (/[0-9]/.test(at())) i++;
      if (at() === '.' && /[0-9]/.test(at(1))) {
        i++;
        while (/[0-9]/.test(at())) i++;
      }
      if ((at() === 'e' || at() === 'E') && /[0-9+-]/.test(at(1))) {
        i += 2;
        while (/[0-9]/.test(at())) i++;
      }
      const numberText = text.slice(start, i);
      let unitEnd = i;
      while (/[A-Za-z]/.test(text[unitEnd] ?? '')) unitEnd++;
      const unit = text.slice(i, unitEnd).toLowerCase();
      if (unit !== '') {
        const scale = TIMESPAN_UNITS[unit];
        if (scale === undefined) throw KqlError.parser(text.slice(start, unitEnd), line, start - lineStart);
        i = unitEnd;
        push('timespan', text.slice(start, i), start, Number(numberText) * scale);
      } else {
        push('number', numberText, start, Number(numberText));
      }
      continue;
    }
    if (isIdentStart(c)) {
      while (isIdentPart(at())) i++;
      let word = text.slice(start, i);
      if (at() === '-' && isIdentStart(at(1))) {
        let end = i + 1;
        while (isIdentPart(text[end] ?? '')) end++;
        const dashed = text.slice(start, end);
        if (DASHED.has(dashed.toLowerCase())) {
          word = dashed;
          i = end;
        }
      }
      push('ident', word, start);
      // A datetime literal's body (`2024-01-31T10:00:00Z`) is not made of Kusto tokens: keep it raw.
      const open = /^\s*\(/.exec(text.slice(i));
      if (word.toLowerCase() === 'datetime' && open) {
        const bodyStart = i + open[0].length;
        const close = text.indexOf(')', bodyStart);
        if (close < 0) throw KqlError.parser(word, line, start - lineStart);
        push('op', '(', bodyStart - 1);
        push('string', text.slice(bodyStart, close), bodyStart, text.slice(bodyStart, close).trim());
        i = close;
      }
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (!punct) throw KqlError.parser(c, line, start - lineStart);
    i += punct.length;
    push('op', punct, start);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', line, column: i - lineStart });
  return tokens;
}
