import { ActivityTypes, type Attachment, type SignInUrlResponse, type TurnContext } from 'botbuilder';
import type { UserIdentity } from '../../domain/identity.js';
import type { Logger } from '../../log/logger.js';
import { userOf } from '../turn-input.js';
import { safeError } from './safe-error.js';
import {
  channelSignInCard,
  INVALID_AUTH_CODE,
  loginRequest,
  oauthCard,
  SIGN_IN_VERB,
  signedInCard,
  signedInText,
  type InvokeBody,
} from './sign-in-cards.js';
import { isSignInRequired } from './sign-in-required.js';
import { currentTurn, runInTurn, tokenServiceOf, type TokenServiceClient } from './turn-scope.js';

export interface SignInDeps {
  /** The Azure Bot's OAuth connection; undefined where people are not signed in through the token service. */
  connectionName: string | undefined;
  /** Forgets a person's cached Azure credential (src/azure's OnBehalfOfCredentialFactory). */
  credentials: { forget(user: UserIdentity): void };
  /** Renewable grants the person left for work done later; "sign out" ends them too. */
  grants?: { revoke(user: UserIdentity): Promise<void> };
  log: Logger;
}

interface CardActionValue {
  action?: { verb?: unknown };
  /** Teams SSO inside a card: the token to exchange. */
  authentication?: { token?: unknown };
  /** The magic code after the sign-in button. */
  state?: unknown;
}

const INVOKE = 'invoke';
const CARD_ACTION = 'adaptiveCard/action';

async function respond(context: TurnContext, body: InvokeBody | undefined, status = 200): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
}

/**
 * Teams sign-in around each turn: the sign-in invokes (after TeamsSSOTokenExchangeMiddleware has
 * exchanged and deduplicated them), in-card sign-in for `Action.Execute`, the sign-in card when a
 * question needs Azure and nobody is signed in, and sign-out. The turn runs inside a TurnScope so
 * that the user's token can be fetched where Azure credentials are made.
 */
export class SignInFlow {
  constructor(private readonly deps: SignInDeps) {}

  async run(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const connection = this.deps.connectionName;
    const client = connection ? tokenServiceOf(context) : undefined;
    const activity = context.activity;
    if (connection && client && activity.type === INVOKE) {
      if (activity.name === 'signin/tokenExchange') return this.signedIn(context);
      if (activity.name === 'signin/verifyState') return this.verifyState(context, connection, client);
      if (activity.name === CARD_ACTION && (await this.cardActionHandled(context, connection, client))) return;
    }
    if (connection && client && activity.type === ActivityTypes.Message && (activity.value as { verb?: unknown } | undefined)?.verb === SIGN_IN_VERB) {
      return this.submittedSignIn(context, connection, client);
    }
    await runInTurn(context, async (scope) => {
      await next();
      // A card action that needed Azure: ask for sign-in inside the card instead of the error card.
      if (scope.signInNeeded && connection && client && activity.type === INVOKE && activity.name === CARD_ACTION) {
        const resource = await this.signInResource(context, connection, client);
        if (resource) await respond(context, loginRequest(connection, resource, true));
      }
    });
  }

  /** The card to send instead of an error card when a question needs sign-in; undefined otherwise. */
  async cardFor(error: unknown): Promise<Attachment | undefined> {
    const connection = this.deps.connectionName;
    const scope = currentTurn();
    if (!connection || !scope || !isSignInRequired(error)) return undefined;
    scope.signInNeeded = true;
    const { context } = scope;
    const client = tokenServiceOf(context);
    // Card actions are answered with an in-card sign-in request after the turn (see run).
    if (!client || context.activity.type !== ActivityTypes.Message) return undefined;
    const kind = context.activity.conversation.conversationType;
    if (kind === 'channel' || kind === 'groupChat') {
      return channelSignInCard({ id: context.activity.from.id, ...(context.activity.from.name ? { name: context.activity.from.name } : {}) });
    }
    const resource = await this.signInResource(context, connection, client);
    return resource ? oauthCard(connection, resource) : undefined;
  }

