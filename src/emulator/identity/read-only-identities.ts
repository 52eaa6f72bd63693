import type { IndexedResourceStore } from '../tenant/resource-store.js';
import type { Directory } from './directory.js';

/** Built-in role GUIDs of a read-only digest identity (TENANT-FORMAT.md, "principals"). */
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const SECURITY_READER = '39bc4728-0917-49c7-9d2c-d95423bc2eb4';
const READ_ONLY_ROLES = new Set([READER, SECURITY_READER]);

/** A service principal of the tenant that can sign in with a secret and can only read. */
export interface ReadOnlyIdentity {
  objectId: string;
  appId: string;
  displayName: string;
  /** The tenant file's local value for the client-credentials grant (never a real secret). */
  clientSecret: string;
}

/**
 * The tenant's read-only identities for digests: enabled service principals with an app id and a
 * secret, holding Reader and Security Reader and no other role. A principal with any write role
 * is left out, so a bot that takes one of these can never change the estate with it.
 */
export function readOnlyIdentities(directory: Directory, store: IndexedResourceStore): ReadOnlyIdentity[] {
  const roles = new Map<string, Set<string>>();
  for (const body of store.listByType('Microsoft.Authorization/roleAssignments', '')) {
    const props = (body.properties ?? {}) as { principalId?: unknown; roleDefinitionId?: unknown };
    if (typeof props.principalId !== 'string' || typeof props.roleDefinitionId !== 'string') continue;
    const principal = props.principalId.toLowerCase();
    const set = roles.get(principal) ?? new Set<string>();
    set.add((props.roleDefinitionId.split('/').pop() ?? '').toLowerCase());
    roles.set(principal, set);
  }
  const out: ReadOnlyIdentity[] = [];
  for (const entry of directory.principals.values()) {
    const { principal } = entry;
    if (principal.type !== 'ServicePrincipal' || !principal.appId || !entry.clientSecret || !entry.enabled) continue;
    if (principal.appId.toLowerCase() === directory.registeredApp.appId.toLowerCase()) continue;
    const held = roles.get(principal.id.toLowerCase()) ?? new Set<string>();
    if (!held.has(READER) || !held.has(SECURITY_READER) || [...held].some((r) => !READ_ONLY_ROLES.has(r))) continue;
    out.push({ objectId: principal.id, appId: principal.appId, displayName: principal.displayName, clientSecret: entry.clientSecret });
  }
  return out.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.appId.localeCompare(b.appId));
}
