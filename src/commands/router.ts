import { UserError } from '../domain/errors.js';
import { parse, validateProposal, type Entities, type ParseProposer, type ParsedText } from '../domain/language/index.js';
import { exampleNamesFor, fillExample } from './example-names.js';
import { HELP_TRY_VERB, PAGE_MORE_VERB, createRegistry } from './registry.js';
import { nearestExamples, parseExamples, suggestionsReply } from './suggest.js';
import type { ActionResult, CardReply, Command, CommandContext, CommandRouter, Reply } from './types.js';
import { partialRightsLimits, withLimits } from './scope-limits.js';
import { understood } from './understood.js';

/** Below this confidence a command does not run; the user gets suggestions instead. */
export const DISPATCH_THRESHOLD = 0.5;

export interface RouterOptions {
  threshold?: number;
  /**
   * Asked only when no command claims the text. None is configured: the deterministic parser is the
   * default and works offline; a proposal must pass the same slot schema before anything runs.
   */
  proposer?: ParseProposer;
}

function confidence(command: Command, parsed: ParsedText): number {
  const score = command.match(parsed);
  return Number.isFinite(score) ? Math.max(0, Math.min(1, score)) : 0;
}

/** Best match first; on a tie the command listed earlier wins, so dispatch never depends on chance. */
function bestMatch(commands: readonly Command[], parsed: ParsedText): { command: Command; score: number } | undefined {
  let best: { command: Command; score: number } | undefined;
  for (const command of commands) {
    const score = confidence(command, parsed);
    if (!best || score > best.score) best = { command, score };
  }
  return best;
}

/** How long an answer waits, once ready, for the check of the asker's rights (read alongside it, kept for minutes). */
const RIGHTS_GRACE_MS = 1_000;

/** Answers that read Azure say first what the asker's rights leave out of them. */
async function answered(command: Command, ctx: CommandContext, run: () => Promise<Reply>): Promise<Reply> {
  if (command.group !== 'ask') return run();
  const rights = partialRightsLimits(ctx);
  const reply = await run();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string[]>((resolve) => {
    timer = setTimeout(() => resolve([]), RIGHTS_GRACE_MS);
  });
  try {
    return withLimits(reply, await Promise.race([rights, late]));
  } finally {
    clearTimeout(timer);
  }
}

export function createCommandRouter(commands: readonly Command[], options: RouterOptions = {}): CommandRouter {
  const registry = createRegistry(commands);
  const threshold = options.threshold ?? DISPATCH_THRESHOLD;
  let examples: ReturnType<typeof parseExamples> | undefined;

  const handleParsed = async (parsed: ParsedText, ctx: CommandContext): Promise<Reply> => {
    const help = registry.byName('help');
    if (parsed.text === '' && help) return help.run(ctx, parsed);
    const best = bestMatch(registry.commands, parsed);
    if (best && best.score >= threshold) return answered(best.command, ctx, () => best.command.run(ctx, parsed));
    const proposed = options.proposer ? validateProposal(await options.proposer.propose(parsed), registry.commands.map((c) => c.name)) : undefined;
    const command = proposed ? registry.byName(proposed.command) : undefined;
    if (proposed && command) return answered(command, ctx, () => command.run(ctx, { ...parsed, entities: { ...parsed.entities, ...(proposed.slots as Partial<Entities>) } }));
    examples ??= parseExamples(registry.commands);
    const names = await exampleNamesFor(ctx);
    const nearest = nearestExamples(parsed, examples).map((s) => ({ ...s, text: fillExample(s.text, names) }));
    return suggestionsReply(parsed, nearest, help !== undefined);
  };

  const tryExample = async (data: Record<string, unknown>, ctx: CommandContext): Promise<ActionResult> => {
    const command = typeof data.command === 'string' ? registry.byName(data.command) : undefined;
    const index = typeof data.example === 'number' ? data.example : Number(data.example);
    const example = command && Number.isInteger(index) ? command.examples[index] : undefined;
    if (example === undefined) {
      throw new UserError('That suggestion is out of date.', { hint: 'Say "help" to see what ShipShape can do now.', reason: 'stale-action' });
    }
    // The example runs as if typed (with the clicker's own names, as shown), in a new message so the suggestions stay usable.
    const text = fillExample(example, await exampleNamesFor(ctx));
    return { reply: await handleParsed(parse(text, { now: ctx.now() }), ctx), refresh: 'new-message' };
  };

  return {
    list: () => registry.commands,

    handleText: (text, ctx) => handleParsed(parse(text, { now: ctx.now() }), ctx),

    async handleAction(verb, data, ctx) {
      if (verb === HELP_TRY_VERB) return tryExample(data, ctx);
      // Paging state lives with the card renderer; the bot answers this verb before calling the router.
      if (verb === PAGE_MORE_VERB) throw new Error(`${PAGE_MORE_VERB} must be handled by the card renderer`);
      const handler = registry.handler(verb);
      if (!handler) {
        throw new UserError('That button belongs to something ShipShape no longer does.', {
          hint: 'Ask again in your own words, or say "help" to see what ShipShape can do.',
          reason: 'unknown-verb',
        });
      }
      return handler(ctx, data);
    },

    acknowledge(text, ctx): CardReply {
      const parsed = parse(text, { now: ctx.now() });
      const best = bestMatch(registry.commands, parsed);
      const subject = best && best.score >= threshold ? best.command.title : '';
      return {
        kind: 'card',
        template: 'working',
        data: { question: parsed.text, understood: understood(subject, parsed) },
        summary: 'Working on it…',
      };
    },
  };
}
