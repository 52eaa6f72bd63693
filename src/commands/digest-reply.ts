import type { DigestCommandsPort, DigestSelector } from '../domain/digest/ports.js';
import { SCHEDULE_EXAMPLES } from '../domain/digest/schedule-text.js';
import { formatInZone, zoneOffsetLabel } from '../domain/digest/time-zones.js';
import { conversationKeyOf, type DigestSubscription } from '../domain/digest/types.js';
import { UserError } from '../domain/errors.js';
import type { ParsedText } from '../domain/language/index.js';
import { hasPhrase, hasWord } from './match.js';
import type { CardReply, CommandContext, ConversationInfo } from './types.js';

/** What the four digest commands share: their words, the service, and the settings card. */

export const DIGEST_WORDS = ['digest', 'digests', 'summary', 'summaries', 'report', 'reports', 'newsletter'];
const FREQUENCY_WORDS = ['daily', 'weekly', 'weekday', 'weekdays', 'workdays', 'cron', 'mondays', 'tuesdays', 'wednesdays', 'thursdays', 'fridays', 'saturdays', 'sundays'];
const DAY_WORDS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The word "digest", unless it names an image digest ("the image with digest sha256:…"). */
export function mentionsDigest(parsed: ParsedText): boolean {
  return parsed.entities.digest === undefined && hasWord(parsed, ...DIGEST_WORDS);
}

/** "daily", "weekly on Monday", "every weekday", "every morning": the words of a schedule. */
export function mentionsSchedule(parsed: ParsedText): boolean {
  if (hasWord(parsed, ...FREQUENCY_WORDS)) return true;
  if (hasPhrase(parsed, 'every day') || hasPhrase(parsed, 'every morning') || hasPhrase(parsed, 'every week')) return true;
  return hasWord(parsed, ...DAY_WORDS) && hasWord(parsed, 'on', 'every', 'each');
}

export function digestService(ctx: CommandContext): DigestCommandsPort {
  const service = ctx.services.digests;
  if (!service) {
    throw new UserError('Digests are not available in this installation.', { hint: 'Ask your ShipShape administrator to enable the digest scheduler.', reason: 'not-configured' });
  }
  return service;
}

export function keyOf(conversation: ConversationInfo): string {
  return conversationKeyOf(conversation.id);
}

/** Which digest the words point at: an environment, "all environments", or none named. */
export function selectorOf(parsed: ParsedText): DigestSelector {
  const env = parsed.entities.environments[0];
  if (env) return { environment: env };
  if (hasPhrase(parsed, 'all environments') || hasPhrase(parsed, 'every environment')) return { environment: 'all' };
  return {};
}

export const EXAMPLES_TEXT = SCHEDULE_EXAMPLES.slice(0, 3).map((e) => `“${e}”`).join(' · ');

const WHERE: Readonly<Record<ConversationInfo['type'], string>> = { personal: 'this chat', groupChat: 'this group chat', channel: 'this channel' };

function row(sub: DigestSubscription, appName: string): Record<string, unknown> {
  const zone = sub.schedule.timeZone;
  const active = sub.status === 'active';
  const last = sub.lastRun
    ? `Last: ${sub.lastRun.outcome === 'sent' ? 'sent' : 'failed'} ${formatInZone(sub.lastRun.at, zone)}${sub.lastRun.trigger === 'on-request' ? ' (on request)' : ''}${sub.lastRun.outcome === 'failed' && sub.lastRun.detail ? ` · ${sub.lastRun.detail}` : ''}`
    : 'No digest sent yet: the first one is a baseline.';
  return {
    subscriptionId: sub.id,
    title: `${sub.environment ?? 'All environments'} · ${sub.schedule.label}`,
    detail: `${zone} (${zoneOffsetLabel(zone, new Date(sub.nextRunAt))})${active ? ` · next ${formatInZone(sub.nextRunAt, zone)}` : ''}`,
    identity: sub.identity === 'app' ? `Read as ${appName}` : `Read with ${sub.subscriber.name ?? 'the subscriber'}'s own access`,
    status: active ? 'Active' : `Stopped: ${sub.disabledReason ?? 'switched off'}`,
    statusColor: active ? 'good' : 'attention',
    last,
  };
}

/** The settings card: every digest of the conversation with its schedule, view, next and last run. */
export function settingsReply(ctx: CommandContext, subscriptions: readonly DigestSubscription[], headline = ''): CardReply {
  const service = digestService(ctx);
  const where = WHERE[ctx.conversation.type];
  const n = subscriptions.length;
  return {
    kind: 'card',
    template: 'digest-settings',
    data: {
      title: 'Digest settings',
      understood: `${n === 0 ? 'No digests' : n === 1 ? '1 digest' : `${n} digests`} in ${where}`,
      headline,
      subscriptions: subscriptions.map((s) => row(s, service.appIdentity.name)),
      none: n === 0,
      examples: `To set one up, say for example ${EXAMPLES_TEXT}.`,
    },
    summary: headline || `Digest settings: ${n === 0 ? 'none' : subscriptions.map((s) => `${s.environment ?? 'all'} ${s.schedule.label}`).join('; ')}`,
  };
}
