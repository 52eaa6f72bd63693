import { parse, textSimilarity, wordSimilarity, type ParsedText } from '../domain/language/index.js';
import type { CardReply, Command } from './types.js';
import { correctionsNote, understood } from './understood.js';

/** One "did you mean" button: the example's text plus the ids that find it again. */
export interface Suggestion {
  command: string;
  commandTitle: string;
  example: number;
  text: string;
  score: number;
}

interface ParsedExample {
  command: Command;
  index: number;
  text: string;
  parsed: ParsedText;
}

/** Examples parsed once per router, not once per unknown message. */
export function parseExamples(commands: readonly Command[]): ParsedExample[] {
  return commands.flatMap((command) =>
    command.examples.map((text, index) => ({ command, index, text, parsed: parse(text, { now: new Date(0) }) })),
  );
}

/**
 * The nearest examples to what was typed, best first, one per command while there are enough
 * commands (three phrasings of the same command are one suggestion, not three).
 */
export function nearestExamples(parsed: ParsedText, examples: readonly ParsedExample[], limit = 3): Suggestion[] {
  const partial = new Map<string, number>();
  const scored = examples.map((ex) => {
    let bias = partial.get(ex.command.name);
    if (bias === undefined) {
      bias = Math.max(0, Math.min(1, ex.command.match(parsed)));
      partial.set(ex.command.name, bias);
    }
    const score =
      Math.max(wordSimilarity(parsed.words, ex.parsed.words), textSimilarity(parsed.text, ex.text)) + 0.25 * bias;
    return { command: ex.command.name, commandTitle: ex.command.title, example: ex.index, text: ex.text, score };
  });
  scored.sort((a, b) => b.score - a.score);
  const picked: Suggestion[] = [];
  for (const s of scored) if (picked.length < limit && !picked.some((p) => p.command === s.command)) picked.push(s);
  for (const s of scored) if (picked.length < limit && !picked.includes(s)) picked.push(s);
  return picked;
}

const MAX_ECHO = 200;

/** The answer to text no command claimed: what was understood, and three things to try instead. */
export function suggestionsReply(parsed: ParsedText, suggestions: readonly Suggestion[], hasHelp: boolean): CardReply {
  const question = parsed.text.length > MAX_ECHO ? `${parsed.text.slice(0, MAX_ECHO)}…` : parsed.text;
  const understoodText = understood('', parsed);
  const corrections = correctionsNote(parsed);
  return {
    kind: 'card',
    template: 'suggestions',
    data: {
      title: 'I didn’t catch that',
      question,
      understood: understoodText === '' ? 'Nothing I can act on yet' : `I understood: ${understoodText}`,
      corrections,
      suggestions: suggestions.map((s) => ({
        text: s.text,
        commandTitle: s.commandTitle,
        command: s.command,
        example: s.example,
      })),
      hasHelp,
    },
    summary: `I didn’t catch that. Try: ${suggestions.map((s) => `“${s.text}”`).join(', ')}`,
  };
}
