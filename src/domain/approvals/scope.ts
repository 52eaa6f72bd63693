/** ARM scopes as the approval flow reads them: which subscription, which group, which resource. */
export interface ScopeParts {
  subscriptionId?: string;
  resourceGroup?: string;
  /** The last segment of a resource id (registry name, assignment name…). */
  name?: string;
}

export function scopeParts(scope: string): ScopeParts {
  const parts = scope.split('/').filter(Boolean);
  const at = (key: string): string | undefined => {
    const i = parts.findIndex((p) => p.toLowerCase() === key);
    return i >= 0 ? parts[i + 1] : undefined;
  };
  const subscriptionId = at('subscriptions');
  const resourceGroup = at('resourcegroups');
  const deep = parts.length > 4;
  return {
    ...(subscriptionId ? { subscriptionId } : {}),
    ...(resourceGroup ? { resourceGroup } : {}),
    ...(deep ? { name: parts[parts.length - 1] as string } : {}),
  };
}

/** The scope an extension resource id hangs under: `/subscriptions/s/resourceGroups/g` for `…/providers/Microsoft.Authorization/policyAssignments/a`. */
export function parentScopeOf(resourceId: string, providerNamespace: string): string {
  const at = resourceId.toLowerCase().lastIndexOf(`/providers/${providerNamespace.toLowerCase()}/`);
  return at <= 0 ? '/' : resourceId.slice(0, at);
}

/** "rg-dev-sandbox (Contoso Dev)", "Contoso Dev", or the last segment of anything else. */
export function scopeLabelOf(scope: string, subscriptionName?: string): string {
  const { resourceGroup, name } = scopeParts(scope);
  const sub = subscriptionName ? ` (${subscriptionName})` : '';
  if (name) return `${name}${sub}`;
  if (resourceGroup) return `${resourceGroup}${sub}`;
  return subscriptionName ?? scope;
}

/** True when `inner` is `outer` or lies under it (case-insensitive, as ARM compares ids). */
export function isWithin(inner: string, outer: string): boolean {
  const a = inner.toLowerCase().replace(/\/+$/, '');
  const b = outer.toLowerCase().replace(/\/+$/, '');
  return a === b || a.startsWith(`${b}/`);
}
