import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createPageStore, renderMore, renderReply } from '../../../src/bot/cards/index.js';
import { cardSchemaValidator, FIXTURES, houseRuleProblems, walk } from '../cards/support/card-checks.js';
import { MemoryStore } from '../cards/support/memory-store.js';
import { POSTURE_SCENARIOS, POSTURE_VERBS } from './card-scenarios.js';

/**
 * The posture, compliance and assignments cards, rendered from the commands' real replies: the
 * Adaptive Card 1.5 schema, the house rules and a golden file per page (UPDATE_GOLDEN=1 rewrites them).
 */

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const KNOWN_VERBS: ReadonlySet<string> = new Set(['help.try', 'page.more', ...POSTURE_VERBS]);

async function pagesOf(name: string): Promise<Record<string, unknown>[]> {
  const make = POSTURE_SCENARIOS[name];
  if (!make) throw new Error(`no scenario ${name}`);
  let n = 0;
  const options = { pageStore: createPageStore(new MemoryStore(), undefined, { newId: () => `page-${++n}` }), conversationId: 'conv-golden' };
  const pages = [await renderReply(await make(), options)];
  for (let id = n; id > 0 && pages.length < 10; id = n > id ? n : 0) pages.push(await renderMore(`page-${id}`, options));
  return pages.map((p) => p.content);
}

function compareGolden(file: string, card: unknown): void {
  const actual = `${JSON.stringify(card, null, 2)}\n`;
  if (UPDATE) {
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${path.basename(file)} is missing; run with UPDATE_GOLDEN=1 to create it`).toBe(true);
  expect(actual, `${path.basename(file)} drifted; run with UPDATE_GOLDEN=1 if the change is intended`).toBe(readFileSync(file, 'utf8'));
}

describe('posture, compliance and assignments cards', () => {
  test.for(Object.keys(POSTURE_SCENARIOS))('%s', async (name) => {
    const pages = await pagesOf(name);
    pages.forEach((card, i) => {
      const validate = cardSchemaValidator();
      expect(validate(card), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
      expect(houseRuleProblems(card, KNOWN_VERBS)).toEqual([]);
      const body = card.body as Array<{ style?: string; isSubtle?: boolean }>;
      expect(body[0]?.style).toBe('heading');
      expect(body[1]?.isSubtle).toBe(true);
      compareGolden(path.join(FIXTURES, 'cards', `${name}${pages.length > 1 ? `.page${i + 1}` : ''}.golden.json`), card);
    });
  });

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
