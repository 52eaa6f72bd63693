import type { TurnContext } from 'botbuilder';

export { KeyValueStorage } from './key-value-storage.js';
export { safeError, scrubTokens } from './safe-error.js';
export { channelSignInCard, loginRequest, oauthCard, SIGN_IN_VERB } from './sign-in-cards.js';
export { SignInFlow, type SignInDeps } from './sign-in-flow.js';
export { isSignInRequired, SignInRequiredError } from './sign-in-required.js';
export { TokenServiceAssertions } from './token-service-assertions.js';
export { WaitingDigests, type WaitingDigestsDeps } from './waiting-digests.js';
export { currentTurn, runInTurn, tokenServiceOf, turnPerson, type TokenServiceClient, type TurnScope } from './turn-scope.js';

/**
 * How long a cached Azure credential is used before the token service is asked again whether the
 * person is still signed in: a sign-out on another instance takes effect here within this time.
 */
export const SIGN_IN_RECHECK_MS = 5 * 60_000;

/** A step around a turn (rate limit, sign-in) that either runs the rest or answers by itself. */
export interface TurnStep {
  run(context: TurnContext, next: () => Promise<void>): Promise<void>;
}

/** Chains steps around the bot: `guarded(context)` runs each step, then the bot. */
export function guardTurns(steps: readonly TurnStep[], bot: (context: TurnContext) => Promise<void>): (context: TurnContext) => Promise<void> {
  return (context) => {
    const at = (i: number): Promise<void> => {
      const step = steps[i];
      return step ? step.run(context, () => at(i + 1)) : bot(context);
    };
    return at(0);
  };
}
