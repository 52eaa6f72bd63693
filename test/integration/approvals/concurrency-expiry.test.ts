import { afterEach, describe, expect, vi } from 'vitest';
import { readableText } from '../../harness/cards.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { assignmentsAt, policyClientOf, RequestLog, SUB } from './support/azure.js';
import { approvalIdOf, executeActions, invokeCard, messageIdOf } from './support/cards.js';

/**
 * Exactly one execution however many clicks arrive at once, and no execution at all once a request
 * has expired (with the clock moved, not waited for).
 */
const requests = new RequestLog();
// Clicks wait for their change here (this file counts writes, not answer times).
// Fifty clicks from one person would trip the per-person rate limit, which is not what this file tests.
// Requests expire after 30 minutes here (configured), so that moving the clock past expiry stays
// within the lifetime of the sign-in tokens the emulator issued; the 24 h default is unit-tested.
const test = createBotTest({ log: requests.log, env: { RATE_LIMIT_PER_MINUTE: '0', APPROVAL_EXPIRY_HOURS: '0.5', APPROVAL_ANSWER_WITHIN_MS: '10000' } });
const ADMIN_AUDIT = '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2';

function textOf(body: { value?: unknown }): string {
  return readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('fifty people pressing Approve at once', () => {
  test('give exactly one PUT, and every one of them sees a consistent answer', async ({ say, teams, stack }) => {
    const reply = await say('assign the admin user policy to rg-shared-tools with effect Deny because shared tools must not use admin logins', { as: personas.diego, in: 'groupChat' });
    const approvalId = approvalIdOf(reply.card);
    const replyToId = messageIdOf(reply);
    expect(reply.readable).toContain('effect = Deny');
    const before = requests.count('PUT', '/policyAssignments/');

    const clicks = await Promise.all(
      Array.from({ length: 50 }, () => teams.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId })),
    );

    expect(requests.count('PUT', '/policyAssignments/') - before).toBe(1);
    const texts = clicks.map(textOf);
    for (const text of texts) expect(text).toMatch(/Done: approved by Priya Raman|Priya Raman is approving this right now/);
    expect(texts.filter((t) => /Policy assigned\./.test(t) && !/already settled/.test(t))).toHaveLength(1);
    const client = await policyClientOf(stack.emulator, personas.priya, SUB.dev);
    const made = (await assignmentsAt(client, 'rg-shared-tools')).filter((a) => a.policyDefinitionId?.toLowerCase() === ADMIN_AUDIT.toLowerCase());
    expect(made).toHaveLength(1);
    expect(made[0]?.parameters).toEqual({ effect: { value: 'Deny' } });
  });
});

describe('a request nobody approved in time', () => {
  // Clocks only move forward in this file: tokens issued in the future are not valid in the past.
  test('five minutes before expiry the click still runs', async ({ say, click }) => {
    const reply = await say('assign the CMK policy to rg-shared-tools because encryption review', { as: personas.diego, in: 'groupChat' });
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 25 * 60_000);
    const body = await click('approval.approve', { approvalId: approvalIdOf(reply.card) }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(reply) });
    expect(textOf(body)).toMatch(/Done: approved by Priya Raman/);
  });

  test('expires after the configured time: a late click says so, and nothing reaches Azure', async ({ say, click, stack }) => {
    const reply = await say('assign the CMK policy to rg-dev-sandbox because encryption review', { as: personas.diego, in: 'groupChat' });
    const approvalId = approvalIdOf(reply.card);
    const replyToId = messageIdOf(reply);
    const before = requests.count('PUT', '/policyAssignments/');

    // Only Date moves: servers, sockets and timers keep real time.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 35 * 60_000);
    const body = await click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId });

    const text = textOf(body);
    expect(text).toMatch(/Too late: this request expired, so nothing was changed/);
    expect(text).toMatch(/Expired at .* without a decision/);
    expect(executeActions(invokeCard(body).actions).map((a) => a.verb)).not.toContain('approval.approve');
    expect(requests.count('PUT', '/policyAssignments/')).toBe(before);
    // Everyone sees it expired, not just the late clicker.
    const update = stack.connector.sent.filter((e) => e.kind === 'update' && e.activityId === replyToId).at(-1);
    expect(update && readableText(update.activity)).toMatch(/Expired at/);

    const trail = await say('audit log for rg-dev-sandbox', { as: personas.priya, in: 'groupChat' });
    expect(trail.readable).toContain('Expired');
  });
});

describe('a click without the right, then at once a valid one', () => {
  test('the first is refused before it claims anything, and the change runs on the second', async ({ say, teams }) => {
    const reply = await say('assign the CMK policy to rg-dev-sandbox because the valid click wins', { as: personas.diego, in: 'groupChat' });
    const approvalId = approvalIdOf(reply.card);
    const replyToId = messageIdOf(reply);
    const before = requests.count('PUT', '/policyAssignments/');
    const sam = teams.click('approval.approve', { approvalId }, { as: personas.sam, in: 'groupChat', replyToId });
    // Sam's click is in flight first; Priya's follows while it is still being handled.
    await new Promise((r) => setTimeout(r, 20));
    const priya = teams.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId });
    const [refused, ran] = await Promise.all([sam, priya]);
    expect(textOf(refused)).toMatch(/Sam Okafor does not hold Microsoft\.Authorization\/policyAssignments\/write/);
    expect(textOf(refused)).not.toMatch(/is approving this right now/);
    expect(textOf(ran)).toMatch(/Done: approved by Priya Raman/);
    expect(requests.count('PUT', '/policyAssignments/') - before).toBe(1);
  });
});
