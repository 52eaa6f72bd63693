import type { ArmResource } from '../http/types.js';
import type { IndexedResourceStore } from '../tenant/resource-store.js';
import { blockAllows } from './action-match.js';
import { builtInRole, builtInRoleBody } from './builtin-roles.js';
import type { PermissionBlock } from './builtin-roles.js';

const ROLE_DEFINITIONS = 'Microsoft.Authorization/roleDefinitions';

/** A role definition reduced to what authorization needs, with per-action answers cached. */
export class ResolvedRole {
  private readonly decisions = new Map<string, boolean>();

  constructor(
    readonly guid: string,
    readonly blocks: readonly PermissionBlock[],
  ) {}

  allows(action: string): boolean {
    let answer = this.decisions.get(action);
    if (answer === undefined) {
      answer = this.blocks.some((b) => blockAllows(b, action));
      // Actions come from route code, so the set is small; the cap only guards against misuse.
      if (this.decisions.size > 10_000) this.decisions.clear();
      this.decisions.set(action, answer);
    }
    return answer;
  }
}

/** Built-in roles plus the custom roles of the tenant (re-read when they change). */
export class RoleCatalog {
  private revision = -1;
  private custom = new Map<string, { body: ArmResource; role: ResolvedRole }>();
  private readonly builtIns = new Map<string, ResolvedRole>();

  constructor(private readonly store: IndexedResourceStore) {}

  /** Resolves a `roleDefinitionId` (any scope prefix) or a bare GUID. */
  resolve(roleDefinitionId: string): ResolvedRole | undefined {
    const guid = guidOf(roleDefinitionId);
    const builtIn = builtInRole(guid);
    if (builtIn) {
      let role = this.builtIns.get(builtIn.guid);
      if (!role) {
        role = new ResolvedRole(builtIn.guid, builtIn.permissions);
        this.builtIns.set(builtIn.guid, role);
      }
      return role;
    }
    return this.customRoles().get(guid)?.role;
  }

  /** The ARM body of a role definition; built-ins answer under the scope asked for. */
  body(roleDefinitionId: string): ArmResource | undefined {
    const guid = guidOf(roleDefinitionId);
    const builtIn = builtInRole(guid);
    if (builtIn) {
      const at = roleDefinitionId.toLowerCase().lastIndexOf('/providers/microsoft.authorization/roledefinitions/');
      return builtInRoleBody(builtIn, at > 0 ? roleDefinitionId.slice(0, at) : '');
    }
    return this.customRoles().get(guid)?.body;
  }

  private customRoles(): Map<string, { body: ArmResource; role: ResolvedRole }> {
    const current = this.store.revision(ROLE_DEFINITIONS);
    if (current !== this.revision) {
      this.custom = new Map();
      for (const body of this.store.listByType(ROLE_DEFINITIONS, '')) {
        const guid = guidOf(body.id);
        this.custom.set(guid, { body, role: new ResolvedRole(guid, permissionsOf(body)) });
      }
      this.revision = current;
    }
    return this.custom;
  }
}

function guidOf(roleDefinitionId: string): string {
  const slash = roleDefinitionId.lastIndexOf('/');
  return roleDefinitionId.slice(slash + 1).toLowerCase();
}

function permissionsOf(body: ArmResource): PermissionBlock[] {
  const props = body.properties as { permissions?: Array<Partial<PermissionBlock>> } | undefined;
  return (props?.permissions ?? []).map((p) => ({
    actions: p.actions ?? [],
    notActions: p.notActions ?? [],
    dataActions: p.dataActions ?? [],
    notDataActions: p.notDataActions ?? [],
  }));
}
