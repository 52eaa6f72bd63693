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
import { unknownUserError, type UserAssertion, type UserAssertionSource } from './user-assertion.js';

/** Gives every Azure call the calling user's own delegated credential; never the app's identity. */
export interface CredentialFactory {
  forUser(user: UserIdentity): Promise<TokenCredential>;
}

export interface OnBehalfOfOptions {
  now?: () => number;
  /**
   * Ask the assertion source again after this long (production: the token service), so that a
   * sign-out on another instance ends this instance's use of the token within that time. An
   * unchanged assertion keeps the credential and its cached Azure token.
   */
  recheckAfterMs?: number;
}

interface CacheEntry {
  credential: TokenCredential;
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
export class OnBehalfOfCredentialFactory implements CredentialFactory {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly now: () => number;
  private readonly recheckAfterMs: number | undefined;

  constructor(
    private readonly azure: AzureConfig,
    private readonly assertions: UserAssertionSource,
    options: OnBehalfOfOptions | (() => number) = {},
  ) {
    // Older callers pass only a clock.
    const opts = typeof options === 'function' ? { now: options } : options;
    this.now = opts.now ?? Date.now;
    this.recheckAfterMs = opts.recheckAfterMs;
  }

  async forUser(user: UserIdentity): Promise<TokenCredential> {
    const oid = user.aadObjectId;
    if (!oid) throw unknownUserError(user);
    const now = this.now();
    const cached = this.cache.get(oid);
    if (cached && cached.validUntil > now) {
      if (this.recheckAfterMs === undefined || now - cached.checkedAt < this.recheckAfterMs) return cached.credential;
    }

    let assertion: UserAssertion;
    try {
      assertion = await this.assertions.assertionFor(user);
    } catch (error) {
      // Signed out or no longer known: the old credential must not outlive that answer.
      this.cache.delete(oid);
      throw error;
    }
    const fingerprint = fingerprintOf(assertion.token);
    if (cached && cached.fingerprint === fingerprint && cached.validUntil > now) {
      cached.checkedAt = now;
      return cached.credential;
    }
    const credential = new ForgetOnRejection(this.credentialFor(assertion.token), () => this.forgetIf(oid, fingerprint));
    this.cache.set(oid, { credential, validUntil: assertion.expiresOnTimestamp - ASSERTION_MARGIN_MS, checkedAt: now, fingerprint });
    return credential;
  }

  /** Forgets a user's credential ("sign out", a new sign-in, or after Azure rejected it). */
  forget(user: UserIdentity): void {
    if (user.aadObjectId) this.cache.delete(user.aadObjectId);
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
