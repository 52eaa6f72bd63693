/** The person behind a turn, as Teams names them. */
export interface UserIdentity {
  /** Channel account id (Teams: `29:…`). */
  channelUserId: string;
  /** Entra object id (`from.aadObjectId`); absent for channels that do not carry one. */
  aadObjectId?: string;
  name?: string;
}

/** A role assignment as people read it. */
export interface RoleAssignmentView {
  roleName: string;
  roleDefinitionId: string;
  scope: string;
  /** `subscription`, `resourceGroup`, `resource` or `managementGroup`, derived from the scope. */
  scopeKind: 'tenant' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';
  /** Human label for the scope: subscription display name, resource group name or resource name. */
  scopeLabel: string;
  /** True when the assignment reaches the user through a group. */
  viaGroup: boolean;
}

export interface SubscriptionView {
  id: string;
  displayName: string;
  /** The subscription's tags (its environment, when tagged, is derived from them). */
  tags: Record<string, string>;
}

export interface WhoAmI {
  objectId: string;
  displayName: string;
  userPrincipalName?: string;
  tenantId: string;
  subscriptions: SubscriptionView[];
  roleAssignments: RoleAssignmentView[];
}

/** Someone holding a role that grants an action at a scope (or above it). */
export interface RoleHolder {
  roleName: string;
  principalId: string;
  /** `User`, `Group`, `ServicePrincipal`, when Azure says. */
  principalType: string | undefined;
  /** Where the role is assigned (the scope itself or one above it). */
  scope: string;
}

/** Which roles grant an action at a scope, and who holds them there, as far as the asker can read. */
export interface ActionHolders {
  roles: string[];
  holders: RoleHolder[];
}

/** Reads the calling user's own identity and rights from Azure, with the user's own token. */
export interface AccessPort {
  whoami(user: UserIdentity): Promise<WhoAmI>;
  /** Roles granting `action` at `scope` and their holders, read with the user's own rights; absent where not implemented. */
  holdersOf?(user: UserIdentity, action: string, scope: string): Promise<ActionHolders>;
  /** Names of subscriptions the user reads only in part (some resource groups), read with their own rights; absent where not implemented. */
  partiallyRead?(user: UserIdentity): Promise<string[]>;
}

/** Whether an RBAC action pattern (`Microsoft.Authorization/*`, `*`) covers an action, as Azure matches them: case-insensitive, `*` for any run of characters. */
export function actionCovers(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/** Whether a role's permissions grant an action: some `actions` entry covers it and no `notActions` entry does. */
export function grants(permissions: readonly { actions: readonly string[]; notActions: readonly string[] }[], action: string): boolean {
  return permissions.some((p) => p.actions.some((a) => actionCovers(a, action)) && !p.notActions.some((a) => actionCovers(a, action)));
}
