import type { TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { AzureConfig } from '../config/index.js';
import { retryAfterCapPolicy } from './retry-after-cap.js';
import { pipelineOptions } from './tls.js';

/** ARM's token audience, whatever endpoint the requests go to (the emulator checks it too). */
const ARM_SCOPE = 'https://management.azure.com/.default';

/** The longest the SDK waits before one retry, `Retry-After` included. */
const MAX_RETRY_DELAY_MS = 4_000;

/**
 * Options shared by every ARM client: the configured endpoint, the ARM token scope, the emulator's CA
 * when local, and few, short retries (`Retry-After` capped too) so that a throttled answer reaches the
 * user within Teams' time limit.
 */
export function armClientOptions(azure: AzureConfig) {
  const { additionalPolicies } = pipelineOptions(azure.caCertPem);
  const perRetry: { policy: PipelinePolicy; position: 'perCall' | 'perRetry' } = { policy: retryAfterCapPolicy(MAX_RETRY_DELAY_MS), position: 'perRetry' };
  return {
    endpoint: azure.armEndpoint,
    credentialScopes: [ARM_SCOPE],
    credentials: { scopes: [ARM_SCOPE] },
    retryOptions: { maxRetries: 2, maxRetryDelayInMs: MAX_RETRY_DELAY_MS },
    additionalPolicies: [...additionalPolicies, perRetry],
  };
}

/** Builds SDK clients for one user's credential. Cheap: clients share the process-wide agent. */
export class ArmClients {
  constructor(
    private readonly azure: AzureConfig,
    readonly credential: TokenCredential,
  ) {}

  subscriptions(): SubscriptionClient {
    return new SubscriptionClient(this.credential, armClientOptions(this.azure));
  }

  authorization(subscriptionId: string): AuthorizationManagementClient {
    return new AuthorizationManagementClient(this.credential, subscriptionId, armClientOptions(this.azure));
  }
}
