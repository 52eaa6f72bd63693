import { extractImages } from './extract-images.js';
import { extractPackageTerms, extractVulnerabilityNames } from './extract-vulnerability.js';
import { extractQuotedSubscription, extractReason } from './extract-reason.js';
import { extractNamedScopes, extractScopes } from './extract-scopes.js';
import { extractTerms } from './extract-terms.js';
import { extractCalendarWindows, extractDates, extractDurations } from './extract-time.js';
import { cleanText } from './clean-text.js';
import type { Entities, ParsedText } from './parsed-text.js';
import { policyOf } from './policy-mention.js';
import { TextScanner } from './text-scanner.js';
import { tokenize } from './tokens.js';

export interface ParseOptions {
  /** "today", "tomorrow" and dates without a year are read relative to this. */
  now?: Date;
}

/**
 * Free text → typed entities, deterministically. The order matters: free text (reasons) goes first,
 * then things with unmistakable shapes (ARM ids, CVE ids, image references), then names introduced by
 * a keyword, then time, and only then the remaining words are read as vocabulary.
 */
export function parse(raw: string, options: ParseOptions = {}): ParsedText {
  const now = options.now ?? new Date();
  const text = cleanText(raw);
  const scanner = new TextScanner(text);
  const entities: Entities = { environments: [], severities: [], cves: [], durations: [], dates: [], numbers: [], nicknames: [], packages: [], ecosystems: [], conditions: [] };

  const quotedSubscription = extractQuotedSubscription(scanner);
  if (quotedSubscription) entities.subscription = { name: quotedSubscription };
  const reason = extractReason(scanner);
  if (reason !== undefined) entities.reason = reason;
  extractScopes(scanner, entities);
  extractVulnerabilityNames(scanner, entities);
  extractImages(scanner, entities);
  extractPackageTerms(scanner, entities);
  extractNamedScopes(scanner, entities);
  extractCalendarWindows(scanner, entities, now);
  extractDates(scanner, entities, now);
  extractDurations(scanner, entities);

  const { tokens, corrections } = tokenize(scanner.rest());
  extractTerms(tokens, entities);
  entities.policy ??= policyOf(tokens);

  return { raw, text, tokens, words: tokens.map((t) => t.canonical), corrections, entities };
}
