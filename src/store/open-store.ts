import type { TokenCredential } from '@azure/core-auth';
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import type { AzureConfig, StoreConfig } from '../config/index.js';
import { BlobStore } from './blob-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { KeyValueStore } from './types.js';

/**
 * Who signs in to the storage account when no connection string is given: the app registration the
 * bot already has (the deployment grants its service principal Storage Blob Data Contributor on the
 * container), or else the managed identity. Named explicitly rather than left to a credential chain.
 */
type StoreIdentity = Pick<AzureConfig, 'tenantId' | 'clientId' | 'clientSecret' | 'clientCertificatePath'> & Partial<Pick<AzureConfig, 'authorityHost'>>;

function storageCredential(azure: StoreIdentity): TokenCredential {
  // The same Entra authority as every other identity (AUTHORITY_HOST: sovereign clouds, tests).
  const options = azure.authorityHost ? { authorityHost: azure.authorityHost } : {};
  if (azure.clientCertificatePath) return new ClientCertificateCredential(azure.tenantId, azure.clientId, { certificatePath: azure.clientCertificatePath }, options);
  if (azure.clientSecret) return new ClientSecretCredential(azure.tenantId, azure.clientId, azure.clientSecret, options);
  return new ManagedIdentityCredential();
}

/**
 * Opens the configured store and proves it can be read before the bot takes traffic. Anything
 * wrong surfaces as StoreUnavailableError with a message naming the store; the caller stops the
 * process rather than running without its subscriptions and approvals.
 */
export async function openStore(config: StoreConfig, azure?: StoreIdentity): Promise<KeyValueStore> {
  if (config.kind === 'sqlite') return new SqliteStore(config.file, { sync: config.sync });
  if (config.connectionString) return BlobStore.open({ container: config.container, connectionString: config.connectionString });
  return BlobStore.open({
    container: config.container,
    accountUrl: config.accountUrl,
    credential: azure ? storageCredential(azure) : new ManagedIdentityCredential(),
  });
}
