import type { DigestSelector } from '../domain/digest/ports.js';
import { UserError } from '../domain/errors.js';
import { defineCommand } from './define-command.js';
import { digestService, keyOf, mentionsDigest, selectorOf, settingsReply } from './digest-reply.js';
import { hasWord } from './match.js';
import type { ActionResult, CommandContext, Reply } from './types.js';

async function unsubscribe(ctx: CommandContext, select: DigestSelector): Promise<Reply> {
  const service = digestService(ctx);
  const key = keyOf(ctx.conversation);
  const removed = await service.unsubscribe(key, select);
  if (removed.length === 0) {
    throw new UserError(select.id === undefined ? 'There is no such digest in this conversation.' : 'That digest was already stopped.', {
      hint: 'Say “show digest settings” to see the digests set up here.',
      reason: 'not-found',
    });
  }
  const what = removed.map((s) => `${s.environment ?? 'all environments'} (${s.schedule.label})`).join(', ');
  return settingsReply(ctx, await service.list(key), `Stopped: the digest for ${what}. Nothing more will be posted for it.`);
}

export const digestUnsubscribe = defineCommand({
  name: 'digest-unsubscribe',
  title: 'Stop a digest',
  description: "Stops this conversation's digests (all of them, or the one for an environment).",
  group: 'hear',
  examples: ['unsubscribe', 'stop the digest'],
  match(parsed) {
    if (hasWord(parsed, 'unsubscribe')) return 1;
    if (mentionsDigest(parsed) && hasWord(parsed, 'stop', 'cancel', 'disable', 'remove', 'delete', 'off', 'end')) return 0.95;
    return 0;
  },
  run: (ctx, parsed) => unsubscribe(ctx, selectorOf(parsed)),
  actions: {
    async remove(ctx, data): Promise<ActionResult> {
      const id = typeof data.subscriptionId === 'string' ? data.subscriptionId : '';
      return { reply: await unsubscribe(ctx, { id }), refresh: 'everyone' };
    },
  },
});
