import type { AzureConfig } from '../../config/index.js';
import type { ApproverDirectory, Person } from '../../domain/approvals/index.js';
import { UserError } from '../../domain/errors.js';
import type { CredentialFactory } from '../credentials.js';
import { toUserError } from '../errors.js';
import { postJson } from '../user-assertion.js';

/** Graph answers `checkMemberGroups` for at most this many groups at a time. */
const GRAPH_BATCH = 20;
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface GroupOverageOptions {
  azure: AzureConfig;
  /** The approver groups configured (APPROVER_GROUPS): what Graph is asked about. */
  groups: readonly string[];
}

interface GroupClaims {
  groups?: unknown;
  /** Overage: the groups did not fit in the token (`_claim_names.groups`, or `hasgroups` in implicit-flow tokens). */
  _claim_names?: { groups?: unknown };
  hasgroups?: unknown;
}

function claimsOf(token: string | undefined): GroupClaims {
  try {
    return JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as GroupClaims;
  } catch {
    return {};
  }
}

/**
 * Group membership from the approver's own ARM token (`groups` claim): the same token that will run
 * the change. Locally the emulator fills it from the tenant file's principals. A person in more
 * groups than a token holds (overage) is looked up in Microsoft Graph under their own token; when
 * Graph cannot answer, the click is told the check could not be made, never a silent "not in group".
 */
export class TokenGroupDirectory implements ApproverDirectory {
  constructor(
    private readonly credentials: CredentialFactory,
    private readonly overage?: GroupOverageOptions,
  ) {}

  async groupsOf(person: Person): Promise<readonly string[]> {
    const user = { channelUserId: person.channelUserId ?? person.objectId, aadObjectId: person.objectId, name: person.name };
    let claims: GroupClaims;
    let credential;
    try {
      credential = await this.credentials.forUser(user);
      claims = claimsOf((await credential.getToken('https://management.azure.com/.default'))?.token);
    } catch (error) {
      throw toUserError(error, 'checking your approver groups');
    }
    if (Array.isArray(claims.groups)) return claims.groups.filter((g): g is string => typeof g === 'string');
    const overage = claims._claim_names?.groups !== undefined || claims.hasgroups === true;
    if (!overage || !this.overage || this.overage.groups.length === 0) return [];
    try {
      const graphToken = (await credential.getToken(GRAPH_SCOPE))?.token ?? '';
      const found: string[] = [];
      for (let i = 0; i < this.overage.groups.length; i += GRAPH_BATCH) found.push(...(await this.checkMemberGroups(graphToken, this.overage.groups.slice(i, i + GRAPH_BATCH))));
      return found;
    } catch (error) {
      throw new UserError(`ShipShape could not check whether ${person.name} is in an approver group: ${person.name} is in more groups than a sign-in carries, and Microsoft Graph did not answer.`, {
        hint: 'Nothing was approved. An administrator may need to grant the on-behalf-of app GroupMember.Read.All; meanwhile another approver can approve.',
        reason: 'group-check-failed',
        cause: error,
      });
    }
  }

  private async checkMemberGroups(token: string, groupIds: readonly string[]): Promise<string[]> {
    const { azure } = this.overage as GroupOverageOptions;
    const graph = azure.kind === 'emulator' ? azure.armEndpoint : 'https://graph.microsoft.com';
    const answer = await postJson(new URL('/v1.0/me/checkMemberGroups', graph), { groupIds }, azure.caCertPem, { authorization: `Bearer ${token}` });
    const value = (answer.json as { value?: unknown } | undefined)?.value;
    if (answer.status !== 200 || !Array.isArray(value)) throw new Error(`Microsoft Graph answered HTTP ${answer.status}`);
    return value.filter((g): g is string => typeof g === 'string');
  }
}
