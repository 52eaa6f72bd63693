import type { Environment } from '../domain/environment.js';
import { environmentGap, type ReadableSubscription } from '../domain/scope-gap.js';
import type { CardReply, Reply, TextReply } from './types.js';

/**
 * What an answer leaves out of the asked scope, said first: a text reply opens with it, a card shows
 * it in the warning block under its heading (the `limits` every answer template reads), and the
 * notification preview leads with it too, so a partial answer never reads as a clean one.
 */
export function withLimits<T extends Reply>(reply: T, lines: readonly (string | undefined)[]): T;
export function withLimits(reply: Reply, lines: readonly (string | undefined)[]): Reply {
  const said = lines.filter((l): l is string => l !== undefined && l !== '');
  if (said.length === 0) return reply;
  if (reply.kind === 'text') return { ...reply, text: `${said.join(' ')}\n\n${reply.text}` } satisfies TextReply;
  const existing = Array.isArray(reply.data.limits) ? (reply.data.limits as unknown[]).filter((l): l is string => typeof l === 'string') : [];
  const limits = [...said, ...existing.filter((l) => !said.includes(l))];
  return { ...reply, data: { ...reply.data, limited: true, limits }, summary: `${said.join(' ')} ${reply.summary}` } satisfies CardReply;
}

/** The environment gap for answers that know the subscriptions the asker can read. */
export function environmentLimits(subscriptions: readonly ReadableSubscription[], environments: readonly Environment[]): string[] {
  const gap = environmentGap(subscriptions, environments);
  return gap ? [gap] : [];
}
