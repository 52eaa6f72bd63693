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

/** Reads the calling user's own identity and rights from Azure, with the user's own token. */
export interface AccessPort {
  whoami(user: UserIdentity): Promise<WhoAmI>;
}
