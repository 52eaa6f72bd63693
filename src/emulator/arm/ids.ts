/**
 * ARM resource ids are self-describing: `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}
 * [/{childType}/{childName}…][/providers/{ns}/{extType}/{extName}…]`. These helpers read them the way ARM
 * does: segment by segment, case-insensitively, tolerating the doubled slashes SDKs send for scopes.
 */

export function segmentsOf(id: string): string[] {
  return id.split('/').filter((s) => s.length > 0);
}

/** `/a/b` form with single slashes; the tenant root is `/`. */
export function normalizeScope(raw: string): string {
  const parts = segmentsOf(raw);
  return parts.length === 0 ? '/' : `/${parts.join('/')}`;
}

export function sameId(a: string, b: string): boolean {
  return normalizeScope(a).toLowerCase() === normalizeScope(b).toLowerCase();
}

/** True when `id` equals `scope` or lies beneath it on a segment boundary. */
export function isAtOrUnder(id: string, scope: string): boolean {
  const s = normalizeScope(scope).toLowerCase();
  if (s === '/') return true;
  const i = normalizeScope(id).toLowerCase();
  return i === s || i.startsWith(`${s}/`);
}

/** True when `id` is `scope` or one of its ancestors (the scopes whose assignments reach `scope`). */
export function isAtOrAbove(id: string, scope: string): boolean {
  return isAtOrUnder(scope, id);
}

export function subscriptionIdOf(id: string): string | undefined {
  const parts = segmentsOf(id);
  return parts[0]?.toLowerCase() === 'subscriptions' ? parts[1] : undefined;
}

export function resourceGroupOf(id: string): string | undefined {
  const parts = segmentsOf(id);
  return parts[0]?.toLowerCase() === 'subscriptions' && parts[2]?.toLowerCase() === 'resourcegroups' ? parts[3] : undefined;
}

export function subscriptionPath(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}

export function resourceGroupPath(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

function lastProvidersIndex(parts: string[]): number {
  for (let i = parts.length - 2; i >= 0; i -= 1) {
    if (parts[i]?.toLowerCase() === 'providers') return i;
  }
  return -1;
}

/**
 * The ARM type of the resource an id names (`Microsoft.ContainerRegistry/registries`,
 * `Microsoft.Security/assessments/subAssessments`), or the Microsoft.Resources type of a
 * subscription / resource group id.
 */
export function armTypeOf(id: string): string | undefined {
  const parts = segmentsOf(id);
  const p = lastProvidersIndex(parts);
  if (p < 0) {
    if (parts.length === 2 && parts[0]?.toLowerCase() === 'subscriptions') return 'Microsoft.Resources/subscriptions';
    if (parts.length === 4 && parts[2]?.toLowerCase() === 'resourcegroups') return 'Microsoft.Resources/resourceGroups';
    return undefined;
  }
  const rest = parts.slice(p + 1);
  const namespace = rest[0];
  if (!namespace || rest.length < 3) return undefined;
  const types: string[] = [];
  for (let i = 1; i < rest.length; i += 2) types.push(rest[i] ?? '');
  return `${namespace}/${types.join('/')}`;
}

/** The last segment: a resource's name. */
export function nameOf(id: string): string {
  const parts = segmentsOf(id);
  return parts[parts.length - 1] ?? '';
}

/**
 * The scope an id's last provider section hangs from: the extended resource for an extension resource
 * (`{registry}/providers/Microsoft.Security/assessments/x` → the registry), the resource group for a
 * plain resource, the subscription for a subscription-level resource.
 */
export function parentScopeOf(id: string): string | undefined {
  const parts = segmentsOf(id);
  const p = lastProvidersIndex(parts);
  if (p <= 0) return undefined;
  const prefix = parts.slice(0, p);
  // `/subscriptions/{s}/providers/...` extends the subscription; a provider prefix needs ns/type/name.
  return prefix.length >= 2 ? `/${prefix.join('/')}` : undefined;
}

/** Compares ARM types the way ARM does (case-insensitively). */
export function sameType(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
