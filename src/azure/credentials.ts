import { createHash } from 'node:crypto';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import {
  AuthenticationError,
  OnBehalfOfCredential,
  type AuthorityValidationOptions,
  type MultiTenantTokenCredentialOptions,
  type OnBehalfOfCredentialCertificateOptions,
  type OnBehalfOfCredentialSecretOptions,
} from '@azure/identity';
import type { AzureConfig } from '../config/index.js';
import type { UserIdentity } from '../domain/identity.js';
import { pipelineOptions } from './tls.js';
import { UserError } from '../domain/errors.js';
import {
  awayFromTurnError,
  notTheirCredentialError,
  type HeldCredential,
  type HoldingCredentialFactory,
  type TurnPerson,
} from './credential-rule.js';
import { ownerOfToken, unknownUserError, type UserAssertion, type UserAssertionSource } from './user-assertion.js';

// The rule (whose credential serves whom, in and outside a turn) and its types; this module is its API.
export {
  awayFromTurnError,
  notTheirCredentialError,
  SIGN_IN_REQUIRED,
  type CredentialFactory,
  type HeldCredential,
  type HoldingCredentialFactory,
  type TurnPerson,
} from './credential-rule.js';

export interface OnBehalfOfOptions {
  now?: () => number;
  /**
   * Ask the assertion source again after this long (production: the token service), so that a
   * sign-out on another instance ends this instance's use of the token within that time. An
   * unchanged assertion keeps the credential and its cached Azure token.
   */
  recheckAfterMs?: number;
  /**
   * The person whose turn is running, undefined outside any turn. Given (as the app does), a
   * credential is handed out in a turn only for that turn's person, and outside a turn only when
   * `outsideTurn` is `allow`.
   */
  turn?: () => TurnPerson | undefined;
  /** `allow`: the assertion source may vouch for people outside their turn (the local emulator's stand-in only). */
  outsideTurn?: 'allow' | 'refuse';
}

interface CacheEntry {
  credential: TokenCredential;
  /** Whom the assertion behind the credential was issued for. */
  owner: { oid: string; tid: string | undefined };
  /** The channel account it was fetched for (the token service keys tokens by it). */
  channelUserId: string;
  /** When the assertion behind the credential stops being exchangeable. */
  validUntil: number;
  checkedAt: number;
  /** A hash of the assertion, to tell a renewed one from the same one; the token itself is not kept here. */
  fingerprint: string;
}

/** Margin so that a credential is not handed out moments before its assertion expires. */
const ASSERTION_MARGIN_MS = 5 * 60_000;

function fingerprintOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * On-behalf-of credentials per user, cached in memory only (MSAL inside each credential caches the
 * exchanged ARM token). Tokens never leave this object except towards Azure, and nothing here logs.
 */
export class OnBehalfOfCredentialFactory implements HoldingCredentialFactory {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly now: () => number;
  private readonly recheckAfterMs: number | undefined;
  private readonly turn: OnBehalfOfOptions['turn'];
  private readonly outsideTurn: 'allow' | 'refuse';

  constructor(
    private readonly azure: AzureConfig,
    private readonly assertions: UserAssertionSource,
    options: OnBehalfOfOptions | (() => number) = {},
  ) {
    // Older callers pass only a clock.
    const opts = typeof options === 'function' ? { now: options } : options;
    this.now = opts.now ?? Date.now;
    this.recheckAfterMs = opts.recheckAfterMs;
    this.turn = opts.turn;
    this.outsideTurn = opts.outsideTurn ?? 'refuse';
  }

  async forUser(user: UserIdentity): Promise<TokenCredential> {
    return (await this.entryFor(user)).credential;
  }

  /**
   * Takes the person's credential in their own turn for work that finishes after it. Only that
   * person's work may use it; see {@link HeldCredential}.
   */
  async holdForLater(user: UserIdentity): Promise<HeldCredential> {
    if (this.turn && !this.turn()) throw awayFromTurnError(user);
    const entry = await this.entryFor(user);
    const owner = { ...entry.owner };
    const credentialFor = (asker: UserIdentity): TokenCredential => {
      if ((asker.aadObjectId ?? '').toLowerCase() !== owner.oid) throw notTheirCredentialError(user, asker.aadObjectId);
      return entry.credential;
    };
    return { owner, validUntil: entry.validUntil, credentialFor, factory: { forUser: async (asker) => credentialFor(asker) } };
  }

