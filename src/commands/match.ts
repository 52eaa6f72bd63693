import type { ParsedText } from '../domain/language/index.js';

/** Building blocks for `match()` functions, so each command states its phrasings rather than string code. */

/** Words that carry no intent of their own ("can you please show me …"). */
const FILLER: ReadonlySet<string> = new Set(
  `please pls plz can could would you me the a an show tell what is are i my do does us hello shipshape bot thanks thank
   ok okay now just quick quickly again here`.split(/\s+/),
);

export function hasWord(parsed: ParsedText, ...words: string[]): boolean {
  return words.some((w) => parsed.words.includes(w));
}

/** The words appear next to each other, in order. */
export function hasPhrase(parsed: ParsedText, phrase: string): boolean {
  const wanted = phrase.split(/\s+/);
  const words = parsed.words;
  for (let i = 0; i + wanted.length <= words.length; i++) {
    if (wanted.every((w, j) => words[i + j] === w)) return true;
  }
  return false;
}

/** Every word is one of `allowed` or filler: the text says this and nothing else. */
export function onlyWords(parsed: ParsedText, allowed: readonly string[]): boolean {
  return parsed.words.every((w) => allowed.includes(w) || FILLER.has(w));
}

/** How many kinds of entity the text names: a hint that it asks about something specific. */
export function entityKinds(parsed: ParsedText): number {
  const e = parsed.entities;
  return [
    e.environments.length > 0,
    e.severities.length > 0,
    e.registry ?? e.repository ?? e.digest,
    e.cves.length > 0,
    e.resourceGroup,
    e.policy,
    e.durations.length > 0 || e.dates.length > 0,
    e.reason,
  ].filter(Boolean).length;
}

const INTERROGATIVES: ReadonlySet<string> = new Set('which what who whose where when how is are does do did any anything list has have'.split(' '));
const POLITE_REQUEST = /^(please|pls|can you|could you|would you|will you|kindly)\b/;
/** Verbs a request starts with: "disable the admin user on contosoprod?" is still a request. */
const IMPERATIVES: ReadonlySet<string> = new Set('disable enable turn switch allow block assign unassign exempt suppress remediate create set remove add'.split(' '));

/**
 * The text asks about the state of things rather than for a change: "which registries have the admin
 * user enabled?" is a question, "disable the admin user on contosoprod" and "can you disable …?" are requests.
 */
export function isQuestion(parsed: ParsedText): boolean {
  const text = parsed.text.toLowerCase().trim();
  if (POLITE_REQUEST.test(text)) return false;
  const first = text.split(/[^a-z']+/).find((w) => w !== '');
  if (first !== undefined && IMPERATIVES.has(first)) return false;
  return (first !== undefined && INTERROGATIVES.has(first)) || text.endsWith('?');
}

/** The text names one of `phrases` as typed (word boundaries, any case), whatever the parser made of it. */
export function mentions(parsed: ParsedText, ...phrases: string[]): boolean {
  const text = ` ${parsed.text.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  return phrases.some((p) => text.includes(` ${p} `));
}
