import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { isRestError } from '@azure/core-rest-pipeline';
import type { AzureConfig } from '../../config/index.js';
import type { ApproverRights, Person } from '../../domain/approvals/index.js';
import { armClientOptions } from '../clients.js';
import type { CredentialFactory } from '../credentials.js';
import { sendArm } from './raw-arm.js';

/** `Microsoft.Authorization/permissions` as of the API version every SDK release speaks. */
const PERMISSIONS_API = '2022-04-01';

interface PermissionBlock {
  actions?: string[];
  notActions?: string[];
}

/** ARM's action matching: case-insensitive, `*` for any run of characters. */
export function actionMatches(pattern: string, action: string): boolean {
  const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'i').test(action);
}

/** Whether any block grants `action` (its own `notActions` subtract from that block only, as in ARM). */
export function grants(blocks: readonly PermissionBlock[], action: string): boolean {
  return blocks.some((b) => (b.actions ?? []).some((p) => actionMatches(p, action)) && !(b.notActions ?? []).some((p) => actionMatches(p, action)));
}

/**
 * The approver's effective permissions on a scope, read with their own delegated token from
 * `{scope}/providers/Microsoft.Authorization/permissions`, the list the portal's "My access" shows.
 */
export class ArmApproverRights implements ApproverRights {
  private readonly options;

  constructor(
    private readonly azure: AzureConfig,
    private readonly credentials: CredentialFactory,
  ) {
    this.options = armClientOptions(azure);
  }

  async check(person: Person, scopes: readonly string[], action: string): Promise<{ allowed: boolean | undefined; scope?: string }> {
    const credential = await this.credentials.forUser({ channelUserId: person.channelUserId ?? person.objectId, aadObjectId: person.objectId, name: person.name });
    const pipeline = new SubscriptionClient(credential, this.options).pipeline;
    for (const scope of scopes) {
      let blocks: PermissionBlock[];
      try {
        // One block per role the person holds there: a handful, on the first page.
        const { body } = await sendArm(pipeline, this.azure.armEndpoint, 'GET', `${scope.replace(/\/+$/, '')}/providers/Microsoft.Authorization/permissions`, PERMISSIONS_API);
        blocks = ((body ?? {}) as { value?: PermissionBlock[] }).value ?? [];
      } catch (error) {
        // Unable to read the scope at all: nothing there is the person's to change.
        if (isRestError(error) && (error.statusCode === 403 || error.statusCode === 404)) return { allowed: false, scope };
        return { allowed: undefined };
      }
      if (!grants(blocks, action)) return { allowed: false, scope };
    }
    return { allowed: true };
  }
}
