import { UserError } from '../../domain/errors.js';
import type { UserIdentity } from '../../domain/identity.js';
import { SIGN_IN_REQUIRED } from '../../azure/credentials.js';

export { SIGN_IN_REQUIRED } from '../../azure/credentials.js';

/**
 * The person has not signed in (or signed out): nothing was read from Azure. The bot answers with
 * a sign-in card where it can; elsewhere the message itself says what to do.
 */
export class SignInRequiredError extends UserError {
  constructor(user: UserIdentity) {
    const who = user.name ? `${user.name}, sign in` : 'Sign in';
    super(`${who} to ShipShape first: it reads Azure with your own account, never its own.`, {
      hint: 'Use the sign-in button; ShipShape then sees only what your Azure roles allow. Say "sign out" at any time.',
      reason: SIGN_IN_REQUIRED,
    });
    this.name = 'SignInRequiredError';
  }
}

export function isSignInRequired(error: unknown): error is SignInRequiredError {
  return error instanceof UserError && error.reason === SIGN_IN_REQUIRED;
}
