import type { TokenCredential } from '@azure/core-auth';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyClient } from '@azure/arm-policy';
import { PolicyInsightsClient } from '@azure/arm-policyinsights';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { armClientOptions } from '../clients.js';

export type ArmOptions = ReturnType<typeof armClientOptions>;

/**
 * The SDK clients posture and compliance read with, all on one person's credential. The options (and
 * with them the keep-alive connections to ARM) are shared by every question the adapter answers.
 */
export class PostureClients {
  constructor(
    private readonly options: ArmOptions,
    readonly credential: TokenCredential,
  ) {}

  subscriptions(): SubscriptionClient {
    return new SubscriptionClient(this.credential, this.options);
  }

  resources(subscriptionId: string): ResourceManagementClient {
    return new ResourceManagementClient(this.credential, subscriptionId, this.options);
  }

  registries(subscriptionId: string): ContainerRegistryManagementClient {
    return new ContainerRegistryManagementClient(this.credential, subscriptionId, this.options);
  }

  policy(subscriptionId: string): PolicyClient {
    return new PolicyClient(this.credential, subscriptionId, this.options);
  }

  insights(subscriptionId: string): PolicyInsightsClient {
    return new PolicyInsightsClient(this.credential, subscriptionId, this.options);
  }
}
