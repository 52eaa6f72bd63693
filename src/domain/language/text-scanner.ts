/**
 * Pulls entities out of a question one pattern at a time. Each accepted match is blanked out (same
 * length, so offsets into the original text stay valid) and later patterns never see it again: a
 * reason's words are not read as a registry, and a resource group's "prod" is not read as an
 * environment.
 */
export class TextScanner {
  private masked: string;

  constructor(readonly text: string) {
    this.masked = text;
  }

  /**
   * Runs `pattern` over what is still unclaimed. `accept` returns false to leave a match alone;
   * anything else claims the whole match.
   */
  scan(pattern: RegExp, accept: (match: RegExpExecArray) => boolean | void): void {
    const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
    const re = new RegExp(pattern.source, flags);
    const snapshot = this.masked;
    for (const match of snapshot.matchAll(re)) {
      if (match[0].length === 0) continue;
      if (accept(match as RegExpExecArray) !== false) this.claim(match.index, match.index + match[0].length);
    }
  }

  claim(start: number, end: number): void {
    this.masked = this.masked.slice(0, start) + ' '.repeat(end - start) + this.masked.slice(end);
  }

  /** The original text of a span (case as typed). */
  original(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  /** What no pattern has claimed yet. */
  rest(): string {
    return this.masked;
  }
}
