import { BUILT_IN_ROLES } from '../../src/emulator/authz/builtin-roles.js';
import { readTenant } from './personas.js';

/**
 * What a tenant file says about a person, computed from the file itself so tests assert on data,
 * not on copied strings: a change to the demo tenant changes the expectations with it.
 */

export interface ExpectedAssignment {
  roleName: string;
  scope: string;
  /** Subscription display name, resource group name or resource name. */
  scopeLabel: string;
  viaGroup: boolean;
}

type Resource = Record<string, unknown> & { id?: unknown; properties?: Record<string, unknown> };

const ROLE_ASSIGNMENT = /\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i;

export interface TenantFacts {
  tenantId: string;
  /** Subscription id (lower case) → display name. */
  subscriptions: Map<string, string>;
  isPrincipal(objectId: string): boolean;
  assignmentsOf(objectId: string): ExpectedAssignment[];
  /** Distinct role names of a principal, direct and through groups. */
  roleNamesOf(objectId: string): string[];
  /** Display names of the subscriptions a principal has any role at or under. */
  subscriptionNamesOf(objectId: string): string[];
}

export function tenantFacts(file?: string): TenantFacts {
  const tenant = readTenant(file);
  const resources = tenant.resources as Resource[];
  const subscriptions = new Map<string, string>();
  const roleNames = new Map<string, string>(BUILT_IN_ROLES.map((r) => [r.guid.toLowerCase(), r.roleName]));
  for (const r of resources) {
    const id = String(r.id ?? '');
    const sub = /^\/subscriptions\/([^/]+)$/i.exec(id);
    if (sub?.[1]) subscriptions.set(sub[1].toLowerCase(), String(r.displayName ?? sub[1]));
    const custom = /\/roleDefinitions\/([^/]+)$/i.exec(id);
    if (custom?.[1] && typeof r.properties?.roleName === 'string') roleNames.set(custom[1].toLowerCase(), r.properties.roleName);
  }

  const groupsOf = (objectId: string): string[] => {
    const principal = tenant.principals.find((p) => String(p.id).toLowerCase() === objectId.toLowerCase()) as { groups?: unknown } | undefined;
    return Array.isArray(principal?.groups) ? principal.groups.map((g) => String(g).toLowerCase()) : [];
  };

  const labelOf = (scope: string): string => {
    const segments = scope.split('/').filter(Boolean);
    if (segments.length === 2) return subscriptions.get(String(segments[1]).toLowerCase()) ?? String(segments[1]);
    return String(segments.at(-1));
  };

  const assignmentsOf = (objectId: string): ExpectedAssignment[] => {
    const direct = objectId.toLowerCase();
    const groups = groupsOf(objectId);
    return resources
      .filter((r) => ROLE_ASSIGNMENT.test(String(r.id ?? '')))
      .flatMap((r) => {
        const principalId = String(r.properties?.principalId ?? '').toLowerCase();
        const viaGroup = groups.includes(principalId);
        if (principalId !== direct && !viaGroup) return [];
        const roleGuid = String(r.properties?.roleDefinitionId ?? '').split('/').pop()?.toLowerCase() ?? '';
        const scope = String(r.properties?.scope ?? String(r.id).split('/providers/Microsoft.Authorization/')[0]);
        return [{ roleName: roleNames.get(roleGuid) ?? roleGuid, scope, scopeLabel: labelOf(scope), viaGroup }];
      });
  };

  return {
    tenantId: tenant.tenantId,
    subscriptions,
    isPrincipal: (objectId) => tenant.principals.some((p) => String(p.id).toLowerCase() === objectId.toLowerCase()),
    assignmentsOf,
    roleNamesOf: (objectId) => [...new Set(assignmentsOf(objectId).map((a) => a.roleName))],
    subscriptionNamesOf: (objectId) => [
      ...new Set(
        assignmentsOf(objectId).map((a) => subscriptions.get(String(a.scope.split('/')[2]).toLowerCase()) ?? ''),
      ),
    ].filter(Boolean),
  };
}
