import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { commands, createCommandRouter } from '../../../src/commands/index.js';
import type { CardReply, CommandContext, ConversationInfo } from '../../../src/commands/types.js';
import type { WhoAmI } from '../../../src/domain/identity.js';
import { parse } from '../../../src/domain/language/index.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { finding, observation } from './support/fakes.js';
import { addConversation, instance, PRIYA, TENANT, type Instance } from './support/runtime.js';

const CHANNEL = '19:ops@thread.tacv2';
const NOW = new Date('2026-03-30T10:00:00Z');

function whoami(envs: string[]): WhoAmI {
  return {
    objectId: PRIYA.aadObjectId, displayName: PRIYA.name, tenantId: TENANT, roleAssignments: [],
    subscriptions: envs.map((env, i) => ({ id: `sub-${i}`, displayName: `Contoso ${env}`, tags: { env } })),
  };
}

let store: SqliteStore;
let a: Instance;
beforeEach(async () => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  store = new SqliteStore(':memory:');
  a = instance(store);
  await addConversation(store, CHANNEL);
});
afterEach(async () => {
  await a.queue.close();
  await store.close();
  vi.useRealTimers();
});

function ctx(readable: string[] = ['prod', 'staging', 'dev'], conversation: Partial<ConversationInfo> = {}): CommandContext {
  return {
    user: PRIYA,
    conversation: { id: `${CHANNEL};messageid=1711792800000`, type: 'channel', tenantId: TENANT, ...conversation },
    services: { access: { whoami: async () => whoami(readable) }, digests: a.service },
    now: () => NOW,
    botVersion: 'test',
  };
}

const router = createCommandRouter(commands);
const say = async (text: string, c = ctx()) => (await router.handleText(text, c)) as CardReply;

describe('digest phrasings reach the digest commands', () => {
  test.for<[string, string]>([
    ['send a daily digest here at 9:00 for prod', 'digest-subscribe'],
    ['weekly on Monday 8:00 Europe/Paris', 'digest-subscribe'],
    ['subscribe this channel to the weekly digest', 'digest-subscribe'],
    ['every weekday at 7:30am send the staging digest', 'digest-subscribe'],
    ['digest now', 'digest-now'],
    ['send the digest now', 'digest-now'],
    ['show digest settings', 'digest-settings'],
    ['which digests are set up here', 'digest-settings'],
    ['unsubscribe', 'digest-unsubscribe'],
    ['stop the digest', 'digest-unsubscribe'],
    ['stop the prod digest', 'digest-unsubscribe'],
  ])('“%s” → %s', ([text, name]) => {
    const parsed = parse(text, { now: NOW });
    const scores = commands.map((c) => ({ name: c.name, score: c.match(parsed) })).sort((x, y) => y.score - x.score);
    expect(scores[0]?.name).toBe(name);
    expect(scores[0]?.score).toBeGreaterThanOrEqual(0.5);
  });

  test.for(['which subscriptions can i read', 'stale images in prod', 'images with digest sha256:d33b0af8'])('“%s” is not a digest command', (text) => {
    const parsed = parse(text, { now: NOW });
    for (const name of ['digest-subscribe', 'digest-now', 'digest-settings', 'digest-unsubscribe']) {
      expect(commands.find((c) => c.name === name)?.match(parsed), name).toBeLessThan(0.5);
    }
  });
});

