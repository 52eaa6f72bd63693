import { describe, expect, test } from 'vitest';
import { environmentLimits, withLimits } from '../../../src/commands/scope-limits.js';
import type { CardReply, TextReply } from '../../../src/commands/types.js';

/** What an answer leaves out goes first, in text and on cards, and only when something is left out. */
describe('withLimits', () => {
  const subs = [{ name: 'Fabrikam Dev', environment: 'dev' as const }, { name: 'Sandbox', environment: undefined }];

  test('a reader of no prod subscription is told so; one who reads prod is not', () => {
    expect(environmentLimits(subs, ['prod'])).toEqual([
      'You can read no prod subscription (Fabrikam Dev is dev, Sandbox has no environment tag): this covers only prod-tagged resources inside them. Prod subscriptions you cannot read, if there are any, are not included.',
    ]);
    expect(environmentLimits([...subs, { name: 'Fabrikam Prod', environment: 'prod' }], ['prod'])).toEqual([]);
    expect(environmentLimits(subs, [])).toEqual([]);
  });

  test('a text answer opens with it', () => {
    const reply: TextReply = { kind: 'text', text: 'No registries tagged prod.' };
    expect(withLimits(reply, ['Left out: X.']).text).toBe('Left out: X.\n\nNo registries tagged prod.');
    expect(withLimits(reply, [])).toBe(reply);
  });

  test('a card gets it first in its warning block and in its preview; a gap the card already names is not said twice', () => {
    const card: CardReply = { kind: 'card', template: 'findings', data: { limited: true, limits: ['You can read only some resource groups of Sub A (rg-1): this covers those.'] }, summary: 'Findings' };
    expect(withLimits(card, ['You can read only some resource groups of Sub A: this covers those.'])).toBe(card);
    const out = withLimits(card, ['Left out: X.', undefined, '']);
    expect(out.data.limits).toEqual(['Left out: X.', 'You can read only some resource groups of Sub A (rg-1): this covers those.']);
    expect(out.data.limited).toBe(true);
    expect(out.summary).toBe('Left out: X. Findings');
  });
});
