import { defineCommand } from './define-command.js';
import { digestService, keyOf, mentionsDigest, mentionsSchedule, settingsReply } from './digest-reply.js';
import { hasWord } from './match.js';
import type { ActionResult, CommandContext, Reply } from './types.js';

async function show(ctx: CommandContext): Promise<Reply> {
  return settingsReply(ctx, await digestService(ctx).list(keyOf(ctx.conversation)));
}

export const digestSettings = defineCommand({
  name: 'digest-settings',
  title: 'Digest settings',
  description: 'Which digests this conversation gets: schedule, environment, whose view, next and last run.',
  group: 'hear',
  examples: ['show digest settings', 'which digests are set up here'],
  match(parsed) {
    if (!mentionsDigest(parsed) || mentionsSchedule(parsed) || hasWord(parsed, 'now', 'unsubscribe', 'stop', 'cancel')) return 0;
    if (hasWord(parsed, 'setting', 'settings', 'config', 'configuration', 'status')) return 0.95;
    if (hasWord(parsed, 'show', 'list', 'which', 'what', 'when', 'schedule', 'set')) return 0.8;
    // "digest" alone, or "digests?": the settings are the most useful answer.
    return parsed.words.length <= 2 ? 0.6 : 0;
  },
  run: (ctx) => show(ctx),
  actions: {
    async show(ctx): Promise<ActionResult> {
      return { reply: await show(ctx), refresh: 'new-message' };
    },
  },
});
