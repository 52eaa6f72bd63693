import { describe, expect, test } from 'vitest';
import { describeEntities, textSimilarity, wordSimilarity } from '../../../../src/domain/language/index.js';
import { p } from './support.js';

describe('what was understood, in words', () => {
  test.for<[string, string[]]>([
    ['critical and high findings in prod', ['Critical, High', 'prod']],
    ['registry contosoprod payments/api:1.4.2 CVE-2024-3094', ['registry contosoprod', 'payments/api:1.4.2', 'CVE-2024-3094']],
    ['exempt rg-x from admin user for 30 days because vendor fix', [
      'resource group rg-x',
      'policy “Container registries should have local admin account disabled”',
      'for 30 days',
      'reason “vendor fix”',
    ]],
    ['subscription Contoso Prod until 2025-07-01', ['subscription Contoso Prod', 'until 2025-07-01']],
    ['hello', []],
  ])('%s', ([text, parts]) => {
    expect(describeEntities(p(text).entities)).toEqual(parts);
  });
});

describe('similarity', () => {
  test('word overlap ignores order', () => {
    expect(wordSimilarity(['who', 'am', 'i'], ['i', 'am', 'who'])).toBe(1);
    expect(wordSimilarity(['ping'], ['help'])).toBe(0);
    expect(wordSimilarity([], ['help'])).toBe(0);
  });

  test('trigrams forgive typos and run-together words', () => {
    expect(textSimilarity('whoami', 'who am i')).toBeGreaterThan(textSimilarity('whoami', 'ping'));
    expect(textSimilarity('critcal findings', 'critical findings')).toBeGreaterThan(textSimilarity('critcal findings', 'are you there'));
  });
});
