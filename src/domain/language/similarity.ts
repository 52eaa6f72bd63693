/**
 * How alike two phrasings are, for "did you mean" suggestions: the better of word overlap (robust to
 * word order) and letter-trigram overlap (robust to typos and run-together words).
 */
function dice<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

function trigrams(text: string): Set<string> {
  const s = ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= s.length; i++) grams.add(s.slice(i, i + 3));
  return grams;
}

export function wordSimilarity(a: readonly string[], b: readonly string[]): number {
  return dice(new Set(a), new Set(b));
}

export function textSimilarity(a: string, b: string): number {
  return dice(trigrams(a), trigrams(b));
}
