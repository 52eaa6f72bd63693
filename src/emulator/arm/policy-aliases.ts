import type { ArmResource } from '../http/types.js';
import { armTypeOf } from './ids.js';

/**
 * Azure Policy aliases → paths in the ARM body. The aliases the built-in container definitions use are
 * listed with the paths Azure's alias catalogue gives them (`az provider show --expand
 * "resourceTypes/aliases"`); any other alias of the resource's own type falls back to the usual rule
 * (top-level fields as they are, everything else under `properties`, nested `properties` envelopes of
 * array elements skipped). Alias names, like every name in policy, compare case-insensitively.
 */

const ACR = 'Microsoft.ContainerRegistry/registries';

export const KNOWN_ALIASES: Readonly<Record<string, string>> = {
  [`${ACR}/adminUserEnabled`]: 'properties.adminUserEnabled',
  // Only some api-versions return it: absent is read as "not set" (false), as Azure Policy does.
  [`${ACR}/anonymousPullEnabled`]: 'properties.anonymousPullEnabled',
  [`${ACR}/dataEndpointEnabled`]: 'properties.dataEndpointEnabled',
  [`${ACR}/encryption.status`]: 'properties.encryption.status',
  [`${ACR}/encryption.keyVaultProperties.keyIdentifier`]: 'properties.encryption.keyVaultProperties.keyIdentifier',
  [`${ACR}/networkRuleSet.defaultAction`]: 'properties.networkRuleSet.defaultAction',
  [`${ACR}/networkRuleSet.ipRules[*]`]: 'properties.networkRuleSet.ipRules[*]',
  [`${ACR}/policies.azureADAuthenticationAsArmPolicy`]: 'properties.policies.azureADAuthenticationAsArmPolicy',
  [`${ACR}/policies.azureADAuthenticationAsArmPolicy.status`]: 'properties.policies.azureADAuthenticationAsArmPolicy.status',
  [`${ACR}/policies.exportPolicy.status`]: 'properties.policies.exportPolicy.status',
  [`${ACR}/policies.quarantinePolicy.status`]: 'properties.policies.quarantinePolicy.status',
  [`${ACR}/policies.retentionPolicy.status`]: 'properties.policies.retentionPolicy.status',
  [`${ACR}/policies.trustPolicy.status`]: 'properties.policies.trustPolicy.status',
  [`${ACR}/privateEndpointConnections[*]`]: 'properties.privateEndpointConnections[*]',
  [`${ACR}/privateEndpointConnections[*].privateLinkServiceConnectionState.status`]:
    'properties.privateEndpointConnections[*].properties.privateLinkServiceConnectionState.status',
  [`${ACR}/publicNetworkAccess`]: 'properties.publicNetworkAccess',
  [`${ACR}/sku.name`]: 'sku.name',
  [`${ACR}/sku.tier`]: 'sku.tier',
  [`${ACR}/zoneRedundancy`]: 'properties.zoneRedundancy',
  [`${ACR}/privateEndpointConnections/privateLinkServiceConnectionState.status`]: 'properties.privateLinkServiceConnectionState.status',
  [`${ACR}/tokens/status`]: 'properties.status',
  'Microsoft.Network/privateEndpoints/privateLinkServiceConnections[*].groupIds[*]': 'properties.privateLinkServiceConnections[*].properties.groupIds[*]',
  'Microsoft.Security/assessments/status.code': 'properties.status.code',
};

const BY_LOWER = new Map(Object.entries(KNOWN_ALIASES).map(([alias, path]) => [alias.toLowerCase(), path]));

/** Top-level fields of an ARM body; any other alias path starts in `properties`. */
const TOP_LEVEL = new Set(['id', 'name', 'type', 'location', 'kind', 'tags', 'sku', 'identity', 'plan', 'zones', 'extendedlocation', 'managedby']);
/** Aliases of a type that name top-level fields (`…/registries/sku.name`). */
const ALIAS_TOP_LEVEL = new Set(['sku', 'identity', 'location', 'tags', 'kind', 'plan', 'zones']);

/** Where a field lives in a body: path segments (`[*]` marks a fan-out), and whether the path is exact. */
export interface ResolvedField {
  segments: string[];
  /** Catalogued aliases name exact paths; the fallback rule may look inside nested `properties`. */
  exact: boolean;
}

/** Splits `a.b[*].c` into ['a', 'b', '[*]', 'c']; `tags['x']` / `tags[x]` become ['tags', 'x']. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  for (const raw of path.split('.')) {
    const re = /([^[\]]+)|\[\*\]|\[['"]?([^\]'"]+)['"]?\]/g;
    for (const m of raw.matchAll(re)) parts.push(m[0] === '[*]' ? '[*]' : (m[1] ?? m[2] ?? ''));
  }
  return parts.filter((p) => p !== '');
}

export function resourceTypeOf(resource: ArmResource): string {
  return resource.type ?? armTypeOf(resource.id) ?? '';
}

/**
 * The body path of a policy `field` on a resource, or undefined when the field is an alias of another
 * resource type (which never exists on this resource).
 */
export function resolveField(resource: ArmResource, field: string): ResolvedField | undefined {
  const lower = field.toLowerCase();
  const type = resourceTypeOf(resource).toLowerCase();
  const known = BY_LOWER.get(lower);
  if (known !== undefined) {
    // Property paths use dots, so the alias's type is everything before its last slash.
    return lower.slice(0, lower.lastIndexOf('/')) === type ? { segments: splitPath(known), exact: true } : undefined;
  }
  if (lower === 'fullname') return { segments: ['name'], exact: true };
  if (type !== '' && lower.startsWith(`${type}/`)) {
    const segments = splitPath(field.slice(type.length + 1));
    const top = ALIAS_TOP_LEVEL.has(segments[0]?.toLowerCase() ?? '');
    return { segments: top ? segments : ['properties', ...segments], exact: false };
  }
  // An alias of another type (or an unknown alias): the field does not exist on this resource.
  if (lower.includes('/')) return undefined;
  const segments = splitPath(field);
  if (TOP_LEVEL.has(segments[0]?.toLowerCase() ?? '')) return { segments, exact: true };
  // Not a policy field name; read leniently (the property bag first) rather than failing the rule.
  return { segments: ['properties', ...segments], exact: false };
}
