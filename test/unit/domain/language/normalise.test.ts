import { describe, expect, test } from 'vitest';
import { p } from './support.js';

/** What Word, Outlook, phones and Teams make of what people type must read like what they meant. */
describe('text as editors and Teams deliver it', () => {
  test.for<[string, string]>([
    ['which images have CVE\u20102024\u20103094', 'CVE-2024-3094'],
    ['which images have CVE\u20112024\u20113094', 'CVE-2024-3094'],
    ['which images have CVE\u20132024\u20143094', 'CVE-2024-3094'],
    ['which images have CVE\u22122024\u22123094', 'CVE-2024-3094'],
    ['which images have ＣＶＥ－２０２４－３０９４', 'CVE-2024-3094'],
    ['which images have CVE-2024-\u200b3094', 'CVE-2024-3094'],
    ['which images have CVE&#8209;2024&#x2011;3094', 'CVE-2024-3094'],
    ['which images have CVE&ndash;2024&ndash;3094', 'CVE-2024-3094'],
    ['<p>which images have <b>CVE-2024-3094</b></p>', 'CVE-2024-3094'],
  ])('%s', ([text, cve]) => {
    expect(p(text).entities.cves).toEqual([cve]);
  });

  test('non-breaking, narrow and ideographic spaces separate words', () => {
    expect(p('critical\u00a0findings\u202fin\u3000prod').words).toEqual(['critical', 'finding', 'in', 'prod']);
  });

  test('zero-width characters inside a word keep it whole', () => {
    expect(p('crit\u200bical in pr\u2060od').entities).toMatchObject({ severities: ['Critical'], environments: ['prod'] });
  });

  test('smart quotes around a reason and inside contractions', () => {
    expect(p('exempt rg-x because «vendor fix lands Friday»').entities.reason).toBe('vendor fix lands Friday');
    expect(p('what\u2019s wrong with payments/api:1.4.2').words).toContain('wrong');
    expect(p('it doesn´t work').words).toEqual(['it', 'does', 'not', 'work']);
  });

  test('HTML entities and tags from Teams', () => {
    const parsed = p('<div><at>ShipShape</at>&nbsp;critical findings in <i>prod</i> &amp; staging</div>');
    expect(parsed.text).toBe('critical findings in prod & staging');
    expect(parsed.entities.environments).toEqual(['prod', 'staging']);
  });

  test('entities naming control characters never reach the text', () => {
    expect(p('help&#0;&#7;&#x1b;').text).toBe('help');
  });
});

describe('typos in verbs are corrected like nouns', () => {
  test.for<[string, string]>([
    ['shwo criticals', 'show'],
    ['approv request 12', 'approve'],
    ['whats runnin payments/api:1.4.2', 'running'],
    ['dissable the admin user', 'disable'],
    ['unsubscirbe', 'unsubscribe'],
  ])('%s → %s', ([text, word]) => {
    expect(p(text).tokens.map((t) => t.word)).toContain(word);
  });
});
