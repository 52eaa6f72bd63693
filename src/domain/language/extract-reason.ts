import type { TextScanner } from './text-scanner.js';

/**
 * Reasons are free text ("because the vendor fix lands on Friday") and must be taken out before
 * anything else looks at the question, so their words are neither commands nor entities.
 */

// An opening quote must start a word and a closing one end it, so apostrophes ("don't") never count.
const QUOTED = /(?<=^|[\s(:,])(?:"([^"]{1,500})"|“([^”]{1,500})”|'([^']{1,500})'|‘([^’]{1,500})’)(?=$|[\s).,;:!?])/;
const BECAUSE = /\b(?:because(?:\s+of)?|reason\s*(?:is|:)|justification\s*:)\s*(\S.*)$/i;
const QUOTED_SUBSCRIPTION = /\bsubscription\s*:?\s+(?:named\s+|called\s+)?(?:"([^"]{1,128})"|“([^”]{1,128})”|'([^']{1,128})')/i;

function firstGroup(match: RegExpExecArray): string | undefined {
  return match.slice(1).find((g): g is string => typeof g === 'string');
}

function tidy(reason: string): string {
  return reason
    .trim()
    .replace(/^["“'‘]+|["”'’]+$/g, '')
    .replace(/[\s.!?;,]+$/, '')
    .trim();
}

/** `subscription "Contoso Prod"`: a quoted name, claimed before quotes are read as reasons. */
export function extractQuotedSubscription(scanner: TextScanner): string | undefined {
  let name: string | undefined;
  scanner.scan(QUOTED_SUBSCRIPTION, (m) => {
    if (name !== undefined) return false;
    name = firstGroup(m)?.trim();
  });
  return name === '' ? undefined : name;
}

export function extractReason(scanner: TextScanner): string | undefined {
  let reason: string | undefined;
  scanner.scan(QUOTED, (m) => {
    if (reason !== undefined) return false;
    const text = tidy(firstGroup(m) ?? '');
    if (text === '') return false;
    reason = text;
  });
  // A quoted reason wins; the words around it ("because … in prod") are left for the other readers.
  if (reason !== undefined) return reason;
  scanner.scan(BECAUSE, (m) => {
    const text = tidy(m[1] ?? '');
    if (text === '') return false;
    reason = text;
  });
  return reason;
}
