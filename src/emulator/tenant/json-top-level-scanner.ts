/**
 * Splits a JSON document of the form `{ "key": value, ... }` into its top-level members while it
 * streams in, delivering the elements of chosen array members one at a time.
 *
 * A tenant with a million sub-assessments is larger than the longest string V8 can hold, so the
 * file cannot go through one `JSON.parse`. Only structure is tracked here (brackets, strings);
 * each member or element is then parsed on its own.
 */
export interface TopLevelHandler {
  /** Keys whose array elements are delivered one by one through `element`. */
  streamed: ReadonlySet<string>;
  value(key: string, json: string): void;
  element(key: string, index: number, json: string): void;
}

export class JsonStructureError extends Error {
  constructor(readonly offset: number, detail: string) {
    super(`invalid JSON at byte ${offset}: ${detail}`);
    this.name = 'JsonStructureError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

type State = 'start' | 'key' | 'colon' | 'value' | 'comma' | 'array' | 'arrayComma' | 'end';
type Capture = { kind: 'container' | 'string' | 'literal'; nest: number; inString: boolean; escape: boolean; parts: Buffer[] };

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

export class JsonTopLevelScanner {
  private state: State = 'start';
  private key = '';
  private index = 0;
  private capture: Capture | undefined;
  private captureFor: 'key' | 'value' | 'element' = 'value';
  /** Where the current capture starts in the chunk being scanned (0 once it spans chunks). */
  private captureStart = 0;
  /** The capture's opening byte (quote or bracket) still has to be stepped over. */
  private skipOpening = false;
  private offset = 0;

  constructor(private readonly handler: TopLevelHandler) {}

  write(chunk: Buffer): void {
    let i = 0;
    if (this.offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3; // UTF-8 BOM
    while (i < chunk.length) {
      if (this.capture) {
        i = this.continueCapture(chunk, i);
        continue;
      }
      const b = chunk[i] as number;
      if (isSpace(b)) {
        i++;
        continue;
      }
      this.step(b, i);
      if (!this.capture) i++;
    }
    if (this.capture) this.capture.parts.push(chunk.subarray(this.captureStart));
    this.captureStart = 0;
    this.offset += chunk.length;
  }

  end(): void {
    if (this.capture?.kind === 'literal') this.finishCapture(Buffer.alloc(0), 0);
    if (this.state !== 'end') throw new JsonStructureError(this.offset, 'unexpected end of file');
  }

  private step(b: number, i: number): void {
    const fail = (what: string): never => {
      throw new JsonStructureError(this.offset + i, `${what}, found '${String.fromCharCode(b)}'`);
    };
    switch (this.state) {
      case 'start':
        if (b !== 0x7b) fail("expected '{'");
        this.state = 'key';
        return;
      case 'key':
      case 'comma':
        if (b === 0x7d) return void (this.state = 'end');
        if (this.state === 'comma') return b === 0x2c ? void (this.state = 'key') : fail("expected ',' or '}'");
        if (b !== QUOTE) fail('expected a member name');
        return this.begin('key', 'string', i);
      case 'colon':
        if (b !== 0x3a) fail("expected ':'");
        this.state = 'value';
        return;
      case 'value':
        if (b === 0x5b && this.handler.streamed.has(this.key)) {
          this.index = 0;
          return void (this.state = 'array');
        }
        return this.beginValue('value', b, i);
      case 'array':
      case 'arrayComma':
        if (b === 0x5d) return void (this.state = 'comma');
        if (this.state === 'arrayComma') return b === 0x2c ? void (this.state = 'array') : fail("expected ',' or ']'");
        return this.beginValue('element', b, i);
      case 'end':
        fail('unexpected content after the document');
    }
  }

  private beginValue(target: 'value' | 'element', b: number, i: number): void {
    const kind = b === 0x7b || b === 0x5b ? 'container' : b === QUOTE ? 'string' : 'literal';
    if (b === 0x7d || b === 0x5d || b === 0x2c || b === 0x3a) {
      throw new JsonStructureError(this.offset + i, `expected a value, found '${String.fromCharCode(b)}'`);
    }
    this.begin(target, kind, i);
  }

  private begin(target: 'key' | 'value' | 'element', kind: Capture['kind'], i: number): void {
    this.captureFor = target;
    this.captureStart = i;
    // The opening byte is consumed here; continueCapture starts after it.
    this.capture = { kind, nest: kind === 'container' ? 1 : 0, inString: kind === 'string', escape: false, parts: [] };
    this.skipOpening = kind !== 'literal';
  }

  /** Advances through a captured value; returns the index to continue the outer scan at. */
  private continueCapture(chunk: Buffer, from: number): number {
    const c = this.capture as Capture;
    let i = from;
    if (this.skipOpening) {
      this.skipOpening = false;
      i++;
    }
    while (i < chunk.length) {
      if (c.inString) {
        if (c.escape) {
          c.escape = false;
          i++;
          continue;
        }
        const q = chunk.indexOf(QUOTE, i);
        // Look for an escape only up to the quote: searching the rest of a 1 MB chunk for every
        // string would make scanning quadratic in the chunk size.
        const end = q === -1 ? chunk.length : q;
        let bs = -1;
        for (let k = i; k < end; k++) {
          if (chunk[k] === BACKSLASH) {
            bs = k;
            break;
          }
        }
        if (bs !== -1) {
          c.escape = true;
          i = bs + 1;
          continue;
        }
        if (q === -1) return chunk.length;
        c.inString = false;
        i = q + 1;
        if (c.kind === 'string') return this.finishCapture(chunk, i);
        continue;
      }
      const b = chunk[i] as number;
      if (c.kind === 'literal') {
        if (b === 0x2c || b === 0x5d || b === 0x7d || isSpace(b)) return this.finishCapture(chunk, i);
        i++;
        continue;
      }
      if (b === QUOTE) c.inString = true;
      else if (b === 0x7b || b === 0x5b) c.nest++;
      else if (b === 0x7d || b === 0x5d) {
        c.nest--;
        if (c.nest === 0) return this.finishCapture(chunk, i + 1);
      }
      i++;
    }
    return i;
  }

  private finishCapture(chunk: Buffer, endExclusive: number): number {
    const c = this.capture as Capture;
    c.parts.push(chunk.subarray(this.captureStart, endExclusive));
    const text = (c.parts.length === 1 ? (c.parts[0] as Buffer) : Buffer.concat(c.parts)).toString('utf8');
    this.capture = undefined;
    this.captureStart = 0;
    if (this.captureFor === 'key') {
      this.key = JSON.parse(text) as string;
      this.state = 'colon';
    } else if (this.captureFor === 'value') {
      this.handler.value(this.key, text);
      this.state = 'comma';
    } else {
      this.handler.element(this.key, this.index++, text);
      this.state = 'arrayComma';
    }
    return endExclusive;
  }
}
