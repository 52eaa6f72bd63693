import { editDistance, typoBudget } from './edit-distance.js';

/** How a typed word relates to the names a person can read. */
export type NameMatch =
  | { kind: 'exact'; name: string }
  /** Within the typo budget of one name: read as that name. */
  | { kind: 'typo'; name: string }
  /** Close to some names, but too far to assume: worth a "did you mean". */
  | { kind: 'near'; names: string[] }
  | { kind: 'none' };

/**
 * Matches a word against names (registries, repositories, resource groups), case-insensitively,
 * allowing the same typos as vocabulary words. Ties go to the name listed first, so the answer never
 * depends on chance.
 */
export function matchName(word: string, names: readonly string[]): NameMatch {
  const wanted = word.toLowerCase();
  const exact = names.find((n) => n.toLowerCase() === wanted);
  if (exact !== undefined) return { kind: 'exact', name: exact };
  const scored = names
    .map((name, i) => ({ name, i, d: editDistance(wanted, name.toLowerCase(), 3) }))
    .filter((x) => x.d <= 3)
    .sort((a, b) => a.d - b.d || a.i - b.i);
  const best = scored[0];
  if (best && best.d <= typoBudget(wanted.length) && scored.filter((x) => x.d === best.d).length === 1) return { kind: 'typo', name: best.name };
  return scored.length > 0 ? { kind: 'near', names: scored.slice(0, 3).map((x) => x.name) } : { kind: 'none' };
}
