import { parseSchedule } from '../domain/digest/schedule-text.js';
import type { AwayMode } from '../domain/digest/ports.js';
import type { DigestIdentity } from '../domain/digest/types.js';
import { environmentFromTags } from '../domain/environment.js';
import { UserError } from '../domain/errors.js';
import type { ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { EXAMPLES_TEXT, digestService, keyOf, mentionsDigest, mentionsSchedule, selectorOf, settingsReply } from './digest-reply.js';
import { hasPhrase, hasWord } from './match.js';
import type { CommandContext, Reply } from './types.js';

/** "as me" / "with my access" reads with the subscriber's own rights; "as the bot" with the read-only identity. */
function identityOf(parsed: ParsedText): DigestIdentity | undefined {
  if (hasPhrase(parsed, 'as me') || hasPhrase(parsed, 'my access') || hasPhrase(parsed, 'my own') || hasPhrase(parsed, 'my rights')) return 'user';
  if (hasPhrase(parsed, 'as the bot') || hasPhrase(parsed, 'bot identity') || hasPhrase(parsed, 'read only') || hasPhrase(parsed, 'app identity')) return 'app';
  return undefined;
}

/**
 * The bot's own identity may read more than the person asking: it only posts an environment here
 * for someone who can read that environment themselves.
 */
async function checkMayShare(ctx: CommandContext, environment: string | undefined): Promise<void> {
  const me = await ctx.services.access.whoami(ctx.user);
  const readable = me.subscriptions.filter((s) => environment === undefined || environmentFromTags(s.tags) === environment);
  if (readable.length > 0) return;
  throw new UserError(`You can't read ${environment ?? 'any subscription'} yourself, so ShipShape won't post its digest here with its own identity.`, {
    hint: 'Say “… as me” to subscribe with your own access, or ask someone who can read it to set the digest up.',
    reason: 'forbidden',
  });
}

const NO_APP_IDENTITY = 'ShipShape has no read-only identity of its own in this installation, so this digest reads with your own access.';
const AWAY: Readonly<Record<AwayMode, string>> = {
  renewable: 'It reads with your access through a renewable sign-in you leave for it; saying “sign out” ends it.',
  asks: 'It reads with your access, which ShipShape could not keep for it just now: a digest due while you are away waits, and your next message asks you to sign in again.',
  skips: 'It reads with your access, which this installation uses only while you use it: a digest due while you are away does not go out, and your next message tells you so (“digest now” gets it).',
};

async function run(ctx: CommandContext, parsed: ParsedText): Promise<Reply> {
  const service = digestService(ctx);
  const schedule = parseSchedule(parsed.text);
  if (schedule.kind === 'invalid') throw new UserError(schedule.problem, { hint: `For example: ${EXAMPLES_TEXT}.`, reason: 'invalid-schedule' });
  if (schedule.kind === 'none') {
    throw new UserError('When should the digest go out?', { hint: `Say a schedule, for example: ${EXAMPLES_TEXT}.`, reason: 'no-schedule' });
  }
  if (parsed.entities.environments.length > 1) {
    throw new UserError('One digest covers one environment (or all of them).', {
      hint: `Set them up one by one, e.g. “daily at 9:00 for ${parsed.entities.environments[0] ?? 'prod'}”, or say “for all environments”.`,
      reason: 'ambiguous',
    });
  }
  const selected = selectorOf(parsed).environment;
  const identity = identityOf(parsed);
  if (service.appIdentity.available && identity !== 'user') {
    await checkMayShare(ctx, selected === 'all' ? undefined : selected);
  }
  const { subscription, replaced, away, noAppIdentity } = await service.subscribe({
    conversation: { key: keyOf(ctx.conversation), type: ctx.conversation.type, ...(ctx.conversation.tenantId ? { tenantId: ctx.conversation.tenantId } : {}) },
    user: ctx.user,
    environment: selected ?? 'unsaid',
    schedule: schedule.schedule,
    identity,
  });
  const what = `${subscription.environment ?? 'all environments'}, ${subscription.schedule.label} (${subscription.schedule.timeZone})`;
  const said = replaced ? `Updated: the digest for ${what}.` : `Subscribed: a digest for ${what}. The first one is a baseline; later ones report what changed.`;
  const headline = [said, noAppIdentity ? NO_APP_IDENTITY : '', away ? AWAY[away] : ''].filter(Boolean).join(' ');
  return settingsReply(ctx, await service.list(keyOf(ctx.conversation)), headline);
}

export const digestSubscribe = defineCommand({
  name: 'digest-subscribe',
  title: 'Subscribe to a digest',
  description: 'Posts a summary of new and resolved criticals, stale images and policy changes here on a schedule.',
  group: 'hear',
  examples: ['send a daily digest here at 9:00 for prod', 'weekly on Monday 8:00 Europe/Paris', 'digest every weekday at 7:30am America/New_York as me'],
  match(parsed) {
    if (hasWord(parsed, 'unsubscribe', 'stop', 'cancel', 'disable')) return 0;
    const digest = mentionsDigest(parsed);
    if (hasWord(parsed, 'subscribe')) return digest ? 0.95 : 0.8;
    if (mentionsSchedule(parsed)) return digest ? 0.95 : 0.8;
    if (digest && hasWord(parsed, 'send', 'post', 'here') && /\d/.test(parsed.text)) return 0.85;
    return 0;
  },
  run,
});
