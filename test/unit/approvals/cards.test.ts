import { describe, expect, test } from 'vitest';
import { walk } from '../cards/support/card-checks.js';
import { renderPages } from '../cards/support/render.js';
import { APPROVAL_SCENARIOS } from './support/card-scenarios.js';

/**
 * The approval, choice and audit cards, rendered from real replies: what each must show beyond
 * the schema, house rules and golden files that test/unit/cards/cards.test.ts checks for every card.
 */

function pagesOf(name: string): Promise<Record<string, unknown>[]> {
  const make = APPROVAL_SCENARIOS[name];
  if (!make) throw new Error(`no scenario ${name}`);
  return renderPages(make);
}

function actionsOf(card: Record<string, unknown>): { type: string; verb?: string; data?: Record<string, unknown>; title?: string }[] {
  return (card.actions ?? []) as { type: string; verb?: string; data?: Record<string, unknown>; title?: string }[];
}

describe('approval and audit cards', () => {
  // Schema, house rules and golden files: test/unit/cards/cards.test.ts, for every scenario.
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
