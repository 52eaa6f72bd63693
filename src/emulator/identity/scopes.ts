import { entraErrors } from './entra-error.js';

/** OpenID Connect scopes MSAL adds on its own; they ask for id tokens, not for a resource. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const ARM_RESOURCES = ['https://management.azure.com', 'https://management.core.windows.net'];

export interface RequestedScopes {
  /** The resource scopes as sent (e.g. `https://management.azure.com/.default`). */
  resourceScopes: string[];
  /** Permission names under the resource (`.default`, `user_impersonation`). */
  names: string[];
  openid: boolean;
  /** `offline_access`: a refresh token is wanted too. */
  offlineAccess: boolean;
}

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '').toLowerCase();
}

/**
 * Parses a v2 `scope` parameter that must name ARM. The emulator's own origin is accepted as an
 * alias of ARM: ARM SDK clients given only `endpoint` ask for `${endpoint}/.default`.
 */
export function parseArmScopes(scope: string | null, tenantId: string, ownOrigins: readonly string[]): RequestedScopes {
  if (scope === null || scope.trim() === '') throw entraErrors.missingParameter('scope');
  const parts = scope.split(/\s+/).filter((s) => s !== '');
  const openid = parts.some((p) => p.toLowerCase() === 'openid');
  const resourceScopes = parts.filter((p) => !OIDC_SCOPES.has(p.toLowerCase()));
  if (resourceScopes.length === 0) throw entraErrors.invalidScope(scope);
  const aliases = [...ARM_RESOURCES, ...ownOrigins].map(trimSlash);
  const names: string[] = [];
  for (const s of resourceScopes) {
    const slash = s.lastIndexOf('/');
    if (slash <= 0 || !/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) throw entraErrors.invalidScope(s);
    const resource = s.slice(0, slash);
    if (!aliases.includes(trimSlash(resource))) throw entraErrors.unknownResource(resource, tenantId);
    names.push(s.slice(slash + 1));
  }
  return { resourceScopes, names, openid, offlineAccess: parts.some((p) => p.toLowerCase() === 'offline_access') };
}
