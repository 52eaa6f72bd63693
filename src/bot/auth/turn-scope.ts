import { AsyncLocalStorage } from 'node:async_hooks';
import type { SignInUrlResponse, TokenExchangeRequest, TokenResponse, TurnContext } from 'botbuilder';

/**
 * The turn a piece of code runs in. Azure credentials are asked for deep inside commands, far from
 * the TurnContext; the user's token, however, can only be fetched with that turn's token-service
 * client (authenticated as the bot, for the user who sent the activity). The scope carries the
 * turn there without threading it through every port.
 */
export interface TurnScope {
  context: TurnContext;
  /** Set when something in the turn needed the user's sign-in and found none. */
  signInNeeded: boolean;
}

const scopes = new AsyncLocalStorage<TurnScope>();

export function runInTurn<T>(context: TurnContext, fn: (scope: TurnScope) => Promise<T>): Promise<T> {
  const scope: TurnScope = { context, signInNeeded: false };
  return scopes.run(scope, () => fn(scope));
}

export function currentTurn(): TurnScope | undefined {
  return scopes.getStore();
}

/** The person whose turn this code runs in (their Entra object id), or undefined outside any turn. */
export function turnPerson(): { oid: string | undefined } | undefined {
  const scope = scopes.getStore();
  if (!scope) return undefined;
  const oid = scope.context.activity.from?.aadObjectId;
  // Read as userOf reads it, so that the turn's person and the person asked for compare alike.
  return { oid: typeof oid === 'string' && oid.trim() !== '' ? oid.trim() : undefined };
}

/** The part of botbuilder's UserTokenClient that sign-in uses (the class itself is not exported). */
export interface TokenServiceClient {
  getUserToken(userId: string, connectionName: string, channelId: string, magicCode: string | undefined): Promise<TokenResponse | undefined>;
  getSignInResource(connectionName: string, activity: TurnContext['activity'], finalRedirect: string | undefined): Promise<SignInUrlResponse>;
  exchangeToken(userId: string, connectionName: string, channelId: string, exchangeRequest: TokenExchangeRequest): Promise<TokenResponse | undefined>;
  signOutUser(userId: string, connectionName: string, channelId: string): Promise<void>;
}

function isTokenServiceClient(value: unknown): value is TokenServiceClient {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['getUserToken', 'getSignInResource', 'exchangeToken', 'signOutUser'].every((name) => typeof v[name] === 'function');
}

/** The token-service client CloudAdapter put on this turn, if any. */
export function tokenServiceOf(context: TurnContext): TokenServiceClient | undefined {
  const adapter = context.adapter as { UserTokenClientKey?: symbol };
  if (typeof adapter.UserTokenClientKey !== 'symbol') return undefined;
  const client: unknown = context.turnState.get(adapter.UserTokenClientKey);
  return isTokenServiceClient(client) ? client : undefined;
}
