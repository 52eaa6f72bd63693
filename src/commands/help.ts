import { defineCommand } from './define-command.js';
import { exampleNamesFor, fillExample } from './example-names.js';
import { hasPhrase, hasWord, onlyWords } from './match.js';
import type { Command, CommandGroup, ConversationInfo } from './types.js';

/** Help's sections, in the order people need them. */
export const COMMAND_GROUPS: readonly { id: CommandGroup; title: string; blurb: string }[] = [
  { id: 'ask', title: 'Ask', blurb: 'Questions about images, findings, registries and policies you can read.' },
  { id: 'act', title: 'Act', blurb: 'Changes, made with your own Azure rights or sent for approval.' },
  { id: 'hear', title: 'Hear', blurb: 'Digests and alerts delivered to this chat on a schedule.' },
  { id: 'basics', title: 'Basics', blurb: 'Getting around.' },
];

const HELP_WORDS = ['help', 'command', 'hello', 'there', 'good', 'morning', 'how', 'work', 'this', 'can', 'do', 'get', 'started', 'start', 'use'];

function scopeTip(conversation: ConversationInfo): string {
  if (conversation.type === 'personal') return 'Ask in your own words; small typos are fine.';
  const where = conversation.type === 'channel' ? 'this channel' : 'this chat';
  return `In ${where}, start with @ShipShape. Answers use your own Azure rights, whoever asks.`;
}

function quote(examples: readonly string[]): string {
  return examples.map((e) => `“${e}”`).join(' · ');
}

/**
 * Help is generated from the registry, so it lists exactly the commands that exist. It gets the list
 * through a function because it is itself one of the commands it lists.
 */
/** Commands shown per group before its "More": the card then fits one screen. */
const SHOWN_PER_GROUP = 3;

export function createHelpCommand(list: () => readonly Command[]): Command {
  return defineCommand({
    name: 'help',
    title: 'Help',
    description: 'What ShipShape can do, with examples to try.',
    group: 'basics',
    examples: ['help', 'what can you do'],
    match(parsed) {
      if (parsed.text.trim() === '?') return 1;
      const asksForHelp =
        hasWord(parsed, 'help', 'command') || hasPhrase(parsed, 'what can you do') || hasPhrase(parsed, 'how does this work') || hasPhrase(parsed, 'what can i ask') || hasPhrase(parsed, 'what do you do') || hasPhrase(parsed, 'how do i use');
      if (asksForHelp) return onlyWords(parsed, HELP_WORDS) ? 1 : 0.55;
      // A bare greeting deserves the menu rather than "I didn't catch that".
      if (hasWord(parsed, 'hello') && onlyWords(parsed, HELP_WORDS)) return 0.7;
      return 0;
    },
    async run(ctx) {
      const commands = list();
      // Examples name the asker's own registry and resource group where their placeholders stand.
      const names = await exampleNamesFor(ctx);
      const example = (c: Command, i: number): string | undefined => (c.examples[i] === undefined ? undefined : fillExample(c.examples[i], names));
      const groups = COMMAND_GROUPS.map((g) => {
        const listed = commands
          .filter((c) => c.group === g.id)
          .map((c) => {
            const filled = c.examples.slice(0, 2).map((e) => fillExample(e, names));
            return { title: c.title, description: c.description, examples: quote(filled), example: quote(filled.slice(0, 1)) };
          });
        // One screen: a few per group, the rest behind that group's "More".
        const more = listed.slice(SHOWN_PER_GROUP);
        return { title: g.title, blurb: g.blurb, commands: listed, first: listed.slice(0, SHOWN_PER_GROUP), more, hasMore: more.length > 0, moreId: `help-more-${g.id}`, moreTitle: `More ${g.title.toLowerCase()} (${more.length})` };
      }).filter((g) => g.commands.length > 0);
      const tryable = COMMAND_GROUPS.flatMap((g) => commands.filter((c) => c.group === g.id && c.name !== 'help')).slice(0, 3);
      return {
        kind: 'card',
        template: 'help',
        data: {
          title: 'What ShipShape can do',
          understood: `${commands.length} commands · ${groups.map((g) => g.title).join(' / ')}`,
          tip: scopeTip(ctx.conversation),
          groups,
          tryActions: tryable.map((c) => ({ title: example(c, 0) ?? c.title, text: example(c, 0) ?? c.title, command: c.name, example: 0 })),
        },
        summary: `ShipShape commands: ${commands.map((c) => c.title).join(', ')}`,
      };
    },
  });
}
