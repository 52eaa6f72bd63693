import { parse } from '../../../../src/domain/language/index.js';
import type { ParsedText } from '../../../../src/domain/language/index.js';

/** A fixed "now" so dates without a year and "tomorrow" read the same on every run. */
export const NOW = new Date('2025-06-15T10:00:00.000Z');

export function p(text: string): ParsedText {
  return parse(text, { now: NOW });
}
