import { describeEntities, type FindingCondition, type ParsedText } from '../domain/language/index.js';

/** The subtitle every answer carries: what it is about, then what was understood, joined by " · ". */
export function understood(subject: string, parsed?: ParsedText, extra: readonly string[] = []): string {
  return [subject, ...(parsed ? describeEntities(parsed.entities) : []), ...extra].filter((s) => s !== '').join(' · ');
}

/** The question without conditions the answer's own subject states ("Fixable …", "Where … run"). */
export function withoutConditions(parsed: ParsedText, ...implied: readonly FindingCondition[]): ParsedText {
  return { ...parsed, entities: { ...parsed.entities, conditions: parsed.entities.conditions.filter((c) => !implied.includes(c)) } };
}

/** Corrections the parser made, for answers that echo them: `read “critcal” as “critical”`. */
export function correctionsNote(parsed: ParsedText): string {
  const pairs = parsed.corrections.map((c) => `“${c.from}” as “${c.to}”`);
  return pairs.length === 0 ? '' : `read ${pairs.join(', ')}`;
}
