import { commands, DISPATCH_THRESHOLD } from '../../src/commands/index.js';
import { parse, type ParsedText } from '../../src/domain/language/index.js';
import { CORPUS, type CorpusEntry, type Slots } from './corpus.js';

/** The corpus scored exactly as the router dispatches: best score at or above the threshold, ties to the command listed first. */
export const NOW = new Date('2026-12-07T12:00:00Z');

export function routeOf(parsed: ParsedText): string {
  let best: { name: string; score: number } | undefined;
  for (const command of commands) {
    const score = Math.max(0, Math.min(1, command.match(parsed)));
    if (!best || score > best.score) best = { name: command.name, score };
  }
  return best && best.score >= DISPATCH_THRESHOLD ? best.name : 'suggestions';
}

export interface Outcome {
  entry: CorpusEntry;
  got: string;
  /** Slots that differ from the label, with what the parser produced. */
  wrongSlots: string[];
  ok: boolean;
}

export function score(entry: CorpusEntry): Outcome {
  const parsed = parse(entry.text, { now: NOW });
  const got = routeOf(parsed);
  const entities = parsed.entities as unknown as Record<string, unknown>;
  const wrongSlots = Object.entries(entry.slots ?? {})
    .filter(([key, want]) => JSON.stringify(normalised(key as keyof Slots, entities[key])) !== JSON.stringify(normalised(key as keyof Slots, want)))
    .map(([key]) => `${key}=${JSON.stringify(entities[key])}`);
  return { entry, got, wrongSlots, ok: got === entry.command && wrongSlots.length === 0 };
}

/** Lists whose order carries no meaning are compared sorted. */
function normalised(key: keyof Slots, value: unknown): unknown {
  return Array.isArray(value) && (key === 'conditions' || key === 'packages' || key === 'ecosystems') ? [...(value as string[])].sort() : value;
}

/** Right answers per command, over the whole corpus. */
export function ratesByCommand(outcomes: readonly Outcome[] = CORPUS.map(score)): Map<string, { right: number; total: number }> {
  const rates = new Map<string, { right: number; total: number }>();
  for (const o of outcomes) {
    const r = rates.get(o.entry.command) ?? { right: 0, total: 0 };
    r.total++;
    if (o.ok) r.right++;
    rates.set(o.entry.command, r);
  }
  return rates;
}
