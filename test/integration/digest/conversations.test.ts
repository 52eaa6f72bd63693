import path from 'node:path';
import { expect } from 'vitest';
import type { DigestSubscription } from '../../../src/domain/digest/types.js';
import type { StoredConversation } from '../../../src/proactive/conversation-directory.js';
import { NAMESPACES } from '../../../src/store/namespaces.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { conversationUpdate, installationUpdate, TEAM } from '../../harness/activities.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import type { Stack } from '../../harness/stack.js';

/**
 * Conversation references over the protocol: the bot's arrival and removal (installationUpdate,
 * conversationUpdate), and messages, keep the stored references in step with Teams. Read straight
 * from the bot's SQLite file, as another instance would.
 */
const test = createBotTest();

async function read<T>(stack: Stack, namespace: string, key: string): Promise<T | undefined> {
  const store = new SqliteStore(path.join(stack.workdir, 'data', 'shipshape.db'));
  try {
    return (await store.get<T>(namespace, key))?.value;
  } finally {
    await store.close();
  }
}

test('the bot added to a group chat stores its reference; removed, forgets it', async ({ stack, teams }) => {
  const added = conversationUpdate(stack.context, { as: personas.priya, in: 'groupChat' });
  expect((await teams.post(added)).status).toBeLessThan(300);
  const key = String((added.conversation as { id: string }).id);
  const stored = await read<StoredConversation>(stack, NAMESPACES.conversations, key);
  expect(stored).toMatchObject({ key, type: 'groupChat', tenantId: stack.emulator.tenantId, reference: { serviceUrl: stack.connector.url, conversation: { id: key } } });
  expect(stored?.reference).not.toHaveProperty('activityId');

  const removed = conversationUpdate(stack.context, { as: personas.priya, in: 'groupChat', membersAdded: [], membersRemoved: [{ id: stack.context.bot.id }] });
  await teams.post(removed);
  expect(await read(stack, NAMESPACES.conversations, key)).toBeUndefined();
});

test('a person joining is not the bot joining', async ({ stack, teams }) => {
  const joined = conversationUpdate(stack.context, { as: personas.priya, in: 'groupChat', membersAdded: [{ id: personas.mei.id, aadObjectId: personas.mei.aadObjectId }] });
  await teams.post(joined);
  expect(await read(stack, NAMESPACES.conversations, String((joined.conversation as { id: string }).id))).toBeUndefined();
});

test('a channel message stores the channel (not the thread) with its team; uninstalling from the team forgets every channel', async ({ stack, teams, say }) => {
  await say('send a daily digest here at 9:00 for prod Europe/Paris', { in: 'channel' });
  const channel = await read<StoredConversation>(stack, NAMESPACES.conversations, TEAM.channel.id);
  expect(channel).toMatchObject({ type: 'channel', teamId: TEAM.id, reference: { conversation: { id: TEAM.channel.id } } });
  expect(await read<DigestSubscription>(stack, NAMESPACES.digestSubscriptions, `${TEAM.channel.id}|prod`)).toMatchObject({ status: 'active' });

  await teams.post(installationUpdate(stack.context, { as: personas.priya, in: 'channel', action: 'remove' }));
  expect(await read(stack, NAMESPACES.conversations, TEAM.channel.id)).toBeUndefined();
  expect(await read(stack, NAMESPACES.digestSubscriptions, `${TEAM.channel.id}|prod`)).toBeUndefined();
});

test('the time zone of the Teams client is remembered and used when a schedule names none', async ({ stack, say }) => {
  const reply = await say('daily digest at 8:30 for staging', { as: personas.mei });
  expect(reply.readable).toMatch(/Subscribed: a digest for staging, daily at 08:30 \(Europe\/London\)/);
  expect(await read<{ timeZone: string }>(stack, NAMESPACES.userPreferences, personas.mei.aadObjectId)).toEqual({ timeZone: 'Europe/London' });
});
