import type { Json } from '../../../harness/connector.js';
import { walk } from '../../findings/support/read-card.js';

/** The sentences of the "what this leaves out" block, which sits right under the card's heading lines. */
export function limits(card: Json | undefined): string[] {
  const body = (card?.body ?? []) as Record<string, unknown>[];
  const at = body.findIndex((n) => n.type === 'Container' && n.style === 'warning');
  if (at < 0 || at > 3) return [];
  return [...walk(body[at])].filter((n) => n.type === 'TextBlock').map((n) => String(n.text));
}
