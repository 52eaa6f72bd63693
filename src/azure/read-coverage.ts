import type { AzureConfig } from '../config/index.js';
import { grants, type UserIdentity } from '../domain/identity.js';
import type { ArmClients } from './clients.js';
import { sendArm } from './changes/raw-arm.js';
import { mapLimit } from './lists.js';

/**
 * Which of the subscriptions a person can list they read only in part: Azure lists a subscription to
 * anyone with a role anywhere inside it, so someone with Reader on one resource group sees the whole
 * subscription named while reading a corner of it. Their effective permissions at the subscription
 * (`Microsoft.Authorization/permissions`, what the portal's "My access" shows) tell the two apart.
 * The subscription-level path is not in the published spec (only the resource-group and resource
 * ones are) but Azure serves it (Azure/azure-rest-api-specs#19473); a failure means nothing is said.
 * Read with the person's own token, kept a few minutes per person.
 */

const PERMISSIONS_API = '2022-04-01';
/** The read every container answer needs. */
const READ = 'Microsoft.ContainerRegistry/registries/read';
/** Beyond this many subscriptions the check would cost more than the answer; nothing is said then. */
const MAX_CHECKED = 50;
const TTL_MS = 5 * 60_000;
const MAX_PEOPLE = 500;

export class ReadCoverage {
  private readonly cache = new Map<string, { at: number; names: string[] }>();

  constructor(
    private readonly azure: AzureConfig,
    private readonly now: () => number = Date.now,
  ) {}

  async partial(user: UserIdentity, clients: ArmClients): Promise<string[]> {
    const key = (user.aadObjectId ?? user.channelUserId).toLowerCase();
    const known = this.cache.get(key);
    if (known && this.now() - known.at < TTL_MS) return known.names;
    const subscriptions: { id: string; name: string }[] = [];
    for await (const sub of clients.subscriptions().subscriptions.list()) {
      if (sub.subscriptionId) subscriptions.push({ id: sub.subscriptionId, name: sub.displayName ?? sub.subscriptionId });
      if (subscriptions.length > MAX_CHECKED) return [];
    }
    const pipeline = clients.subscriptions().pipeline;
    const checked = await mapLimit(subscriptions, 8, async (sub) => {
      try {
        const { body } = await sendArm(pipeline, this.azure.armEndpoint, 'GET', `/subscriptions/${sub.id}/providers/Microsoft.Authorization/permissions`, PERMISSIONS_API);
        const blocks = ((body ?? {}) as { value?: { actions?: string[]; notActions?: string[] }[] }).value ?? [];
        return grants(blocks.map((b) => ({ actions: b.actions ?? [], notActions: b.notActions ?? [] })), READ) ? undefined : sub.name;
      } catch {
        // Unknown is not partial: say nothing rather than something wrong.
        return undefined;
      }
    });
    const names = checked.filter((n): n is string => n !== undefined);
    if (this.cache.size >= MAX_PEOPLE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { at: this.now(), names });
    return names;
  }
}
