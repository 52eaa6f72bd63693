import { expect } from 'vitest';
import { readableText } from '../../../harness/cards.js';
import { personas } from '../../../harness/personas.js';
import type { Stack } from '../../../harness/stack.js';
import { approvalIdOf, invokeCard, messageIdOf } from '../../approvals/support/cards.js';

/** Reading approval previews and the compliance answer, to compare the two. */

export type Verdict = Record<string, 'non-compliant' | 'compliant' | 'not-reported'>;

/** "contosolegacy" / "would be non-compliant (…)" (or "would report nothing: …") pairs of the card's blast radius. */
export function previewOf(text: string, names: readonly string[]): Verdict {
  const lines = text.split('\n');
  const out: Verdict = {};
  lines.forEach((line, i) => {
    const next = lines[i + 1] ?? '';
    if (!names.includes(line)) return;
    if (/^would be (non-)?compliant/.test(next)) out[line] = next.startsWith('would be non') ? 'non-compliant' : 'compliant';
    else if (next.startsWith('would report nothing')) out[line] = 'not-reported';
  });
  return out;
}

/** The block of one assignment in the compliance answer: its counts and its non-compliant resources. */
export function complianceOf(text: string, displayName: string, listed = true): { nonCompliant: string[]; compliant: number } {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`[${displayName.replace(/\.$/, '')}`) && l.includes(']('));
  // An assignment that judges nothing in scope has no block of its own.
  if (!listed) {
    expect(start, `the compliance answer does not list ${displayName}`).toBe(-1);
    return { nonCompliant: [], compliant: 0 };
  }
  expect(start, `the compliance answer lists ${displayName}`).toBeGreaterThanOrEqual(0);
  const counts = lines.slice(start).find((l) => /^\d+ non-compliant · \d+ compliant$/.test(l)) ?? '';
  const at = lines.indexOf(counts, start);
  const nonCompliant: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('• ')) break;
    nonCompliant.push(l.slice(2).split(':')[0] ?? '');
  }
  const [bad = 0, good = 0] = counts.match(/\d+/g)?.map(Number) ?? [];
  expect(nonCompliant.length).toBe(bad);
  return { nonCompliant: nonCompliant.sort(), compliant: good };
}

/** Mei asks, Priya approves; returns the request card's text. `done` is what the approval card must say after. */
export async function requestAndApprove(stack: Stack, request: string, displayName: string, done = /Done: approved by Priya Raman/): Promise<string> {
  const teams = stack.teams;
  const reply = await teams.say(request, { as: personas.mei, in: 'groupChat', timeoutMs: 30_000 });
  expect(reply.readable, 'the request names what was asked for').toContain(displayName.replace(/\.$/, ''));
  const approvalId = approvalIdOf(reply.card);
  const body = await teams.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(reply) });
  const after = readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] });
  expect(after, `${displayName} ran as previewed`).toMatch(done);
  return reply.readable;
}
