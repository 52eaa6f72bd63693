import { environmentFromTags, type Environment } from '../../domain/environment.js';
import { scopeParts, type ChangeTargets, type Person, type ScopeEnvironments } from '../../domain/approvals/index.js';

/** The environments of ARM scopes, from the tags of their subscriptions as the requester reads them. */
export class SubscriptionEnvironments implements ScopeEnvironments {
  constructor(private readonly targets: Pick<ChangeTargets, 'subscriptions'>) {}

  async of(scopes: readonly string[], requester: Person): Promise<Environment[]> {
    const subscriptions = await this.targets.subscriptions({ channelUserId: requester.channelUserId ?? requester.objectId, aadObjectId: requester.objectId, name: requester.name });
    const byId = new Map(subscriptions.map((s) => [s.id.toLowerCase(), environmentFromTags(s.tags)]));
    const found = new Set<Environment>();
    for (const scope of scopes) {
      const env = byId.get((scopeParts(scope).subscriptionId ?? '').toLowerCase());
      if (env) found.add(env);
    }
    return [...found];
  }
}
