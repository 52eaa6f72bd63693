import type { AzureConfig } from '../config/index.js';
import { grants, type AccessPort, type ActionHolders, type RoleAssignmentView, type SubscriptionView, type UserIdentity, type WhoAmI } from '../domain/identity.js';
import { ArmClients } from './clients.js';
import type { CredentialFactory } from './credentials.js';
import { toUserError } from './errors.js';
import { ReadCoverage } from './read-coverage.js';

interface TokenClaims {
  oid?: string;
  tid?: string;
  name?: string;
  upn?: string;
  preferred_username?: string;
}

/** Reads the claims of the user's own ARM token, for their display name (not a security decision). */
function claimsOf(token: string): TokenClaims {
  const payload = token.split('.')[1] ?? '';
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return {};
  }
}

function scopeKindOf(scope: string): RoleAssignmentView['scopeKind'] {
  const parts = scope.split('/').filter(Boolean);
  if (parts.length === 0) return 'tenant';
  if (parts[0]?.toLowerCase() === 'providers' && parts[1]?.toLowerCase() === 'microsoft.management') return 'managementGroup';
  if (parts.length === 2) return 'subscription';
  if (parts.length === 4 && parts[2]?.toLowerCase() === 'resourcegroups') return 'resourceGroup';
  return 'resource';
}

function scopeLabelOf(scope: string, subscriptions: ReadonlyMap<string, string>): string {
  const parts = scope.split('/').filter(Boolean);
  const kind = scopeKindOf(scope);
  if (kind === 'tenant') return 'Whole tenant';
  if (kind === 'subscription') return subscriptions.get(parts[1]?.toLowerCase() ?? '') ?? parts[1] ?? scope;
  return parts[parts.length - 1] ?? scope;
}

/** `whoami` over ARM: subscriptions the user can read and the role assignments that reach them. */
export class ArmAccess implements AccessPort {
  private readonly coverage: ReadCoverage;

  constructor(
    private readonly azure: AzureConfig,
    private readonly credentials: CredentialFactory,
  ) {
    this.coverage = new ReadCoverage(azure);
  }

  async partiallyRead(user: UserIdentity): Promise<string[]> {
    return this.coverage.partial(user, new ArmClients(this.azure, await this.credentials.forUser(user)));
  }

  async whoami(user: UserIdentity): Promise<WhoAmI> {
    const credential = await this.credentials.forUser(user);
    const clients = new ArmClients(this.azure, credential);
    try {
      const token = await credential.getToken('https://management.azure.com/.default');
      const claims = token ? claimsOf(token.token) : {};
      const objectId = claims.oid ?? user.aadObjectId ?? '';

      const subscriptions: SubscriptionView[] = [];
      for await (const sub of clients.subscriptions().subscriptions.list()) {
        if (!sub.subscriptionId) continue;
        subscriptions.push({ id: sub.subscriptionId, displayName: sub.displayName ?? sub.subscriptionId, tags: sub.tags ?? {} });
      }
      const names = new Map(subscriptions.map((s) => [s.id.toLowerCase(), s.displayName]));

      // One listing per readable subscription; assignments above it (tenant root) repeat, so dedupe by id.
      const seen = new Map<string, RoleAssignmentView>();
      const roleNames = new Map<string, string>();
      for (const sub of subscriptions) {
        const authz = clients.authorization(sub.id);
        for await (const ra of authz.roleAssignments.listForSubscription({ filter: `assignedTo('${objectId}')` })) {
          if (!ra.id || !ra.roleDefinitionId || seen.has(ra.id.toLowerCase())) continue;
          const roleGuid = ra.roleDefinitionId.split('/').pop()?.toLowerCase() ?? '';
          let roleName = roleNames.get(roleGuid);
          if (roleName === undefined) {
            const def = await authz.roleDefinitions.getById(ra.roleDefinitionId);
            roleName = def.roleName ?? roleGuid;
            roleNames.set(roleGuid, roleName);
          }
          const scope = ra.scope ?? '/';
          seen.set(ra.id.toLowerCase(), {
            roleName,
            roleDefinitionId: ra.roleDefinitionId,
            scope,
            scopeKind: scopeKindOf(scope),
            scopeLabel: scopeLabelOf(scope, names),
            viaGroup: (ra.principalId ?? '').toLowerCase() !== objectId.toLowerCase(),
          });
        }
      }
      return {
        objectId,
        displayName: claims.name ?? user.name ?? objectId,
        userPrincipalName: claims.upn ?? claims.preferred_username,
        tenantId: claims.tid ?? this.azure.tenantId,
        subscriptions,
        roleAssignments: [...seen.values()].sort((a, b) => a.scope.localeCompare(b.scope) || a.roleName.localeCompare(b.roleName)),
      };
    } catch (error) {
      throw toUserError(error, 'reading your role assignments');
    }
  }

  async holdersOf(user: UserIdentity, action: string, scope: string): Promise<ActionHolders> {
    const subscriptionId = scope.split('/')[2] ?? '';
    const credential = await this.credentials.forUser(user);
    const authz = new ArmClients(this.azure, credential).authorization(subscriptionId);
    try {
      const granting = new Map<string, string>();
      for await (const def of authz.roleDefinitions.list(scope)) {
        const permissions = (def.permissions ?? []).map((p) => ({ actions: p.actions ?? [], notActions: p.notActions ?? [] }));
        const guid = def.id?.split('/').pop()?.toLowerCase();
        if (guid && grants(permissions, action)) granting.set(guid, def.roleName ?? guid);
      }
      const holders: ActionHolders['holders'] = [];
      for await (const ra of authz.roleAssignments.listForScope(scope, { filter: 'atScope()' })) {
        const role = granting.get(ra.roleDefinitionId?.split('/').pop()?.toLowerCase() ?? '');
        if (!role || !ra.principalId) continue;
        holders.push({ roleName: role, principalId: ra.principalId, principalType: ra.principalType, scope: ra.scope ?? scope });
      }
      return { roles: [...new Set(granting.values())].sort(), holders };
    } catch (error) {
      throw toUserError(error, 'reading who holds roles there');
    }
  }
}
