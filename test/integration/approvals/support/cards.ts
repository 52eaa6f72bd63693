import type { Json } from '../../../harness/connector.js';
import type { Reply } from '../../../harness/teams-client.js';

/** Reading approval cards the way a test needs them: the id the buttons carry, the message to update. */

interface ActionNode {
  type?: unknown;
  verb?: unknown;
  data?: Record<string, unknown>;
}

/** Every Action.Execute in a card (nested ones included), with its data. */
export function executeActions(card: unknown): { verb: string; data: Record<string, unknown> }[] {
  const found: { verb: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const a = node as ActionNode;
    if (a.type === 'Action.Execute' && typeof a.verb === 'string') found.push({ verb: a.verb, data: a.data ?? {} });
    Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

/** The approval id on the card's Approve button; throws when the card has none. */
export function approvalIdOf(card: Json | undefined): string {
  const approve = executeActions(card?.actions).find((a) => a.verb === 'approval.approve');
  const id = approve?.data.approvalId;
  if (typeof id !== 'string') throw new Error(`no Approve button on the card: ${JSON.stringify(card).slice(0, 400)}`);
  return id;
}

/** The id of the last message the bot sent in a turn (the card message buttons are clicked on). */
export function messageIdOf(reply: Reply): string {
  const sent = reply.entries.filter((e) => (e.kind === 'send' || e.kind === 'reply') && e.activity.type === 'message').at(-1);
  if (!sent) throw new Error('the bot sent no message');
  return sent.activityId;
}

/** The Adaptive Card of an invoke response body. */
export function invokeCard(body: { value?: unknown }): Json {
  return (body.value ?? {}) as Json;
}