  /** Signs the turn's user out: the token service forgets their token, this instance their credential. */
  async signOut(user: UserIdentity): Promise<{ tokenService: boolean }> {
    this.deps.credentials.forget(user);
    await this.deps.grants?.revoke(user);
    const connection = this.deps.connectionName;
    const scope = currentTurn();
    const client = scope ? tokenServiceOf(scope.context) : undefined;
    if (!connection || !scope || !client) return { tokenService: false };
    const { from, channelId } = scope.context.activity;
    await client.signOutUser(from.id, connection, channelId);
    this.deps.log.info({ user: user.aadObjectId }, 'signed out');
    return { tokenService: true };
  }

  /** Handles sign-in parts of a card action; true when the action is fully answered here. */
  private async cardActionHandled(context: TurnContext, connection: string, client: TokenServiceClient): Promise<boolean> {
    const value = (typeof context.activity.value === 'object' && context.activity.value !== null ? context.activity.value : {}) as CardActionValue;
    const { from, channelId } = context.activity;
    let signedIn = false;
    if (typeof value.authentication?.token === 'string' && value.authentication.token !== '') {
      const exchanged = await client.exchangeToken(from.id, connection, channelId, { token: value.authentication.token }).catch((error: unknown) => {
        this.deps.log.info({ err: safeError(error) }, 'in-card token exchange failed');
        return undefined;
      });
      if (!exchanged?.token) {
        // Teams could not sign in silently (consent, expiry): offer the sign-in button instead.
        const resource = await this.signInResource(context, connection, client);
        await respond(context, resource ? loginRequest(connection, resource, false) : INVALID_AUTH_CODE);
        return true;
      }
      signedIn = true;
    } else if (typeof value.state === 'string' && value.state !== '') {
      const verified = await client.getUserToken(from.id, connection, channelId, value.state).catch(() => undefined);
      if (!verified?.token) {
        await respond(context, INVALID_AUTH_CODE);
        return true;
      }
      signedIn = true;
    }
    if (signedIn) this.deps.credentials.forget(userOf(context.activity));
    if (value.action?.verb !== SIGN_IN_VERB) return false;

    // The channel sign-in card itself: answer the clicker's view.
    const token = signedIn ? undefined : await client.getUserToken(from.id, connection, channelId, undefined).catch(() => undefined);
    if (signedIn || token?.token) {
      await respond(context, signedInCard(from.name));
      return true;
    }
    const resource = await this.signInResource(context, connection, client);
    await respond(context, resource ? loginRequest(connection, resource, true) : INVALID_AUTH_CODE);
    return true;
  }

  /** The channel card's Action.Submit fallback: an OAuth card with the sign-in button, or "already signed in". */
  private async submittedSignIn(context: TurnContext, connection: string, client: TokenServiceClient): Promise<void> {
    const { from, channelId } = context.activity;
    const token = await client.getUserToken(from.id, connection, channelId, undefined).catch(() => undefined);
    if (token?.token) {
      await context.sendActivity(signedInText(from.name));
      return;
    }
    const resource = await this.signInResource(context, connection, client);
    if (resource) await context.sendActivity({ attachments: [oauthCard(connection, resource)] });
  }

  /** A sign-in completed in the chat (silent SSO or the sign-in button's magic code). */
  private async signedIn(context: TurnContext): Promise<void> {
    const user = userOf(context.activity);
    this.deps.credentials.forget(user);
    this.deps.log.info({ user: user.aadObjectId, via: context.activity.name }, 'signed in');
    await respond(context, undefined);
    await context.sendActivity(signedInText(user.name));
  }

  private async verifyState(context: TurnContext, connection: string, client: TokenServiceClient): Promise<void> {
    const { from, channelId } = context.activity;
    const state = (context.activity.value as { state?: unknown } | undefined)?.state;
    const token = typeof state === 'string' && state !== '' ? await client.getUserToken(from.id, connection, channelId, state).catch(() => undefined) : undefined;
    if (token?.token) return this.signedIn(context);
    await respond(context, undefined, 404);
    await context.sendActivity('That sign-in could not be completed. Use the sign-in button again.');
  }

  private async signInResource(context: TurnContext, connection: string, client: TokenServiceClient): Promise<SignInUrlResponse | undefined> {
    try {
      return await client.getSignInResource(connection, context.activity, undefined);
    } catch (error) {
      this.deps.log.warn({ err: safeError(error) }, 'could not get a sign-in link from the token service');
      return undefined;
    }
  }
}