describe('subscribing, settings, digest now, unsubscribing', () => {
  test('subscribe in a channel: the digest goes to the channel (not the thread), at 09:00 in the time zone said', async () => {
    const reply = await say('send a daily digest here at 9:00 for prod Europe/Paris');
    expect(reply.template).toBe('digest-settings');
    expect(reply.data.headline).toMatch(/^Subscribed: a digest for prod, daily at 09:00 \(Europe\/Paris\)/);
    const [sub] = await a.repository.byConversation(CHANNEL);
    expect(sub).toMatchObject({ conversationKey: CHANNEL, environment: 'prod', identity: 'app', nextRunAt: '2026-03-31T07:00:00.000Z' });
  });

  test('without a zone the subscriber’s Teams time zone is used, else UTC', async () => {
    await say('daily digest at 9:00 for staging');
    expect((await a.repository.byConversation(CHANNEL))[0]?.schedule.timeZone).toBe('UTC');
    await a.service.unsubscribe(CHANNEL);
    await new (await import('../../../src/schedule/user-preferences.js')).UserPreferences(store).rememberTimeZone(PRIYA, 'America/New_York');
    await say('daily digest at 9:00 for staging');
    expect((await a.repository.byConversation(CHANNEL))[0]).toMatchObject({ schedule: { timeZone: 'America/New_York' }, nextRunAt: '2026-03-30T13:00:00.000Z' });
  });

  test('a schedule without an environment changes the conversation’s only digest', async () => {
    await say('send a daily digest here at 9:00 for prod');
    const reply = await say('weekly on Monday 8:00 Europe/Paris');
    expect(reply.data.headline).toMatch(/^Updated: the digest for prod, Mondays at 08:00 \(Europe\/Paris\)/);
    expect(await a.repository.byConversation(CHANNEL)).toHaveLength(1);
  });

  test.for<[string, RegExp, RegExp]>([
    ['daily digest at 25:00 for prod', /not a time of day/, /send a daily digest here at 9:00 for prod/],
    ['weekly digest on Monday 8:00 Europe/Pariss', /Did you mean Europe\/Paris/, /weekly on Monday 8:00 Europe\/Paris/],
    ['digest cron * * * * * UTC', /more often than hourly/, /For example/],
    ['subscribe', /When should the digest go out/, /daily digest here at 9:00/],
    ['daily digest at 9:00 for prod and staging', /One digest covers one environment/, /for all environments/],
  ])('“%s” gets a clear error with examples', async ([text, message, hint]) => {
    const error = await router.handleText(text, ctx()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'UserError' });
    expect((error as Error).message).toMatch(message);
    expect((error as { hint?: string }).hint).toMatch(hint);
  });

  test('the bot’s own identity only posts what the subscriber can read; “as me” reads with their access', async () => {
    await expect(say('send a daily digest here at 9:00 for prod', ctx(['dev']))).rejects.toThrow(/can't read prod yourself/);
    const reply = await say('send a daily digest here at 9:00 for prod as me', ctx(['dev']));
    expect((reply.data.subscriptions as { identity: string }[])[0]?.identity).toBe('Read with Priya Raman\'s own access');
  });

  test('settings list every digest with its view and next run; unsubscribe removes one or all', async () => {
    await say('send a daily digest here at 9:00 for prod Europe/Paris');
    await say('weekly digest on Friday 16:00 for staging as me America/New_York');
    const settings = await say('show digest settings');
    expect(settings.data.understood).toBe('2 digests in this channel');
    expect(settings.data.subscriptions).toEqual([
      expect.objectContaining({ title: 'prod · daily at 09:00', detail: 'Europe/Paris (UTC+02:00) · next Tue 31 Mar, 09:00', identity: "Read as ShipShape's read-only identity", status: 'Active' }),
      expect.objectContaining({ title: 'staging · Fridays at 16:00', detail: 'America/New_York (UTC-04:00) · next Fri 3 Apr, 16:00', identity: "Read with Priya Raman's own access" }),
    ]);
    const stopped = await say('stop the staging digest');
    expect(stopped.data.headline).toMatch(/^Stopped: the digest for staging/);
    expect(await a.repository.byConversation(CHANNEL)).toHaveLength(1);
    await say('unsubscribe');
    expect(await a.repository.byConversation(CHANNEL)).toHaveLength(0);
    await expect(say('unsubscribe')).rejects.toThrow(/no such digest/);
  });

  test('digest now answers with the digest card; buttons act by subscription id', async () => {
    await expect(say('digest now')).rejects.toThrow(/No digest is set up/);
    await say('send a daily digest here at 9:00 for prod');
    a.observer.current = observation({ findings: [finding('CVE-2021-44228')] });
    const now = await say('digest now');
    expect(now.template).toBe('digest');
    expect(now.data.headline).toMatch(/^Baseline: 1 open critical/);
    const id = String((now.data as { subscriptionId: string }).subscriptionId);
    const settings = await router.handleAction('digest-settings.show', { subscriptionId: id }, ctx());
    expect(settings.refresh).toBe('new-message');
    const removed = await router.handleAction('digest-unsubscribe.remove', { subscriptionId: id }, ctx());
    expect(removed.refresh).toBe('everyone');
    expect(await a.repository.byConversation(CHANNEL)).toHaveLength(0);
  });

  test('without the digest service the commands say so', async () => {
    const c = ctx();
    const { digests: _digests, ...services } = c.services;
    await expect(router.handleText('show digest settings', { ...c, services })).rejects.toThrow(/not available in this installation/);
  });
});
