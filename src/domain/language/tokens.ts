import { editDistance, typoBudget } from './edit-distance.js';
import { COMMON_VOCABULARY, DOMAIN_VOCABULARY, SYNONYMS, isEnglishWord, isKnownWord, singular } from './vocabulary.js';

/** One word of the question, as typed and as understood. */
export interface Token {
  /** Lower-cased as typed. */
  surface: string;
  /** Singular, typo-corrected form ("registries" → "registry", "critcal" → "critical"). */
  word: string;
  /** What commands match on: synonyms folded ("vulns" → "finding", "production" → "prod"). */
  canonical: string;
  /** False for words ShipShape does not know (names of things, mostly). */
  known: boolean;
}

export interface Correction {
  from: string;
  to: string;
}

// Contractions read as their long forms, so "what's" and "what is" look alike to commands.
const CONTRACTIONS: readonly [RegExp, string][] = [
  [/\bwon't\b/g, 'will not'],
  [/\bcan't\b/g, 'cannot'],
  [/n't\b/g, ' not'],
  [/'re\b/g, ' are'],
  [/'m\b/g, ' am'],
  [/'ll\b/g, ' will'],
  [/'ve\b/g, ' have'],
  [/'d\b/g, ' would'],
  [/'s\b/g, ''],
];

/** Candidates for correction, domain words first so a tie goes to the word ShipShape cares about. */
const CANDIDATES: readonly string[] = [...DOMAIN_VOCABULARY, ...COMMON_VOCABULARY].filter((w) => w.length >= 4);

// Chat repeats itself; remember answers, but never grow without bound.
const corrected = new Map<string, string | undefined>();
const MAX_REMEMBERED = 5_000;

/** The closest known word within the typo budget, or undefined. Deterministic on ties. */
export function correctWord(word: string): string | undefined {
  if (corrected.has(word)) return corrected.get(word);
  const answer = closestWord(word);
  if (corrected.size >= MAX_REMEMBERED) corrected.clear();
  corrected.set(word, answer);
  return answer;
}

function closestWord(word: string): string | undefined {
  const budget = typoBudget(word.length);
  if (budget === 0 || /\d/.test(word)) return undefined;
  let best: string | undefined;
  let bestDistance = budget + 1;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of CANDIDATES) {
    if (Math.abs(candidate.length - word.length) > budget) continue;
    // In a word of four letters one typo is a quarter of it: keep the first letter ("sing" is not "ping").
    if (word.length <= 4 && candidate[0] !== word[0]) continue;
    const d = editDistance(word, candidate, budget);
    if (d > budget) continue;
    // Prefer fewer edits, then a shared first letter (people rarely mistype the first one).
    const score = d * 10 + (candidate[0] === word[0] ? 0 : 5);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
      bestDistance = d;
    }
  }
  return bestDistance <= budget ? best : undefined;
}

/** True for words ShipShape would read as vocabulary (known, a plural of one, or a typo of one). */
export function isVocabularyWord(word: string): boolean {
  const w = word.toLowerCase();
  return isEnglishWord(w) || isEnglishWord(singular(w)) || correctWord(w) !== undefined;
}

function understand(surface: string, corrections: Correction[]): Token {
  if (surface === '+' || /^\d/.test(surface)) return { surface, word: surface, canonical: surface, known: true };
  let word: string | undefined;
  if (isKnownWord(surface)) word = surface;
  else if (isKnownWord(singular(surface))) word = singular(surface);
  // English ShipShape has no use for is left as typed, but it is a word, not a name.
  if (word === undefined && (isEnglishWord(surface) || isEnglishWord(singular(surface)))) return { surface, word: surface, canonical: surface, known: true };
  if (word === undefined) {
    const corrected = correctWord(surface) ?? correctWord(singular(surface));
    if (corrected === undefined) return { surface, word: surface, canonical: surface, known: false };
    corrections.push({ from: surface, to: corrected });
    word = corrected;
  }
  const canonical = SYNONYMS[word] ?? SYNONYMS[singular(word)] ?? word;
  return { surface, word, canonical, known: true };
}

/** Splits what is left of the question into understood words. */
export function tokenize(text: string): { tokens: Token[]; corrections: Correction[] } {
  let lower = text.toLowerCase().replace(/[’‘]/g, "'");
  for (const [pattern, replacement] of CONTRACTIONS) lower = lower.replace(pattern, replacement);
  lower = lower.replace(/\bpre[\s-]?prod(?:uction)?\b/g, 'preprod');
  const corrections: Correction[] = [];
  const surfaces = lower.match(/[a-z0-9]+|\+/g) ?? [];
  const tokens = surfaces.map((s) => understand(s, corrections));
  return { tokens, corrections };
}
