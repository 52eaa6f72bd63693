import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import {
  AuthenticationError,
  AuthenticationRequiredError,
  ClientCertificateCredential,
  ClientSecretCredential,
  CredentialUnavailableError,
  ManagedIdentityCredential,
  type ClientCertificateCredentialOptions,
} from '@azure/identity';
import type { AzureConfig, DigestConfig } from '../config/index.js';
import { UserError } from '../domain/errors.js';
import type { CredentialFactory } from './credentials.js';
import { pipelineOptions } from './tls.js';

type Reader = NonNullable<DigestConfig['reader']>;

/** What Entra's refusal means, for the people who read a digest or set one up. */
const REFUSALS: Readonly<Record<string, string>> = {
  '700016': 'Entra does not know its app in this tenant',
  '7000215': 'Entra refused its client secret',
  '7000222': 'its client secret has expired',
  '7000112': 'its app is disabled',
  '700027': 'Entra refused its certificate',
  '90002': 'Entra does not know its tenant',
};

/** The reader could not get a token: in plain words, with what to do (never "something went wrong"). */
export function readerRefusedError(error: unknown): UserError {
  const message = error instanceof Error ? error.message : String(error);
  const code = /AADSTS(\d+)/.exec(message)?.[1];
  const why = (code && REFUSALS[code]) ?? (error instanceof CredentialUnavailableError ? 'it is not available on this host' : 'Entra refused it');
  return new UserError(`ShipShape's read-only identity for digests cannot sign in: ${why}${code ? ` (AADSTS${code})` : ''}.`, {
    hint: 'Say “… as me” to read the digest with your own access, or ask your ShipShape administrator to check DIGEST_CLIENT_ID and its secret, certificate or managed identity.',
    reason: 'app-identity-refused',
    cause: error,
  });
}

function credentialOf(azure: AzureConfig, reader: Reader): TokenCredential {
  if (reader.managedIdentity) return new ManagedIdentityCredential({ clientId: reader.clientId, ...pipelineOptions(azure.caCertPem) });
  // The credentials honour disableInstanceDiscovery (needed for the emulator's authority) although their option types do not list it.
  const options: ClientCertificateCredentialOptions & { disableInstanceDiscovery?: boolean } = {
    authorityHost: azure.authorityHost,
    disableInstanceDiscovery: azure.kind === 'emulator',
    ...pipelineOptions(azure.caCertPem),
  };
  if (reader.certificatePath) return new ClientCertificateCredential(reader.tenantId, reader.clientId, { certificatePath: reader.certificatePath }, options);
  return new ClientSecretCredential(reader.tenantId, reader.clientId, reader.clientSecret ?? '', options);
}

/**
 * The bot's own read-only identity for digests (an app registration or a user-assigned managed
 * identity with Reader and Security Reader on the scopes digests cover). It answers every caller
 * with the same credential, so it must only ever be handed to digest reads: never to a person's
 * question, never to a change.
 */
export class DigestReaderCredentials implements CredentialFactory {
  private readonly credential: TokenCredential;

  constructor(
    private readonly azure: AzureConfig,
    reader: Reader,
  ) {
    const inner = credentialOf(azure, reader);
    this.credential = {
      async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
        try {
          return await inner.getToken(scopes, options);
        } catch (error) {
          // Any refusal to sign in (the SDK names several kinds); other errors (network) pass as they are.
          if (error instanceof AuthenticationError || error instanceof AuthenticationRequiredError || error instanceof CredentialUnavailableError) throw readerRefusedError(error);
          throw error;
        }
      },
    };
  }

  async forUser(): Promise<TokenCredential> {
    return this.credential;
  }

  /** Whether the identity can sign in now; the refusal in plain words when it cannot. */
  async check(): Promise<UserError | undefined> {
    try {
      await this.credential.getToken(`${this.azure.armEndpoint}/.default`);
      return undefined;
    } catch (error) {
      return error instanceof UserError ? error : readerRefusedError(error);
    }
  }
}
