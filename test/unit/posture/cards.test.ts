import { describe, expect, test } from 'vitest';
import { walk } from '../cards/support/card-checks.js';
import { renderPages } from '../cards/support/render.js';
import { POSTURE_SCENARIOS } from './card-scenarios.js';

/**
 * The posture, compliance and assignments cards, rendered from the commands' real replies: what each must show beyond
 * the schema, house rules and golden files that test/unit/cards/cards.test.ts checks for every card.
 */
function pagesOf(name: string): Promise<Record<string, unknown>[]> {
  const make = POSTURE_SCENARIOS[name];
  if (!make) throw new Error(`no scenario ${name}`);
  return renderPages(make);
}

describe('posture, compliance and assignments cards', () => {
  // Schema, house rules and golden files: test/unit/cards/cards.test.ts, for every scenario.
  test('every resource on a card links to the Azure portal', async () => {
    for (const name of ['posture-summary', 'compliance-assignments', 'compliance-resources', 'assignments']) {
      const [card] = await pagesOf(name);
      const links = [...walk(card)].filter(({ node }) => typeof node.text === 'string' && /^\[[^\]]+\]\(/.test(node.text)).map(({ node }) => String(node.text));
      expect(links.length, name).toBeGreaterThan(0);
      for (const link of links) expect(link, name).toMatch(/\]\(https:\/\/portal\.azure\.com\/#@[0-9a-f-]+\/resource\/subscriptions\//);
    }
  });

  test('a long summary pages, worst registries first, the per-check counts on every page', async () => {
    const pages = await pagesOf('posture-summary-paged');
    expect(pages).toHaveLength(2);
    const names = pages.flatMap((p) => [...walk(p)].map(({ node }) => node.text).filter((t): t is string => typeof t === 'string' && t.startsWith('[contosofleet')));
    expect(names).toHaveLength(11);
    // Registries 001, 005 and 009 have both the admin user and anonymous pull on: they lead.
    expect(names.slice(0, 3).map((n) => n.slice(1, 16))).toEqual(['contosofleet001', 'contosofleet005', 'contosofleet009']);
    for (const page of pages) expect(JSON.stringify(page)).toContain('How many pass each check');
  });
});
