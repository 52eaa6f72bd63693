/**
 * An ARM list page (`{"value":[…],"nextLink":"…"}`) parsed one item at a time, straight from the
 * response bytes. Parsed whole, a page is one large string plus every item's objects, all alive
 * together; V8 moves what is alive at a young-generation collection to the old generation, where
 * only a full collection frees it, so a scan of hundreds of large pages leaves hundreds of MB of
 * garbage behind. Item by item, each item is a small string and a few objects that die young.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const VALUE_KEY = Buffer.from('"value"');

/** The index of the quote that closes the string whose opening quote is at `open`. */
function stringEnd(body: Buffer, open: number): number {
  for (let at = body.indexOf(QUOTE, open + 1); at >= 0; at = body.indexOf(QUOTE, at + 1)) {
    let backslashes = 0;
    while (body[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Where the top-level `"value": [` array opens (the index of `[`), or -1. */
function valueArrayStart(body: Buffer): number {
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (byte === QUOTE) {
      const end = stringEnd(body, i);
      if (end < 0) return -1;
      if (depth === 1 && end - i + 1 === VALUE_KEY.length && body.compare(VALUE_KEY, 0, VALUE_KEY.length, i, end + 1) === 0) {
        let j = end + 1;
        while (isSpace(body[j])) j++;
        if (body[j] !== COLON) return -1;
        j++;
        while (isSpace(body[j])) j++;
        return body[j] === OPEN_ARRAY ? j : -1;
      }
      i = end;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return -1;
}

/**
 * Calls `onItem` with every element of the page's top-level `value` array, parsed, in order, and
 * returns the page's other members (`nextLink`). Anything not of that shape is parsed whole, so
 * this never reads less than `JSON.parse` would; malformed JSON throws as `JSON.parse` does.
 */
export function eachPageItem(body: Buffer, onItem: (item: unknown) => void): Record<string, unknown> {
  const open = valueArrayStart(body);
  if (open < 0) return parseWhole(body, onItem);
  let depth = 0;
  let start = -1;
  for (let i = open + 1; i < body.length; i++) {
    const byte = body[i];
    if (isSpace(byte)) continue;
    if (start < 0 && depth === 0) {
      if (byte === CLOSE_ARRAY) return rest(body, open, i);
      start = i;
    }
    if (byte === QUOTE) {
      i = stringEnd(body, i);
      if (i < 0) break;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      if (depth === 0) {
        onItem(JSON.parse(body.toString('utf8', start, i)));
        return rest(body, open, i);
      }
      depth--;
    } else if (byte === COMMA && depth === 0) {
      onItem(JSON.parse(body.toString('utf8', start, i)));
      start = -1;
    }
  }
  // An unterminated array: let JSON.parse say what is wrong.
  return parseWhole(body, onItem);
}

/** The page without its items: what comes before `[` and after `]`, with an empty array between. */
function rest(body: Buffer, open: number, close: number): Record<string, unknown> {
  const page = JSON.parse(`${body.toString('utf8', 0, open)}[]${body.toString('utf8', close + 1)}`) as Record<string, unknown>;
  delete page.value;
  return page;
}

function parseWhole(body: Buffer, onItem: (item: unknown) => void): Record<string, unknown> {
  const page = JSON.parse(body.toString('utf8')) as unknown;
  if (page === null || typeof page !== 'object') return {};
  const { value, ...others } = page as { value?: unknown };
  if (Array.isArray(value)) for (const item of value) onItem(item);
  return others;
}
