/**
 * Azure portal deep links. `#@{tenant}` makes the portal switch to the right directory before it opens
 * the resource, which matters for people who are guests in several tenants.
 */
const PORTAL = 'https://portal.azure.com';

/** `/subscriptions/…` and other ARM ids, normalised to one leading slash and no trailing slash. */
export function normalizeScope(scope: string): string {
  const trimmed = scope.trim().replace(/\/+$/, '');
  return trimmed === '' ? '/' : `/${trimmed.replace(/^\/+/, '')}`;
}

export function portalHomeUrl(tenantId: string): string {
  return `${PORTAL}/#@${encodeURIComponent(tenantId)}`;
}

/** The portal page of an ARM scope or resource; the tenant root has no page of its own, so it opens home. */
export function portalResourceUrl(tenantId: string, scopeId: string): string {
  const scope = normalizeScope(scopeId);
  if (scope === '/') return portalHomeUrl(tenantId);
  return `${portalHomeUrl(tenantId)}/resource${encodeURI(scope)}`;
}

/** Long GUIDs read badly on a phone: `1d6e3a2b…0001`. The full id stays available elsewhere on the card. */
export function shortId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}
