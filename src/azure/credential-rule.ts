import type { TokenCredential } from '@azure/core-auth';
import { UserError } from '../domain/errors.js';
import type { UserIdentity } from '../domain/identity.js';

/**
 * The rule for delegated credentials: a person's token is used only for work done for that same
 * person. In a turn, that is the person who sent it; outside any turn, only through a renewable
 * grant they gave for exactly that purpose (see delegated-grants.ts), or a credential they handed
 * over in their own turn for work that finishes after it ({@link HeldCredential}). Every use
 * checks the `oid` and tenant of the assertion behind the credential against the person.
 */

/** Gives every Azure call the calling user's own delegated credential; never the app's identity. */
export interface CredentialFactory {
  forUser(user: UserIdentity): Promise<TokenCredential>;
}

/** The `reason` of every "this person must sign in (again)" error, wherever it is raised. */
export const SIGN_IN_REQUIRED = 'sign-in-required';

/** The person whose turn is running. */
export interface TurnPerson {
  oid: string | undefined;
}

/**
 * A person's delegated credential taken in their own turn, for work that finishes after the turn
 * (an approved change completing in the background). It acts for its owner only: asking it for
 * anyone else throws. It lasts as long as the assertion taken in the turn (about an hour with
 * Entra); work that may run later than that needs a renewable grant, or asks the person again.
 */
export interface HeldCredential {
  readonly owner: { oid: string; tid: string | undefined };
  /** Epoch milliseconds after which the credential can no longer be renewed from the turn's assertion. */
  readonly validUntil: number;
  /** The credential, for work done for `user`; throws for anyone else. */
  credentialFor(user: UserIdentity): TokenCredential;
  /** The same as a factory, for ports that take one; it serves the owner only. */
  readonly factory: CredentialFactory;
}

/**
 * A factory that can also hold a person's credential from their own turn for work that finishes
 * after it (an approval's background completion). Renewal beyond the held assertion's life, or
 * recovery on another instance, needs a renewable grant (delegated-grants.ts) or asks the person.
 */
export interface HoldingCredentialFactory extends CredentialFactory {
  holdForLater(user: UserIdentity): Promise<HeldCredential>;
}

function nameOf(user: UserIdentity): string {
  return user.name ?? 'another person';
}

/** Someone's credential was asked for in another person's turn, or for another person's work. */
export function notTheirCredentialError(owner: UserIdentity, asker?: string): UserError {
  return new UserError(`ShipShape reads and changes Azure only as the person the work is for; it will not use ${nameOf(owner)}'s sign-in${asker ? ' for someone else' : ''}.`, {
    hint: `Ask ${nameOf(owner)} to do it, or do it with your own access.`,
    reason: 'not-your-credential',
  });
}

/** Delegated work outside the person's turn, with no grant from them for it. */
export function awayFromTurnError(user: UserIdentity): UserError {
  return new UserError(`${user.name ?? 'The person'} needs to sign in again: ShipShape reads Azure as a person only while they use it, or with a sign-in they left for that purpose.`, {
    hint: 'Their next message to ShipShape asks them to sign in again.',
    reason: SIGN_IN_REQUIRED,
  });
}
