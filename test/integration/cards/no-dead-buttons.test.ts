import { describe, expect } from 'vitest';
import { ADAPTIVE_CARD, readableText } from '../../harness/cards.js';
import { botTest as test } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { walk } from '../findings/support/read-card.js';

/** Every Fix button on a registry checklist leads to an approval request, never to "nothing was changed". */
describe('registry checklist buttons', () => {
  test.for(['contosoprod', 'contosodev', 'contosolegacy', 'contosopayments'])('%s: each Fix button requests the change', async (registry, { say, teams }) => {
    const reply = await say(`is ${registry} hardened?`, { timeoutMs: 30_000 });
    const fixes = [...walk(reply.card)].filter((n) => n.type === 'Action.Execute' && n.verb === 'posture.fix');
    for (const fix of fixes) {
      const since = teams.connector.sent.length;
      const body = await teams.click('posture.fix', fix.data as Record<string, unknown>, { as: personas.priya });
      // The answer is the invoke's card, or a new message under the checklist.
      const posted = body.type === ADAPTIVE_CARD
        ? { attachments: [{ contentType: ADAPTIVE_CARD, content: body.value }] }
        : (await teams.connector.waitFor((e) => (e.kind === 'send' || e.kind === 'reply') && e.activity.type === 'message', { since, timeoutMs: 15_000 })).activity;
      const text = readableText(posted);
      expect(text, String(fix.title)).not.toMatch(/nothing has been changed/i);
    }
    // The ARM-audience-token check has no change ShipShape can request: no button for it.
    expect(fixes.map((f) => String(f.title))).not.toContainEqual(expect.stringMatching(/ARM.audience/i));
  });
});
