import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { installationUpdate, TEAM } from '../../harness/activities.js';
import { readableText } from '../../harness/cards.js';
import type { SentEntry } from '../../harness/connector.js';
import { personas } from '../../harness/personas.js';
import { NAMESPACES } from '../../../src/store/namespaces.js';
import type { DigestSubscription } from '../../../src/domain/digest/types.js';
import { startAuthStack, type AuthStack } from './support/auth-stack.js';
import { exchangeSso, oauthCardOf, signInWithSso, type OAuthCardContent } from './support/sign-in.js';

/**
 * Delegated work outside a turn, as deployed: Teams SSO through the token service, production
 * configuration, two instances on one store. A scheduled digest read "as" its subscriber runs on
 * the instance that finds it due, long after the subscriber's turn: with the renewable grant they
 * left, or it waits and asks them on their next message; no channel ever gets a sign-in card.
 */

let stack: AuthStack;
/** The digests' clock: each run happens a day after the last, as scheduled ones do. */
let today = Date.parse('2026-03-30T06:00:00Z');
const priya = personas.priya;
const diego = personas.diego;

beforeAll(async () => {
  stack = await startAuthStack({
    instances: 2,
    env: { DELEGATED_GRANT_KEY: randomBytes(32).toString('base64') },
    overrides: { digests: { now: () => new Date(today) } },
  });
  await signInWithSso(stack, priya);
  await signInWithSso(stack, diego);
  expect((await stack.teams.post(installationUpdate(stack.context, { as: priya, in: 'channel' }))).status).toBeLessThan(300);
}, 90_000);
afterAll(async () => {
  await stack?.close();
});

const channelEntries = (since: number): SentEntry[] => stack.connector.sent.slice(since).filter((e) => e.conversationId.startsWith(TEAM.channel.id));

async function subscription(): Promise<DigestSubscription> {
  const [sub] = await (stack.instances[1]?.app.digests.service.list(TEAM.channel.id) ?? []);
  if (!sub) throw new Error('no digest in the channel');
  return sub;
}

/** What the scheduler does when the digest is due, on the other instance and outside any turn. */
async function runDueElsewhere(): Promise<string> {
  const sub = await subscription();
  today += 86_400_000;
  return (stack.instances[1]?.app.digests.runner.runDue(sub.id, sub.nextRunAt) ?? Promise.reject(new Error('no second instance'))) as Promise<string>;
}

describe('a scheduled digest "as me" on the token-service path', () => {
  test('subscribing leaves a renewable grant, sealed in the shared store', async () => {
    const reply = await stack.teams.say('send a daily digest here at 9:00 for prod as me', { as: priya, in: 'channel' });
    expect(reply.readable).toMatch(/Subscribed: a digest for prod/);
    expect(reply.readable).toMatch(/renewable sign-in you leave for it/);
    const stored = await stack.instances[0]?.app.store.get<{ owner: { oid: string }; sealed: string }>(NAMESPACES.delegatedGrants, `digest:${priya.aadObjectId}`);
    expect(stored?.value.owner.oid).toBe(priya.aadObjectId);
    expect(stored?.value.sealed).toMatch(/^v1\./);
    // No token in the clear: neither a JWT nor anything the emulator issued.
    expect(JSON.stringify(stored?.value)).not.toMatch(/eyJ/);
  }, 60_000);

  test('it posts on another instance, outside any turn, read with the subscriber\'s own access', async () => {
    const since = stack.connector.sent.length;
    const tokenCalls = stack.emulatorLog.filter((l) => l.includes('/oauth2/v2.0/token')).length;
    expect(await runDueElsewhere()).toBe('sent');
    const posted = channelEntries(since).map((e) => readableText(e.activity));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatch(/^Security digest/);
    expect(posted[0]).toContain(`read with ${priya.name}'s own access`);
    expect(posted[0]).not.toMatch(/could not be read|sign in/i);
    expect(stack.emulatorLog.filter((l) => l.includes('/oauth2/v2.0/token')).length, 'the grant was redeemed with Entra').toBeGreaterThan(tokenCalls);
  }, 60_000);

  test('"digest now" by someone else is refused before anything is read as the subscriber', async () => {
    const since = stack.emulatorLog.length;
    const reply = await stack.teams.say('digest now', { as: diego, in: 'channel' });
    expect(reply.readable).toMatch(new RegExp(`only ${priya.name} can ask for it now`));
    expect(stack.emulatorLog.slice(since).filter((l) => /^(GET|POST) \/(subscriptions|providers)/i.test(l))).toEqual([]);
    const mine = await stack.teams.say('digest now', { as: priya, in: 'channel' });
    expect(mine.readable).toMatch(/^Security digest/);
  }, 60_000);

  test('after sign-out the digest waits: nothing in the channel, and its subscriber is asked on their next message', async () => {
    const out = await stack.teams.say('sign out', { as: priya });
    expect(out.readable).toMatch(/signed out/i);
    expect(await stack.instances[0]?.app.store.get(NAMESPACES.delegatedGrants, `digest:${priya.aadObjectId}`), 'sign-out ends the grant').toBeUndefined();

    const since = stack.connector.sent.length;
    expect(await runDueElsewhere()).toBe('failed');
    expect(channelEntries(since), 'no card of any kind in the channel').toEqual([]);
    expect((await subscription()).lastRun?.detail).toMatch(new RegExp(`waiting for ${priya.name} to sign in again`));

    // Her next message, anywhere: its answer (a sign-in card), then the digest's own question.
    const next = await stack.teams.say('whoami', { as: priya });
    const texts = next.messages.map((m) => readableText(m));
    expect(texts.some((t) => /your digest for prod in a channel \(due .+\) needs you to sign in again/i.test(t)), texts.join(' | ')).toBe(true);
    const card = next.messages.map((m) => oauthCardOf(m)).find((c) => c !== undefined) as OAuthCardContent;
    expect(card).toBeDefined();

    // She signs in; her next message leaves a new grant, and the next digest posts again.
    const exchanged = await exchangeSso(stack, priya, card);
    expect(exchanged.status).toBe(200);
    const after = await stack.teams.say('whoami', { as: priya });
    expect(after.messages.map((m) => readableText(m)).join(' | ')).toMatch(/You are signed in now, so the next ones will/);
    const again = stack.connector.sent.length;
    expect(await runDueElsewhere()).toBe('sent');
    expect(channelEntries(again).map((e) => readableText(e.activity))[0]).toMatch(/^Security digest/);
  }, 90_000);
});
