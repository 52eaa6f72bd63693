import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential, type ClientSecretCredentialOptions } from '@azure/identity';
import type { AzureConfig, DigestConfig } from '../config/index.js';
import type { CredentialFactory } from './credentials.js';
import { pipelineOptions } from './tls.js';

/**
 * The bot's own read-only identity for digests (an app registration with Reader and Security
 * Reader on the scopes digests cover). It answers every caller with the same credential, so it
 * must only ever be handed to digest reads: never to a person's question, never to a change.
 */
export class DigestReaderCredentials implements CredentialFactory {
  private readonly credential: TokenCredential;

  constructor(azure: AzureConfig, reader: NonNullable<DigestConfig['reader']>) {
    // The credential honours disableInstanceDiscovery (needed for the emulator's authority) although its option type does not list it.
    const options: ClientSecretCredentialOptions & { disableInstanceDiscovery?: boolean } = {
      authorityHost: azure.authorityHost,
      disableInstanceDiscovery: azure.kind === 'emulator',
      ...pipelineOptions(azure.caCertPem),
    };
    this.credential = new ClientSecretCredential(reader.tenantId, reader.clientId, reader.clientSecret, options);
  }

  async forUser(): Promise<TokenCredential> {
    return this.credential;
  }
}
