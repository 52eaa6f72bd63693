import { describe, expect } from 'vitest';
import { conversationUpdate, installationUpdate } from '../../harness/activities.js';
import { readableText } from '../../harness/cards.js';
import { botTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { commandFacts } from '../../harness/registry-facts.js';

const GENERIC_FAILURE = /something went wrong/i;

describe('what ShipShape says when it does not understand', () => {
  botTest('unknown text gets suggestions, not an error', async ({ say }) => {
    const reply = await say('frobnicate the turbo encabulator');

    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
    // A suggestion names something ShipShape can do: a command or one of its example phrasings.
    const facts = commandFacts();
    const suggested = facts.filter(
      (c) => reply.readable.includes(c.title) || reply.readable.toLowerCase().includes(c.name.toLowerCase()) || c.examples.some((e) => reply.readable.includes(e)),
    );
    expect(suggested.length, `suggestions in: ${reply.readable}`).toBeGreaterThan(0);
    expect(reply.readable).toMatch(/help/i);
  });

  botTest('an empty message (only the mention) is answered with guidance', async ({ say }) => {
    const reply = await say('', { in: 'channel' });

    expect(reply.readable.trim().length).toBeGreaterThan(0);
    expect(reply.readable).not.toMatch(GENERIC_FAILURE);
  });
});

describe('lifecycle events Teams sends', () => {
  botTest.for(['personal', 'groupChat', 'channel'] as const)('installing the app in %s never fails', async (scope, { teams, stack }) => {
    const install = await teams.post(installationUpdate(teams.context, { as: personas.priya, in: scope }));
    const added = await teams.post(conversationUpdate(teams.context, { as: personas.priya, in: scope }));

    expect(install.status).toBeLessThan(300);
    expect(added.status).toBeLessThan(300);
    // Turns have finished when the POSTs return: any welcome already sits in the log.
    for (const entry of stack.connector.sent) expect(readableText(entry.activity)).not.toMatch(GENERIC_FAILURE);
  });
});
