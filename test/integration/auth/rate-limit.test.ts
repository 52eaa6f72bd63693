import { describe, expect } from 'vitest';
import { message } from '../../harness/activities.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';

/**
 * Each person's commands are limited per minute (3 here, 30 by default): past it they get one
 * polite "slow down", further messages that minute are dropped unanswered, and other people are
 * answered as usual.
 */
const test = createBotTest({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
const SLOW_DOWN = /slow down/i;

describe('per-person rate limit', () => {
  test('a noisy person is told once to slow down; a colleague is unaffected', async ({ stack, say, teams }) => {
    for (let i = 0; i < 3; i++) expect((await say('ping', { as: personas.priya })).readable).toMatch(/pong/i);

    const before = stack.connector.sent.length;
    const limited = await teams.post(message(stack.context, { text: 'ping', as: personas.priya }));
    expect(limited.status).toBe(200);
    const notice = await stack.connector.waitFor((e) => SLOW_DOWN.test(String(e.activity.text ?? '')), { since: before, timeoutMs: 5_000 });
    expect(String(notice.activity.text)).toMatch(/3 requests a minute/);
    expect(String(notice.activity.text)).toMatch(/try again in \d+ seconds/i);

    const again = stack.connector.sent.length;
    expect((await teams.post(message(stack.context, { text: 'ping', as: personas.priya }))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Nothing at all for the second excess message: no typing, no answer, no second notice.
    expect(stack.connector.sent.slice(again)).toEqual([]);
    expect(stack.connector.sent.slice(before).filter((e) => /pong/i.test(JSON.stringify(e.activity)))).toEqual([]);

    const diego = await say('ping', { as: personas.diego });
    expect(diego.readable).toMatch(/pong/i);
    expect(diego.readable).not.toMatch(SLOW_DOWN);
  });

  test('a card click past the limit is answered with the notice and changes nothing', async ({ stack, say, click }) => {
    for (let i = 0; i < 3; i++) await say('ping', { as: personas.mei });
    const before = stack.connector.sent.length;
    const body = await click('page.more', { pageId: 'nothing' }, { as: personas.mei });
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(body.value)).toMatch(SLOW_DOWN);
    expect(stack.connector.sent.slice(before)).toEqual([]);
  });
});
