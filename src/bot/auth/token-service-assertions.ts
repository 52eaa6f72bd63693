import { ownerOfToken, type TokenOwner } from '../../azure/user-assertion.js';
import { UserError } from '../../domain/errors.js';
import type { UserIdentity } from '../../domain/identity.js';
import { SignInRequiredError } from './sign-in-required.js';
import { currentTurn, tokenServiceOf } from './turn-scope.js';

/** What the on-behalf-of exchange needs (the shape of src/azure's UserAssertionSource). */
export interface UserAssertion {
  token: string;
  expiresOnTimestamp: number;
}

function expiryOf(claims: TokenOwner, expiration: string | undefined): number {
  if (claims.exp !== undefined) return claims.exp * 1000;
  const parsed = expiration ? Date.parse(expiration) : Number.NaN;
  // No stated expiry: treat it as short-lived rather than forever.
  return Number.isNaN(parsed) ? Date.now() + 10 * 60_000 : parsed;
}

/**
 * Production sign-in: the user's token for the OAuth connection, from the Bot Framework token
 * service (put there by Teams SSO or the sign-in card). Its audience is the on-behalf-of app, which
 * exchanges it for an ARM token. Within a turn only: the token service is asked as that turn's user.
 */
export class TokenServiceAssertions {
  constructor(private readonly connectionName: string) {}

  async assertionFor(user: UserIdentity): Promise<UserAssertion> {
    const scope = currentTurn();
    const client = scope ? tokenServiceOf(scope.context) : undefined;
    if (!scope || !client) throw new SignInRequiredError(user);
    const { from, channelId } = scope.context.activity;

    let response;
    try {
      response = await client.getUserToken(from.id, this.connectionName, channelId, undefined);
    } catch (cause) {
      throw new UserError('The Bot Framework token service could not be reached to sign you in.', {
        hint: 'This is usually temporary: try again in a minute.',
        reason: 'unreachable',
        cause,
      });
    }
    if (!response?.token) {
      scope.signInNeeded = true;
      throw new SignInRequiredError(user);
    }

    // Reads claims without verifying: Entra verifies the assertion in the exchange; this only matches people.
    const claims = ownerOfToken(response.token);
    // Teams keys tokens by channel user id; the Azure identity must be the same person as the sender.
    if (claims.oid === undefined || claims.oid !== (user.aadObjectId ?? '').toLowerCase()) {
      throw new UserError('Your sign-in belongs to a different account than the one you use in Teams.', {
        hint: 'Say "sign out", then sign in again with your work account.',
        reason: 'unauthenticated',
      });
    }
    return { token: response.token, expiresOnTimestamp: expiryOf(claims, response.expiration) };
  }
}
