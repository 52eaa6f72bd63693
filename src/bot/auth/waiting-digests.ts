import { ActivityTypes, type Attachment, type TurnContext } from 'botbuilder';
import { formatInZone } from '../../domain/digest/time-zones.js';
import { conversationKeyOf } from '../../domain/digest/types.js';
import type { UserIdentity } from '../../domain/identity.js';
import type { Logger } from '../../log/logger.js';
import type { SignInNotice } from '../../schedule/sign-in-notices.js';
import { userOf } from '../turn-input.js';
import { safeError } from './safe-error.js';
import { isSignInRequired, SignInRequiredError } from './sign-in-required.js';
import { currentTurn } from './turn-scope.js';

export interface WaitingDigestsDeps {
  notices: {
    pendingFor(user: UserIdentity): Promise<SignInNotice[]>;
    reminded(notices: readonly SignInNotice[], at: string): Promise<void>;
    clear(notices: readonly SignInNotice[]): Promise<void>;
  };
  /** Renewable grants; undefined when this installation keeps none. */
  grants: { capture(user: UserIdentity, purpose: 'digest'): Promise<void> } | undefined;
  signIn: { cardFor(error: unknown): Promise<Attachment | undefined> };
  log: Logger;
  now?: () => Date;
}

/** Asked at most this often while a digest keeps waiting for its subscriber. */
const REMIND_EVERY_MS = 12 * 3600_000;

const WHERE: Readonly<Record<SignInNotice['conversationType'], string>> = {
  channel: 'in a channel',
  groupChat: 'in a group chat',
  personal: 'in your chat with ShipShape',
};

/**
 * Digests read "as" their subscriber that were due while the subscriber was away and could not be
 * read as them: nothing was posted in the conversation. On the subscriber's next message (after
 * its answer), ShipShape takes a renewable sign-in for the digests from this turn if it can, and
 * otherwise asks them to sign in again, or says plainly that it keeps no sign-in for them.
 */
export class WaitingDigests {
  private readonly now: () => Date;

  constructor(private readonly deps: WaitingDigestsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async run(context: TurnContext, next: () => Promise<void>): Promise<void> {
    await next();
    if (context.activity.type !== ActivityTypes.Message) return;
    const user = userOf(context.activity);
    if (!user.aadObjectId) return;
    try {
      const notices = await this.deps.notices.pendingFor(user);
      if (notices.length > 0) await this.tell(context, user, notices);
    } catch (error) {
      this.deps.log.warn({ err: safeError(error) }, 'could not tell a subscriber about a waiting digest');
    }
  }

  private describe(context: TurnContext, notices: readonly SignInNotice[]): string {
    const here = conversationKeyOf(context.activity.conversation.id);
    const parts = notices.map((n) => {
      const where = n.conversationKey === here ? 'here' : WHERE[n.conversationType];
      return `your digest for ${n.environment ?? 'all environments'} ${where} (due ${formatInZone(n.dueAt, n.timeZone)})`;
    });
    return parts.join('; ');
  }

  private async tell(context: TurnContext, user: UserIdentity, notices: readonly SignInNotice[]): Promise<void> {
    const what = this.describe(context, notices);
    if (!this.deps.grants) {
      // Signing in again would not help the next one: say what does, once per missed digest.
      await this.deps.notices.clear(notices);
      await context.sendActivity(
        `${capitalised(what)} did not go out: this installation keeps no sign-in for digests read as you while you are away. Say “digest now” there to get it, or set it up with ShipShape’s read-only identity (“… as the bot”).`,
      );
      return;
    }
    try {
      await this.deps.grants.capture(user, 'digest');
      await this.deps.notices.clear(notices);
      await context.sendActivity(`${capitalised(what)} did not go out because ShipShape could not read as you then. You are signed in now, so the next ones will; say “digest now” there for this one.`);
      return;
    } catch (error) {
      if (!isSignInRequired(error)) this.deps.log.info({ err: safeError(error) }, 'no renewable sign-in for a waiting digest');
    }
    const now = this.now();
    const due = notices.filter((n) => !n.remindedAt || now.getTime() - Date.parse(n.remindedAt) >= REMIND_EVERY_MS);
    if (due.length === 0) return;
    await this.deps.notices.reminded(due, now.toISOString());
    // The answer to this turn may already have asked for sign-in: one card is enough.
    const card = currentTurn()?.signInNeeded ? undefined : await this.deps.signIn.cardFor(new SignInRequiredError(user));
    await context.sendActivity({
      type: ActivityTypes.Message,
      text: `${capitalised(this.describe(context, due))} needs you to sign in again: it did not go out, and nothing was posted there.`,
      ...(card ? { attachments: [card] } : {}),
    });
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
