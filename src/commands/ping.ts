import { defineCommand } from './define-command.js';
import { entityKinds, hasPhrase, hasWord, onlyWords } from './match.js';
import type { ConversationInfo } from './types.js';

const CONVERSATION_LABELS: Readonly<Record<ConversationInfo['type'], string>> = {
  personal: 'personal chat',
  groupChat: 'group chat',
  channel: 'channel',
};

/** Adaptive Cards format `{{DATE()}}`/`{{TIME()}}` only from RFC 3339 without fractions. */
function cardTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export const ping = defineCommand({
  name: 'ping',
  title: 'Ping',
  description: 'Checks that ShipShape is listening, and which version answers.',
  group: 'basics',
  examples: ['ping', 'are you there'],
  match(parsed) {
    if (entityKinds(parsed) > 0) return 0;
    if (hasWord(parsed, 'ping')) return onlyWords(parsed, ['ping']) ? 1 : 0.8;
    if (hasPhrase(parsed, 'are you there') || hasPhrase(parsed, 'are you alive') || hasPhrase(parsed, 'are you up') || hasPhrase(parsed, 'you there')) return 0.85;
    if (hasWord(parsed, 'version') && onlyWords(parsed, ['version', 'which', 'running'])) return 0.7;
    return 0;
  },
  async run(ctx) {
    const time = cardTime(ctx.now());
    const where = CONVERSATION_LABELS[ctx.conversation.type];
    return {
      kind: 'card',
      template: 'ping',
      data: {
        title: 'Pong',
        understood: `ShipShape ${ctx.botVersion} · ${where}`,
        version: ctx.botVersion,
        time,
        conversation: where,
      },
      summary: `Pong · ShipShape ${ctx.botVersion} · ${time}`,
    };
  },
});
