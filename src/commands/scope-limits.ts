import type { Environment } from '../domain/environment.js';
import { environmentGap, type ReadableSubscription } from '../domain/scope-gap.js';
import type { CardReply, CommandContext, Reply, TextReply } from './types.js';

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
  // The same gap said twice (once with more detail) is said once: the fuller line, from the answer itself.
  const subject = (line: string): string => line.split(/[(:]/)[0]?.trim() ?? line;
  const fresh = said.filter((l) => !existing.some((e) => subject(e) === subject(l)));
  if (fresh.length === 0) return reply;
  const limits = [...fresh, ...existing];
  return { ...reply, data: { ...reply.data, limited: true, limits }, summary: `${fresh.join(' ')} ${reply.summary}` } satisfies CardReply;
}

/** The environment gap for answers that know the subscriptions the asker can read. */
export function environmentLimits(subscriptions: readonly ReadableSubscription[], environments: readonly Environment[]): string[] {
  const gap = environmentGap(subscriptions, environments);
  return gap ? [gap] : [];
}

/**
 * Subscriptions the asker reads only some resource groups of, said on every answer that reads Azure:
 * the header's "1 subscription you can read" would otherwise claim the whole of it.
 */
export async function partialRightsLimits(ctx: CommandContext): Promise<string[]> {
  const names = (await ctx.services.access.partiallyRead?.(ctx.user).catch(() => [])) ?? [];
  return names.map((name) => `You can read only some resource groups of ${name}: this covers those; the rest of ${name} is not included.`);
}