  /** Refuses another person's turn, and work outside any turn unless the source may vouch there. */
  private checkTurn(user: UserIdentity, oid: string): void {
    if (!this.turn) return;
    const turn = this.turn();
    if (!turn) {
      if (this.outsideTurn !== 'allow') throw awayFromTurnError(user);
      return;
    }
    if ((turn.oid ?? '').toLowerCase() !== oid) throw notTheirCredentialError(user, turn.oid);
  }

  /** The assertion must name this person, in this app's tenant. */
  private ownerOf(user: UserIdentity, assertion: UserAssertion): { oid: string; tid: string | undefined } {
    const { oid, tid } = ownerOfToken(assertion.token);
    const expected = (user.aadObjectId ?? '').toLowerCase();
    if (oid === undefined || oid !== expected || (tid !== undefined && tid !== this.azure.tenantId.toLowerCase())) {
      throw new UserError('Your sign-in belongs to a different account than the one you use in Teams.', {
        hint: 'Say "sign out", then sign in again with your work account.',
        reason: 'unauthenticated',
      });
    }
    return { oid, tid };
  }

  private async entryFor(user: UserIdentity): Promise<CacheEntry> {
    const oid = user.aadObjectId?.toLowerCase();
    if (!oid) throw unknownUserError(user);
    this.checkTurn(user, oid);
    const now = this.now();
    let cached = this.cache.get(oid);
    // A cache hit never crosses people: the entry must have been made from this person's assertion.
    if (cached && cached.owner.oid !== oid) {
      this.cache.delete(oid);
      throw notTheirCredentialError(user);
    }
    // Fetched for another channel account: the token service is asked again for this one.
    if (cached && cached.channelUserId !== user.channelUserId) {
      this.cache.delete(oid);
      cached = undefined;
    }
    if (cached && cached.validUntil > now) {
      if (this.recheckAfterMs === undefined || now - cached.checkedAt < this.recheckAfterMs) return cached;
    }

    let assertion: UserAssertion;
    try {
      assertion = await this.assertions.assertionFor(user);
    } catch (error) {
      // Signed out or no longer known: the old credential must not outlive that answer.
      this.cache.delete(oid);
      throw error;
    }
    const owner = this.ownerOf(user, assertion);
    const fingerprint = fingerprintOf(assertion.token);
    if (cached && cached.fingerprint === fingerprint && cached.validUntil > now) {
      cached.checkedAt = now;
      return cached;
    }
    const credential = new ForgetOnRejection(this.credentialFor(assertion.token), () => this.forgetIf(oid, fingerprint));
    const entry: CacheEntry = { credential, owner, channelUserId: user.channelUserId, validUntil: assertion.expiresOnTimestamp - ASSERTION_MARGIN_MS, checkedAt: now, fingerprint };
    this.cache.set(oid, entry);
    return entry;
  }

  /** Forgets a user's credential ("sign out", a new sign-in, or after Azure rejected it). */
  forget(user: UserIdentity): void {
    if (user.aadObjectId) this.cache.delete(user.aadObjectId.toLowerCase());
  }

  private forgetIf(oid: string, fingerprint: string): void {
    if (this.cache.get(oid)?.fingerprint === fingerprint) this.cache.delete(oid);
  }

  private credentialFor(userAssertionToken: string): TokenCredential {
    const { azure } = this;
    const common = {
      tenantId: azure.tenantId,
      clientId: azure.clientId,
      userAssertionToken,
      authorityHost: azure.authorityHost,
      // Needed for any authority that is not a Microsoft cloud (the local emulator).
      disableInstanceDiscovery: azure.kind === 'emulator',
      ...pipelineOptions(azure.caCertPem),
    };
    type Extra = MultiTenantTokenCredentialOptions & AuthorityValidationOptions;
    if (azure.clientCertificatePath) {
      const options: OnBehalfOfCredentialCertificateOptions & Extra = { ...common, certificatePath: azure.clientCertificatePath };
      return new OnBehalfOfCredential(options);
    }
    const options: OnBehalfOfCredentialSecretOptions & Extra = { ...common, clientSecret: azure.clientSecret ?? '' };
    return new OnBehalfOfCredential(options);
  }
}

/**
 * Entra refusing the exchange (revoked consent, a disabled account, an assertion that no longer
 * verifies) drops the cached credential, so the next question fetches a fresh assertion instead of
 * repeating the refusal until the old one expires.
 */
class ForgetOnRejection implements TokenCredential {
  constructor(
    private readonly inner: TokenCredential,
    private readonly forget: () => void,
  ) {}

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    try {
      return await this.inner.getToken(scopes, options);
    } catch (error) {
      if (error instanceof AuthenticationError) this.forget();
      throw error;
    }
  }
}
