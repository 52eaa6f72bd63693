import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { installationUpdate, TEAM } from '../../harness/activities.js';
import { readableText } from '../../harness/cards.js';
import { personas } from '../../harness/personas.js';
import { startAuthStack, type AuthStack } from './support/auth-stack.js';
import { signInWithSso } from './support/sign-in.js';

/**
 * The documented Azure deployment's defaults: no read-only digest identity (no DIGEST_CLIENT_ID) and
 * no DELEGATED_GRANT_KEY. A digest then reads as its subscriber, says so when it is set up, and when
 * it is due with the subscriber away it posts nothing in the channel; the subscriber's next message
 * tells them plainly that it did not go out and how to get it.
 */

let stack: AuthStack;
let today = Date.parse('2026-03-30T06:00:00Z');
const priya = personas.priya;

beforeAll(async () => {
  stack = await startAuthStack({ overrides: { digests: { now: () => new Date(today) } } });
  await signInWithSso(stack, priya);
  await stack.teams.post(installationUpdate(stack.context, { as: priya, in: 'channel' }));
}, 90_000);
afterAll(async () => {
  await stack?.close();
});

describe('digests with the deployment\'s defaults', () => {
  test('set up without saying whose view: it reads as the subscriber, and the answer says why and what happens while away', async () => {
    const reply = await stack.teams.say('send a daily digest here at 9:00 for prod', { as: priya, in: 'channel' });
    expect(reply.readable).toMatch(/ShipShape has no read-only identity of its own in this installation, so this digest reads with your own access/);
    expect(reply.readable).toMatch(/a digest due while you are away does not go out, and your next message tells you so/);
    const asBot = await stack.teams.say('send a daily digest here at 9:00 for staging as the bot', { as: priya, in: 'channel' });
    expect(asBot.readable).toMatch(/no read-only identity of its own for digests/);
    expect(asBot.readable).toMatch(/as me/);
  }, 60_000);

  test('due while the subscriber is away: nothing in the channel, and her next message says it did not go out', async () => {
    const app = stack.instances[0]?.app;
    const [sub] = (await app?.digests.service.list(TEAM.channel.id)) ?? [];
    expect(sub?.identity).toBe('user');
    const since = stack.connector.sent.length;
    today += 86_400_000;
    expect(await app?.digests.runner.runDue(sub?.id ?? '', sub?.nextRunAt ?? '')).toBe('failed');
    expect(stack.connector.sent.slice(since).filter((e) => e.conversationId.startsWith(TEAM.channel.id))).toEqual([]);

    const next = await stack.teams.say('whoami', { as: priya });
    const texts = next.messages.map((m) => readableText(m)).join(' | ');
    expect(texts).toMatch(/Your digest for prod in a channel \(due .+\) did not go out: this installation keeps no sign-in for digests read as you/);
    // Told once: the next message is answered alone.
    const after = await stack.teams.say('whoami', { as: priya });
    expect(after.messages.map((m) => readableText(m)).join(' | ')).not.toMatch(/did not go out/);
  }, 60_000);
});
