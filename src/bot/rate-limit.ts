import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../log/logger.js';

/**
 * Per-person command limits. Every command reads Azure with the person's own token, so a noisy
 * person would spend their own ARM quota (and slow the bot for others); past the limit they get one
 * polite "slow down" per minute and everyone else carries on. Counted per instance, in memory.
 */

const WINDOW_MS = 60_000;

export interface RateDecision {
  allowed: boolean;
  /** True for the first refusal in a window: say "slow down" once, not to every message. */
  notify: boolean;
  retryAfterSeconds: number;
}

interface Window {
  /** Times of admitted commands within the last minute, oldest first. */
  stamps: number[];
  notifiedAt: number | undefined;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private checks = 0;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  check(key: string): RateDecision {
    const now = this.now();
    if (++this.checks % 1000 === 0) this.sweep(now);
    if (this.perMinute <= 0) return { allowed: true, notify: false, retryAfterSeconds: 0 };
    const window = this.windows.get(key) ?? { stamps: [], notifiedAt: undefined };
    this.windows.set(key, window);
    while (window.stamps.length > 0 && (window.stamps[0] as number) <= now - WINDOW_MS) window.stamps.shift();
    if (window.stamps.length < this.perMinute) {
      window.stamps.push(now);
      return { allowed: true, notify: false, retryAfterSeconds: 0 };
    }
    const retryAfterSeconds = Math.max(1, Math.ceil(((window.stamps[0] as number) + WINDOW_MS - now) / 1000));
    const notify = window.notifiedAt === undefined || window.notifiedAt <= now - WINDOW_MS;
    if (notify) window.notifiedAt = now;
    return { allowed: false, notify, retryAfterSeconds };
  }

  /** Drops people who have been quiet for a minute, so the map does not grow with every user ever seen. */
  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      const last = window.stamps.at(-1) ?? 0;
      if (last <= now - WINDOW_MS && (window.notifiedAt ?? 0) <= now - WINDOW_MS) this.windows.delete(key);
    }
  }
}

export function slowDownText(perMinute: number, retryAfterSeconds: number): string {
  return `You're asking faster than ShipShape answers: it takes up to ${perMinute} requests a minute from each person, to spare your Azure quota. Please slow down and try again in ${retryAfterSeconds} seconds.`;
}

/** Whether an activity is a command someone asked for (a message, or a click on a card). */
function isCommand(context: TurnContext): boolean {
  const a = context.activity;
  if (a.type === ActivityTypes.Message) return true;
  if (a.type !== ActivityTypes.Invoke || a.name !== 'adaptiveCard/action') return false;
  // Cards refreshing themselves on screen are not the person asking.
  return (a.value as { trigger?: unknown } | undefined)?.trigger !== 'automatic';
}

/** Runs the turn if the sender is within their limit; otherwise answers "slow down" (or nothing) itself. */
export class RateLimitGate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly log: Logger,
  ) {}

  async run(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (!isCommand(context)) return next();
    const from = context.activity.from;
    const key = from.aadObjectId || from.id;
    const decision = this.limiter.check(key);
    if (decision.allowed) return next();

    this.log.info({ user: key, retryAfterSeconds: decision.retryAfterSeconds, notified: decision.notify }, 'rate limited');
    const text = slowDownText(this.limiter.perMinute, decision.retryAfterSeconds);
    if (context.activity.type === ActivityTypes.Invoke) {
      // A click always needs an answer; Teams shows this text without changing the card.
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
      });
    } else if (decision.notify) {
      await context.sendActivity(text);
    }
  }
}
