import { describe, expect } from 'vitest';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';

/** With the acknowledgement forced, every Azure-backed answer first says it is working, then replaces that. */
const slow = createBotTest({ app: { ackAfterMs: 0 } });

describe('slow answers', () => {
  slow('are acknowledged at once and the acknowledgement is replaced by the answer', async ({ say }) => {
    const reply = await say('whoami', { as: personas.priya });

    const updates = reply.entries.filter((e) => e.kind === 'update');
    expect(updates.length, 'the placeholder was updated in place').toBeGreaterThan(0);
    expect(updates.at(-1)?.activityId).toBe(reply.activity.id);
    expect(reply.card).toBeDefined();
    expect(reply.readable).not.toMatch(/^working on it/i);
    // The placeholder was replaced, not left next to the answer.
    expect(reply.messages).toHaveLength(1);
  });
});
