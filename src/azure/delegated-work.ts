import type { TokenCredential } from '@azure/core-auth';
import type { UserIdentity } from '../domain/identity.js';
import type { CredentialFactory, HeldCredential, HoldingCredentialFactory, TurnPerson } from './credentials.js';
import type { DelegatedGrants, GrantPurpose } from './delegated-grants.js';

/**
 * Credentials for delegated work that may run outside the person's turn (scheduled digests "as
 * me", approved changes finishing or recovered after the click): in a turn, the turn's own
 * on-behalf-of credentials (which serve that turn's person only); outside, the renewable grant the
 * person left for `purpose`; with none, whatever the turn's credentials allow there (refused in
 * production, the emulator's stand-in locally).
 */
export class DelegatedWorkCredentials implements HoldingCredentialFactory {
  constructor(
    private readonly inTurn: CredentialFactory & Partial<Pick<HoldingCredentialFactory, 'holdForLater'>>,
    private readonly grants: DelegatedGrants | undefined,
    private readonly purpose: GrantPurpose,
    private readonly turn: () => TurnPerson | undefined,
  ) {}

  async forUser(user: UserIdentity): Promise<TokenCredential> {
    if (!this.turn() && this.grants && (await this.grants.has(user, this.purpose))) return this.grants.credential(user, this.purpose);
    return this.inTurn.forUser(user);
  }

  /**
   * In the person's turn: their credential for work that finishes after it, and, where grants are
   * kept, a renewable grant for `purpose` so that another instance can finish it later as them.
   */
  async holdForLater(user: UserIdentity): Promise<HeldCredential> {
    if (!this.inTurn.holdForLater) throw new Error('These credentials cannot be held past the turn.');
    const held = await this.inTurn.holdForLater(user);
    // Best effort: without a grant, work that outlives the held credential asks the person again.
    await this.grants?.capture(user, this.purpose).catch(() => undefined);
    return held;
  }
}
