import type { DigestSelector } from '../domain/digest/ports.js';
import { defineCommand } from './define-command.js';
import { digestService, keyOf, mentionsDigest, mentionsSchedule, selectorOf } from './digest-reply.js';
import { hasWord } from './match.js';
import type { ActionResult, CommandContext, Reply } from './types.js';

async function digestNow(ctx: CommandContext, select: DigestSelector): Promise<Reply> {
  const { card } = await digestService(ctx).runNow(keyOf(ctx.conversation), ctx.user, select);
  return { kind: 'card', template: 'digest', data: card.data, summary: card.summary };
}

export const digestNowCommand = defineCommand({
  name: 'digest-now',
  title: 'Digest now',
  description: "This conversation's digest right away; the next scheduled one continues from it.",
  group: 'hear',
  examples: ['digest now', 'send the digest now'],
  match(parsed) {
    if (!mentionsDigest(parsed) || mentionsSchedule(parsed)) return 0;
    if (hasWord(parsed, 'now', 'today', 'latest', 'immediately')) return 0.95;
    if (hasWord(parsed, 'send', 'run', 'give') && !hasWord(parsed, 'setting', 'settings', 'stop')) return 0.7;
    return 0;
  },
  run: (ctx, parsed) => digestNow(ctx, selectorOf(parsed)),
  actions: {
    async run(ctx, data): Promise<ActionResult> {
      const id = typeof data.subscriptionId === 'string' ? data.subscriptionId : undefined;
      return { reply: await digestNow(ctx, id === undefined ? {} : { id }), refresh: 'new-message' };
    },
  },
});
