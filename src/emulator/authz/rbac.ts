import { ArmError } from '../http/types.js';
import type { ArmResource, Authorizer, Caller } from '../http/types.js';
import type { IndexedResourceStore } from '../tenant/resource-store.js';
import { isWithinScope, normalizeScope } from '../tenant/resource-id.js';
import type { PermissionBlock } from './builtin-roles.js';
import { isManagementGroupScope, managementGroupsOf } from './management-groups.js';
import { RoleCatalog } from './role-catalog.js';
import type { ResolvedRole } from './role-catalog.js';

const ROLE_ASSIGNMENTS = 'Microsoft.Authorization/roleAssignments';
const ROLE_DEFINITIONS = 'Microsoft.Authorization/roleDefinitions';
const ASSIGNMENT_SUFFIX = /\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i;

/** A role reaching a principal at a scope ('' = tenant root). */
interface Grant {
  scope: string;
  role: ResolvedRole;
}

/**
 * Azure RBAC over the tenant's role assignments: an assignment applies at its scope and everything
 * below it; assignments to a group apply to its members (the principal's `groups`); actions and
 * notActions match as in ARM. Assignments are re-indexed whenever any of them change.
 */
export class RbacAuthorizer implements Authorizer {
  private readonly roles: RoleCatalog;
  private indexedAt = '';
  private byPrincipal = new Map<string, Array<{ scope: string; roleDefinitionId: string }>>();
  private callerGrants = new Map<string, Grant[]>();

  constructor(
    private readonly store: IndexedResourceStore,
    private readonly tenantId: string,
  ) {
    this.roles = new RoleCatalog(store);
  }

  allows(caller: Caller, action: string, scope: string): boolean {
    const grants = this.grantsFor(caller);
    if (grants.length === 0) return false;
    const target = scope.includes('//') || (scope.endsWith('/') && scope.length > 1) ? normalizeScope(scope) : scope;
    return grants.some((g) => this.reaches(g.scope, target) && g.role.allows(action));
  }

  demand(caller: Caller, action: string, scope: string): void {
    if (this.allows(caller, action, scope)) return;
    throw authorizationFailed(caller, action, scope);
  }

  permissions(caller: Caller, scope: string): PermissionBlock[] {
    const target = normalizeScope(scope);
    const seen = new Set<string>();
    const out: PermissionBlock[] = [];
    for (const g of this.grantsFor(caller)) {
      if (!this.reaches(g.scope, target)) continue;
      for (const block of g.role.blocks) {
        const key = JSON.stringify(block);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ actions: [...block.actions], notActions: [...block.notActions], dataActions: [...block.dataActions], notDataActions: [...block.notDataActions] });
      }
    }
    return out;
  }

  /** A grant at a scope reaches what lies under it by id, and under a management group through the hierarchy. */
  private reaches(grantScope: string, target: string): boolean {
    if (isWithinScope(target, grantScope)) return true;
    return isManagementGroupScope(grantScope) && managementGroupsOf(this.store, this.tenantId).contains(grantScope, target);
  }

  roleDefinition(id: string): ArmResource | undefined {
    return this.roles.body(id);
  }

  private grantsFor(caller: Caller): Grant[] {
    this.refresh();
    const groups = caller.principal.groups ?? [];
    const key = [caller.objectId, ...groups].join('|').toLowerCase();
    let grants = this.callerGrants.get(key);
    if (!grants) {
      grants = [];
      for (const principalId of [caller.objectId, ...groups]) {
        for (const a of this.byPrincipal.get(principalId.toLowerCase()) ?? []) {
          const role = this.roles.resolve(a.roleDefinitionId);
          if (role) grants.push({ scope: a.scope, role });
        }
      }
      this.callerGrants.set(key, grants);
    }
    return grants;
  }

  private refresh(): void {
    const stamp = `${this.store.revision(ROLE_ASSIGNMENTS)}:${this.store.revision(ROLE_DEFINITIONS)}`;
    if (stamp === this.indexedAt) return;
    this.byPrincipal = new Map();
    this.callerGrants = new Map();
    for (const body of this.store.listByType(ROLE_ASSIGNMENTS, '')) {
      const props = body.properties as { principalId?: unknown; roleDefinitionId?: unknown } | undefined;
      if (typeof props?.principalId !== 'string' || typeof props.roleDefinitionId !== 'string') continue;
      const entry = { scope: this.scopeOf(body.id), roleDefinitionId: props.roleDefinitionId };
      const key = props.principalId.toLowerCase();
      const list = this.byPrincipal.get(key);
      if (list) list.push(entry);
      else this.byPrincipal.set(key, [entry]);
    }
    this.indexedAt = stamp;
  }

  /** The assignment's scope is its id before `/providers/Microsoft.Authorization/roleAssignments/…`. */
  private scopeOf(assignmentId: string): string {
    const scope = normalizeScope(assignmentId.replace(ASSIGNMENT_SUFFIX, ''));
    // The tenant root management group spans the whole tenant; other groups reach down their hierarchy.
    const rootGroup = `/providers/Microsoft.Management/managementGroups/${this.tenantId}`;
    return scope === '/' || scope.toLowerCase() === rootGroup.toLowerCase() ? '' : scope;
  }
}

/** ARM's 403 for an action the caller may not perform, worded exactly as ARM words it. */
export function authorizationFailed(caller: Caller, action: string, scope: string): ArmError {
  const client = caller.principal.type === 'User' ? (caller.principal.userPrincipalName ?? caller.objectId) : (caller.appId ?? caller.objectId);
  return new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${client}' with object id '${caller.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}
