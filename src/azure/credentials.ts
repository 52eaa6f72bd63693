import type { TokenCredential } from '@azure/core-auth';
import {
  OnBehalfOfCredential,
  type AuthorityValidationOptions,
  type MultiTenantTokenCredentialOptions,
  type OnBehalfOfCredentialSecretOptions,
} from '@azure/identity';
import type { AzureConfig } from '../config/index.js';
import type { UserIdentity } from '../domain/identity.js';
import { pipelineOptions } from './tls.js';
import { unknownUserError, type UserAssertionSource } from './user-assertion.js';

/** Gives every Azure call the calling user's own delegated credential; never the app's identity. */
export interface CredentialFactory {
  forUser(user: UserIdentity): Promise<TokenCredential>;
}

interface CacheEntry {
  credential: TokenCredential;
  /** When the assertion behind the credential stops being exchangeable. */
  validUntil: number;
}

/** Margin so that a credential is not handed out moments before its assertion expires. */
const ASSERTION_MARGIN_MS = 5 * 60_000;

/**
 * On-behalf-of credentials per user, cached in memory only (MSAL inside each credential caches the
 * exchanged ARM token). Tokens never leave this object except towards Azure.
 */
export class OnBehalfOfCredentialFactory implements CredentialFactory {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly azure: AzureConfig,
    private readonly assertions: UserAssertionSource,
    private readonly now: () => number = Date.now,
  ) {}

  async forUser(user: UserIdentity): Promise<TokenCredential> {
    const oid = user.aadObjectId;
    if (!oid) throw unknownUserError(user);
    const cached = this.cache.get(oid);
    if (cached && cached.validUntil > this.now()) return cached.credential;

    const assertion = await this.assertions.assertionFor(user);
    // The credential honours disableInstanceDiscovery (needed for a non-Microsoft authority host)
    // although its option type does not list it.
    const options: OnBehalfOfCredentialSecretOptions & MultiTenantTokenCredentialOptions & AuthorityValidationOptions = {
      tenantId: this.azure.tenantId,
      clientId: this.azure.clientId,
      clientSecret: this.azure.clientSecret ?? '',
      userAssertionToken: assertion.token,
      authorityHost: this.azure.authorityHost,
      disableInstanceDiscovery: this.azure.kind === 'emulator',
      ...pipelineOptions(this.azure.caCertPem),
    };
    const credential = new OnBehalfOfCredential(options);
    this.cache.set(oid, { credential, validUntil: assertion.expiresOnTimestamp - ASSERTION_MARGIN_MS });
    return credential;
  }

  /** Forgets a user's credential ("sign out", or after Azure rejected it). */
  forget(user: UserIdentity): void {
    if (user.aadObjectId) this.cache.delete(user.aadObjectId);
  }
}
