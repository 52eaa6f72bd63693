import type { TokenCredential } from '@azure/core-auth';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type AuthorityValidationOptions,
  type ClientCertificateCredentialOptions,
} from '@azure/identity';
import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { pipelineOptions } from './tls.js';

/**
 * The bot's own identity towards Bot Framework services (replies to the connector, calls to the
 * token service), built on @azure/identity rather than botbuilder's MSAL wrapper so that the
 * configured authority and an explicitly trusted CA apply here exactly as they do for Azure calls.
 */

/** botbuilder's `ServiceClientCredentialsFactory`, named through the constructor that takes it. */
export type ServiceClientCredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;
type ServiceClientCredentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;
type WebResource = Parameters<ServiceClientCredentials['signRequest']>[0];

export type BotSecret =
  | { kind: 'secret'; clientSecret: string }
  | { kind: 'certificate'; certificatePath: string }
  /** A user-assigned managed identity whose client id is the bot's app id. */
  | { kind: 'managed-identity' };

export interface BotIdentity {
  appId: string;
  secret: BotSecret;
  /** Extra CA to trust (the local emulator's); undefined for real Entra ID. */
  caCertPem: string | undefined;
}

/** Public-cloud and sovereign authorities MSAL knows; any other host skips instance discovery. */
const KNOWN_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

/** Splits botbuilder's login URL (`https://login.microsoftonline.com/botframework.com`) into host and tenant. */
export function parseLoginEndpoint(loginEndpoint: string): { authorityHost: string; tenantId: string } {
  const url = new URL(loginEndpoint);
  const tenantId = url.pathname.split('/').find((part) => part !== '') ?? 'botframework.com';
  return { authorityHost: url.origin, tenantId };
}

export type CredentialMaker = (identity: BotIdentity, authorityHost: string, tenantId: string) => TokenCredential;

/** The @azure/identity credential for the configured kind of secret. */
export const makeBotCredential: CredentialMaker = (identity, authorityHost, tenantId) => {
  const { secret } = identity;
  const options: ClientCertificateCredentialOptions & AuthorityValidationOptions = {
    authorityHost,
    disableInstanceDiscovery: !KNOWN_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase()),
    ...pipelineOptions(identity.caCertPem),
  };
  switch (secret.kind) {
    case 'secret':
      return new ClientSecretCredential(tenantId, identity.appId, secret.clientSecret, options);
    case 'certificate':
      return new ClientCertificateCredential(tenantId, identity.appId, { certificatePath: secret.certificatePath }, options);
    case 'managed-identity':
      return new ManagedIdentityCredential({ clientId: identity.appId, ...pipelineOptions(identity.caCertPem) });
  }
};

/**
 * Gives botbuilder one signing credential per (authority, tenant); each @azure/identity credential
 * caches its tokens in memory, so a reply costs a token request only when the token is near expiry.
 */
export class IdentityCredentialsFactory implements ServiceClientCredentialsFactory {
  private readonly credentials = new Map<string, TokenCredential>();

  constructor(
    private readonly identity: BotIdentity,
    private readonly make: CredentialMaker = makeBotCredential,
  ) {}

  async isValidAppId(appId = ''): Promise<boolean> {
    return appId !== '' && appId === this.identity.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  /** `validateAuthority` is not needed: instance discovery is skipped exactly for authorities MSAL does not know. */
  async createCredentials(appId: string, audience: string | undefined, loginEndpoint: string, _validateAuthority?: boolean): Promise<ServiceClientCredentials> {
    // The same refusal botbuilder's own factories make: this process signs only as its own app.
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    const { authorityHost, tenantId } = parseLoginEndpoint(loginEndpoint);
    const key = `${authorityHost}|${tenantId.toLowerCase()}`;
    let credential = this.credentials.get(key);
    if (!credential) {
      credential = this.make(this.identity, authorityHost, tenantId);
      this.credentials.set(key, credential);
    }
    const scope = `${(audience ?? 'https://api.botframework.com').replace(/\/+$/, '')}/.default`;
    return new BearerSigner(credential, scope);
  }
}

/** Adds `Authorization: Bearer …` to each outgoing request; the token itself is never kept here. */
class BearerSigner implements ServiceClientCredentials {
  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
  ) {}

  async signRequest(webResource: WebResource): Promise<WebResource> {
    const token = await this.credential.getToken(this.scope);
    if (!token) throw new Error(`No token was issued for ${this.scope}`);
    webResource.headers.set('Authorization', `Bearer ${token.token}`);
    return webResource;
  }

  // Keeps credentials out of anything that serializes this object (logs, error reports).
  toJSON(): Record<string, string> {
    return { name: 'BearerSigner', scope: this.scope };
  }
}
