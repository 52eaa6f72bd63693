import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createPageStore, renderMore, renderReply } from '../../../src/bot/cards/index.js';
import { cardSchemaValidator, FIXTURES, houseRuleProblems, walk } from '../cards/support/card-checks.js';
import { MemoryStore } from '../cards/support/memory-store.js';
import { APPROVAL_SCENARIOS, APPROVAL_VERBS } from './support/card-scenarios.js';

/**
 * The approval, choice and audit cards, rendered from real replies: the Adaptive Card 1.5 schema,
 * the house rules and a golden file per page (UPDATE_GOLDEN=1 rewrites them).
 */
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const KNOWN_VERBS: ReadonlySet<string> = new Set(['help.try', 'page.more', ...APPROVAL_VERBS]);

async function pagesOf(name: string): Promise<Record<string, unknown>[]> {
  const make = APPROVAL_SCENARIOS[name];
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

function actionsOf(card: Record<string, unknown>): { type: string; verb?: string; data?: Record<string, unknown>; title?: string }[] {
  return (card.actions ?? []) as { type: string; verb?: string; data?: Record<string, unknown>; title?: string }[];
}

describe('approval and audit cards', () => {
  test.for(Object.keys(APPROVAL_SCENARIOS))('%s', async (name) => {
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

  test('an open request has Approve and Reject carrying only its id, and refreshes itself for the people involved', async () => {
    const [card] = await pagesOf('approval-requested');
    if (!card) throw new Error('no card');
    const buttons = actionsOf(card).filter((a) => a.type === 'Action.Execute');
    expect(buttons.map((b) => [b.title, b.verb, b.data])).toEqual([
      ['Approve', 'approval.approve', { approvalId: 'approval-0001' }],
      ['Reject', 'approval.reject', { approvalId: 'approval-0001' }],
    ]);
    expect(card.refresh).toEqual(expect.objectContaining({ userIds: ['29:diego'], action: expect.objectContaining({ verb: 'approval.refresh', data: { approvalId: 'approval-0001' } }) }));
  });

  test('a settled request has no buttons left and no refresh; it shows who, when, the resource and the correlation id', async () => {
    const [card] = await pagesOf('approval-succeeded');
    if (!card) throw new Error('no card');
    expect(actionsOf(card).filter((a) => a.type === 'Action.Execute')).toEqual([]);
    expect(card.refresh).toBeUndefined();
    const text = JSON.stringify(card);
    expect(text).toContain('Done: approved by Priya Raman at 2025-06-15 10:15 UTC');
    expect(text).toContain('corr-2');
    expect(text).toContain('Sam Okafor lacks Microsoft.Authorization/policyAssignments/write');
    expect(text).not.toContain('Still open');
    // The resource links to the portal in the approver's tenant.
    expect(actionsOf(card).find((a) => a.type === 'Action.OpenUrl')).toMatchObject({ title: 'Open the result in the Azure portal' });
  });

  test('the audit log pages, newest first', async () => {
    const pages = await pagesOf('audit-log-paged');
    expect(pages).toHaveLength(2);
    const whens = pages.flatMap((p) => [...walk(p)].map(({ node }) => node.text).filter((t): t is string => typeof t === 'string' && / UTC$/.test(t)));
    expect(whens).toHaveLength(14);
    expect([...whens].sort().reverse()).toEqual(whens);
  });
});
