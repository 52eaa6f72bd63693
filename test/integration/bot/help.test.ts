import { describe, expect } from 'vitest';
import { message } from '../../harness/activities.js';
import { readableText } from '../../harness/cards.js';
import { botTest as test } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { commandFacts } from '../../harness/registry-facts.js';

const GENERIC_FAILURE = /something went wrong/i;

describe('help, in every kind of conversation', () => {
  test.for(['personal', 'groupChat', 'channel'] as const)('answers "help" in %s with a card listing every command', async (scope, { say }) => {
    const reply = await say('help', { as: personas.diego, in: scope });

    expect(reply.status).toBe(200);
    expect(reply.card, 'help is an Adaptive Card').toBeDefined();
    const facts = commandFacts();
    expect(facts.length).toBeGreaterThan(0);
    for (const command of facts) expect(reply.readable).toContain(command.title);
    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
    // Unfilled template expressions would show up as literal ${…}.
    expect(reply.readable).not.toMatch(/\$\{[^}]*\}/);
  });

  test('replies in the channel thread the question was asked in', async ({ say }) => {
    const reply = await say('help', { in: 'channel' });
    const threadId = String((reply.incoming.conversation as { id: string }).id);

    expect(threadId).toContain(';messageid=');
    const messages = reply.entries.filter((e) => e.activity.type === 'message' && e.kind !== 'update');
    expect(messages.length).toBeGreaterThan(0);
    for (const entry of messages) {
      expect(entry.conversationId).toBe(threadId);
      expect(entry.kind).toBe('reply');
      expect(entry.replyToId).toBe(reply.incoming.id);
    }
  });

  test('understands the mention wherever Teams puts it', async ({ teams }) => {
    // Teams keeps the <at> tag where the person typed it: "<at>ShipShape</at> help" or "help <at>ShipShape</at>".
    const incoming = message(teams.context, { text: 'help', as: personas.mei, in: 'channel' });
    incoming.text = `help <at>${teams.context.bot.name}</at>`;
    const reply = await teams.send(incoming);

    expect(reply.card).toBeDefined();
    for (const command of commandFacts()) expect(reply.readable).toContain(command.title);
  });

  test('a channel message without the mention (Teams does not send these) is handled without error', async ({ teams, stack }) => {
    const incoming = message(teams.context, { text: 'help', as: personas.priya, in: 'channel', mention: false });
    const result = await teams.post(incoming);

    // The turn has finished when the POST returns: whatever the bot sent is in the log now.
    expect(result.status).toBe(200);
    for (const entry of stack.connector.sent) {
      expect(readableText(entry.activity)).not.toMatch(GENERIC_FAILURE);
    }
  });

  test('shows it is typing before it answers', async ({ say }) => {
    const reply = await say('help');
    const first = reply.entries[0];
    const firstMessage = reply.entries.findIndex((e) => e.activity.type === 'message');

    expect(first?.activity.type).toBe('typing');
    expect(firstMessage).toBeGreaterThan(0);
  });

  test('is not fussy about case and spacing', async ({ say }) => {
    const reply = await say('  HELP  ');
    expect(reply.card).toBeDefined();
    for (const command of commandFacts()) expect(reply.readable).toContain(command.title);
  });
});
