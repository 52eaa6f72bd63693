import path from 'node:path';
import { describe, expect } from 'vitest';
import type { ApprovalRequest } from '../../../src/domain/approvals/index.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { RequestLog } from './support/azure.js';
import { approvalIdOf, executeActions, invokeCard, messageIdOf } from './support/cards.js';

/**
 * One request per change: asking again for a change already waiting shows the open request, and
 * "pending approvals" lists every open request with its own buttons.
 */
const requests = new RequestLog();
const test = createBotTest({ log: requests.log, env: { RATE_LIMIT_PER_MINUTE: '0' } });

describe('one request per change', () => {
  test('the same change asked twice, by two people, is one request; approving it runs it once', async ({ say, click, stack }) => {
    const first = await say('assign the ACR private-link policy to rg-shared-tools because private by Q3', { as: personas.diego, in: 'groupChat' });
    const second = await say('assign the ACR private-link policy to rg-shared-tools because we need it too', { as: personas.mei, in: 'groupChat' });
    const id = approvalIdOf(first.card);
    expect(approvalIdOf(second.card)).toBe(id);
    expect(second.readable).toMatch(/Diego Alvarez already asked for exactly this change at .* and it is still open, so this is that request, not a second one/);

    // The request knows its environment (from the subscription's tags), so only dev digests list it.
    const db = new SqliteStore(path.join(stack.workdir, 'data', 'shipshape.db'));
    try {
      expect((await db.get<ApprovalRequest>('approvals', id))?.value.environments).toEqual(['dev']);
    } finally {
      await db.close();
    }

    const pending = await say('pending approvals', { as: personas.priya, in: 'groupChat' });
    expect(executeActions(pending.card?.actions).filter((a) => a.verb === 'approval.approve').map((a) => a.data.approvalId)).toEqual([id]);

    const before = requests.count('PUT', '/policyAssignments/');
    await click('approval.approve', { approvalId: id }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(first) });
    expect(requests.count('PUT', '/policyAssignments/') - before).toBe(1);
    // Once made, the request is settled: a late click on the second card runs nothing.
    const late = await click('approval.approve', { approvalId: id }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(second) });
    expect(JSON.stringify(invokeCard(late))).toMatch(/already settled; nothing was run again/);
    expect(requests.count('PUT', '/policyAssignments/') - before).toBe(1);
  });

  test('"pending approvals" with three open requests shows three entries, each with its own Approve and Reject', async ({ say, click, stack }) => {
    const replies = [
      await say('assign the CMK policy to rg-dev-sandbox because keys are ours', { as: personas.diego, in: 'channel' }),
      await say('assign the anonymous pull policy to rg-dev-sandbox because sign in to pull', { as: personas.diego, in: 'channel' }),
      await say('assign the admin user policy to rg-dev-sandbox because no shared logins', { as: personas.diego, in: 'channel' }),
    ];
    const asked = replies.map((r) => approvalIdOf(r.card));
    const pending = await say('pending approvals', { as: personas.priya, in: 'channel' });
    const buttons = executeActions(pending.card);
    const approveIds = buttons.filter((a) => a.verb === 'approval.approve').map((a) => a.data.approvalId);
    const rejectIds = buttons.filter((a) => a.verb === 'approval.reject').map((a) => a.data.approvalId);
    expect(new Set(approveIds)).toEqual(new Set(asked));
    expect(new Set(rejectIds)).toEqual(new Set(asked));
    expect(pending.readable).toMatch(/3 open in this conversation/);

    // A button on the list acts on that request.
    const body = await click('approval.reject', { approvalId: asked[1] as string }, { as: personas.priya, in: 'channel', replyToId: messageIdOf(pending) });
    expect(JSON.stringify(invokeCard(body))).toMatch(/Rejected by Priya Raman/);
    const after = await say('pending approvals', { as: personas.priya, in: 'channel' });
    expect(executeActions(after.card).filter((a) => a.verb === 'approval.approve')).toHaveLength(2);

    // Approved from the list: the request's own card, posted earlier, shows the outcome for everyone.
    const card = messageIdOf(replies[0] as Parameters<typeof messageIdOf>[0]);
    await click('approval.approve', { approvalId: asked[0] as string }, { as: personas.priya, in: 'channel', replyToId: messageIdOf(after) });
    const until = Date.now() + 10_000;
    let shown = '';
    while (Date.now() < until && !/Done: approved by Priya Raman/.test(shown)) {
      await new Promise((r) => setTimeout(r, 200));
      const update = stack.connector.sent.filter((e) => e.kind === 'update' && e.activityId === card).at(-1);
      shown = update ? JSON.stringify(update.activity) : '';
    }
    expect(shown).toMatch(/Done: approved by Priya Raman/);
  });
});
