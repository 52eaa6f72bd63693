import { describe, expect, test } from 'vitest';
import { correctWord, editDistance, typoBudget } from '../../../../src/domain/language/index.js';
import { p } from './support.js';

describe('Damerau-Levenshtein distance', () => {
  test.for<[string, string, number]>([
    ['help', 'help', 0],
    ['hlep', 'help', 1],
    ['help', 'hel', 1],
    ['help', 'helps', 1],
    ['kitten', 'sitting', 3],
    ['critical', 'critcal', 1],
    ['critical', 'crtiical', 1],
    ['registry', 'regsitry', 1],
    ['', 'abc', 3],
    ['ca', 'abc', 3],
  ])('%s ↔ %s = %i', ([a, b, d]) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  test('gives up past the budget', () => {
    expect(editDistance('production', 'xyz', 2)).toBeGreaterThan(2);
  });

  test('budget grows with word length', () => {
    expect([3, 4, 7, 8, 12].map(typoBudget)).toEqual([0, 1, 1, 2, 2]);
  });
});

describe('typo correction', () => {
  test.for<[string, string]>([
    ['critcal', 'critical'],
    ['hlep', 'help'],
    ['pign', 'ping'],
    ['whomai', 'whoami'],
    ['registy', 'registry'],
    ['prodution', 'prod'],
    ['stagng', 'staging'],
    ['vulnerabilites', 'finding'],
    ['polcy', 'policy'],
    ['tset', 'test'],
    ['privte', 'private'],
  ])('%s is read as %s', ([typed, canonical]) => {
    const parsed = p(typed);
    expect(parsed.words).toEqual([canonical]);
    expect(parsed.corrections).toHaveLength(1);
    expect(parsed.corrections[0]?.from).toBe(typed);
  });

  test.for(['last', 'rest', 'best', 'text', 'contosoprod', 'abc', 'hi', 'payments'])('%s is left alone', (word) => {
    const parsed = p(word);
    expect(parsed.corrections).toEqual([]);
    expect(parsed.tokens[0]?.surface).toBe(word);
  });

  test('short words are never corrected, long ones take two edits', () => {
    expect(correctWord('hep')).toBeUndefined();
    // Six letters allow one edit; "critcl" is two away from "critical".
    expect(correctWord('critcl')).toBeUndefined();
    expect(correctWord('prodcutoin')).toBe('production');
  });
});

describe('Teams markup and punctuation', () => {
  test.for<[string, string[]]>([
    ['<at>ShipShape</at> help', ['help']],
    ['help <at>ShipShape</at>', ['help']],
    ['<at id="0">Ship Shape</at>&nbsp;whoami', ['whoami']],
    ['<p>ping</p>', ['ping']],
    ['  WHO   am I??? ', ['who', 'am', 'i']],
    ['what’s my access', ['what', 'is', 'my', 'access'].filter((w) => w !== 'is')],
    ['show me the registries.', ['show', 'me', 'the', 'registry']],
  ])('%s', ([text, words]) => {
    expect(p(text).words).toEqual(words);
  });

  test('the cleaned text keeps the case as typed', () => {
    expect(p('<at>ShipShape</at>  Registry ContosoProd').text).toBe('Registry ContosoProd');
  });
});
