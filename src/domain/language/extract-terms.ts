import { ENVIRONMENTS, type Environment } from '../environment.js';
import { severitiesAtOrAbove, sortSeverities, type Severity } from '../severity.js';
import type { Entities } from './parsed-text.js';
import type { Token } from './tokens.js';
import { singular } from './vocabulary.js';

/** Entities read from understood words: stages, severities, registries named in passing, numbers. */

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };
// "high and above", "high or higher", "high and up", "high or worse".
const OR_ABOVE = new Set(['above', 'higher', 'up', 'worse', 'more', 'greater', 'over']);
const ACR_NAME = /^[a-z][a-z0-9]{4,49}$/;

function at(tokens: readonly Token[], i: number): string {
  return tokens[i]?.canonical ?? '';
}

export function severitiesOf(tokens: readonly Token[]): Severity[] {
  const found: Severity[] = [];
  tokens.forEach((token, i) => {
    const severity = SEVERITY_WORDS[token.canonical];
    if (!severity) return;
    const orAbove =
      at(tokens, i + 1) === '+' ||
      (['and', 'or'].includes(at(tokens, i + 1)) && OR_ABOVE.has(at(tokens, i + 2))) ||
      (at(tokens, i - 2) === 'at' && at(tokens, i - 1) === 'least') ||
      at(tokens, i - 1) === 'minimum';
    if (orAbove) found.push(...severitiesAtOrAbove(severity));
    else if (at(tokens, i - 1) === 'above') found.push(...severitiesAtOrAbove(severity).filter((s) => s !== severity));
    else found.push(severity);
  });
  return sortSeverities(found);
}

export function environmentsOf(tokens: readonly Token[]): Environment[] {
  const found: Environment[] = [];
  for (const token of tokens) {
    const env = ENVIRONMENTS.find((e) => e === token.canonical);
    if (env && !found.includes(env)) found.push(env);
  }
  return found;
}

/**
 * A registry named in passing: "registry contosoprod", "the contosoprod registry", "in contosoprod".
 * Only words ShipShape does not know qualify, so "in prod" stays an environment; and only a singular
 * naming word introduces a name: "prod ACRs using private link" speaks of registries in general.
 */
export function registryOf(tokens: readonly Token[]): string | undefined {
  const isName = (t: Token | undefined): t is Token => t !== undefined && !t.known && ACR_NAME.test(t.surface);
  const namesOne = (t: Token | undefined): boolean => t?.canonical === 'registry' && singular(t.surface) === t.surface;
  for (let i = 0; i < tokens.length; i++) {
    if (!namesOne(tokens[i])) continue;
    const skip = ['named', 'called'].includes(tokens[i + 1]?.surface ?? '') ? 1 : 0;
    const after = tokens[i + 1 + skip];
    if (isName(after)) return after.surface;
    const before = tokens[i - 1];
    if (isName(before)) return before.surface;
  }
  for (let i = 0; i < tokens.length - 1; i++) {
    const next = tokens[i + 1];
    if (['in', 'on', 'from', 'at', 'for'].includes(tokens[i]?.surface ?? '') && isName(next)) return next.surface;
  }
  return undefined;
}

export function numbersOf(tokens: readonly Token[]): number[] {
  return tokens.filter((t) => /^\d+$/.test(t.surface)).map((t) => Number(t.surface));
}

/** Fills the word-based entities in place. */
export function extractTerms(tokens: readonly Token[], entities: Entities): void {
  entities.environments = environmentsOf(tokens);
  entities.severities = severitiesOf(tokens);
  entities.registry ??= registryOf(tokens);
  entities.numbers = numbersOf(tokens);
}
