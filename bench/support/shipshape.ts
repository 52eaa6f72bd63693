import { message, type TeamsContext } from '../../test/harness/activities.js';
import { adaptiveCardOf, readableText } from '../../test/harness/cards.js';
import type { Connector, Json } from '../../test/harness/connector.js';
import type { Persona } from '../../test/harness/personas.js';
import { TeamsClient } from '../../test/harness/teams-client.js';

/** One question through /api/messages, timed the way the person asking experiences it. */
export interface AskTiming {
  /** The typing indicator: the first sign of life in Teams. */
  typingMs: number | undefined;
  /** The first message (the "working on it" card, or the answer itself when it is quick). */
  firstMessageMs: number;
  /** The first complete answer (after following "Refresh" when the first one was partial). */
  finalMs: number;
  /** Whether the first answer was partial (the time budget ran out first). */
  partialFirst: boolean;
  refreshes: number;
  text: string;
  /** The complete answer's card, for checking its numbers. */
  card: Json | undefined;
}

function refreshData(card: Json | undefined): { verb: string; queryId: string } | undefined {
  const action = (card?.refresh as { action?: { verb?: unknown; data?: { queryId?: unknown } } } | undefined)?.action;
  return typeof action?.verb === 'string' && typeof action.data?.queryId === 'string' ? { verb: action.verb, queryId: action.data.queryId } : undefined;
}

export async function ask(botUrl: string, connector: Connector, context: TeamsContext, text: string, as: Persona, timeoutMs = 300_000): Promise<AskTiming> {
  const teams = new TeamsClient(botUrl, connector, context);
  const since = connector.sent.length;
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  const typing = connector.waitFor((e) => e.activity.type === 'typing', { since, timeoutMs }).then(elapsed, () => undefined);
  const first = connector.waitFor((e) => (e.kind === 'send' || e.kind === 'reply') && e.activity.type === 'message', { since, timeoutMs }).then(elapsed);
  const reply = await teams.send(message(context, { text, as, in: 'personal' }), { timeoutMs });
  let card = adaptiveCardOf(reply.activity);
  let refresh = refreshData(card);
  const partialFirst = refresh !== undefined;
  let refreshes = 0;
  // A partial answer completes when refreshed (Teams does it when the card is viewed; here at once).
  while (refresh && refreshes < 20) {
    const answer = await teams.click(refresh.verb, { queryId: refresh.queryId }, { as });
    card = answer.value as Json;
    refresh = refreshData(card);
    refreshes++;
  }
  return {
    typingMs: await typing,
    firstMessageMs: await first,
    finalMs: elapsed(),
    partialFirst,
    refreshes,
    card,
    text: card ? readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] }) : reply.readable,
  };
}
