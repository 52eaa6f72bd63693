/**
 * ARM resource ids are self-describing: the kind of a resource, its parent, subscription and
 * resource group all follow from the id. These functions parse ids the way ARM does
 * (case-insensitive keywords, extension resources after a second `/providers/`).
 */

export interface ParsedResourceId {
  /** Fully qualified type as spelled in the id, e.g. `Microsoft.Security/assessments/subAssessments`. */
  type: string;
  /** Last segment of the id. */
  name: string;
  /** Last type segment, e.g. `subAssessments` (`subscriptions`/`resourceGroups` for those). */
  childType: string;
  /** Id of the direct container; '' for the tenant root. */
  parentId: string;
  subscriptionId?: string;
  resourceGroup?: string;
}

const SUBSCRIPTION_TYPE = 'Microsoft.Resources/subscriptions';
const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

function same(a: string | undefined, b: string): boolean {
  return a !== undefined && a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

function joinPrefix(segments: readonly string[], count: number): string {
  return count === 0 ? '' : '/' + segments.slice(0, count).join('/');
}

/** Parses an ARM resource id; undefined when it is not one (collections, empty segments, odd pairs). */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  if (!id.startsWith('/')) return undefined;
  const segs = id.slice(1).split('/');
  if (segs.length < 2 || segs.some((s) => s === '')) return undefined;
  const n = segs.length;
  let i = 0;
  let result: ParsedResourceId | undefined;
  let subscriptionId: string | undefined;
  let resourceGroup: string | undefined;

  if (same(segs[0], 'subscriptions')) {
    subscriptionId = segs[1];
    result = { type: SUBSCRIPTION_TYPE, name: segs[1] ?? '', childType: 'subscriptions', parentId: '' };
    i = 2;
    if (i < n && same(segs[i], 'resourceGroups')) {
      if (i + 1 >= n) return undefined;
      resourceGroup = segs[i + 1];
      result = { type: RESOURCE_GROUP_TYPE, name: segs[i + 1] ?? '', childType: 'resourceGroups', parentId: joinPrefix(segs, 2) };
      i += 2;
    }
  }

  // Each `/providers/{namespace}` block holds one or more type/name pairs; a later block is an
  // extension resource whose parent is everything before its `providers` keyword.
  while (i < n) {
    if (!same(segs[i], 'providers') || i + 3 >= n) return undefined;
    const typeParts = [segs[i + 1] ?? ''];
    let parentLen = i;
    let j = i + 2;
    let name = '';
    let childType = '';
    while (j < n && !(typeParts.length > 1 && same(segs[j], 'providers'))) {
      if (j + 1 >= n) return undefined;
      if (typeParts.length > 1) parentLen = j;
      childType = segs[j] ?? '';
      typeParts.push(childType);
      name = segs[j + 1] ?? '';
      j += 2;
    }
    result = { type: typeParts.join('/'), name, childType, parentId: joinPrefix(segs, parentLen) };
    i = j;
  }

  if (!result) return undefined;
  if (subscriptionId !== undefined) result.subscriptionId = subscriptionId;
  if (resourceGroup !== undefined) result.resourceGroup = resourceGroup;
  return result;
}

/** Type of the resource an id names, e.g. `Microsoft.ContainerRegistry/registries`. */
export function resourceTypeOf(id: string): string | undefined {
  return parseResourceId(id)?.type;
}

/** Folds duplicate slashes and drops a trailing slash: `//subscriptions/x/` → `/subscriptions/x`. */
export function normalizeScope(scope: string): string {
  const folded = ('/' + scope).replace(/\/{2,}/g, '/');
  return folded.length > 1 && folded.endsWith('/') ? folded.slice(0, -1) : folded;
}

/**
 * Whether `scope` is `ancestor` or lies below it, comparing case-insensitively on segment
 * boundaries. The tenant root ('' or '/') contains everything.
 */
export function isWithinScope(scope: string, ancestor: string): boolean {
  if (ancestor === '' || ancestor === '/') return true;
  if (scope.length < ancestor.length) return false;
  if (scope.length > ancestor.length && scope.charCodeAt(ancestor.length) !== 47 /* '/' */) return false;
  return startsWithIgnoreCase(scope, ancestor);
}

/** ASCII case-insensitive prefix test without allocating (ids are ASCII in practice). */
export function startsWithIgnoreCase(value: string, prefix: string): boolean {
  if (value.length < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) {
    let a = value.charCodeAt(k);
    let b = prefix.charCodeAt(k);
    if (a === b) continue;
    if (a > 127 || b > 127) return value.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase();
    if (a >= 65 && a <= 90) a += 32;
    if (b >= 65 && b <= 90) b += 32;
    if (a !== b) return false;
  }
  return true;
}

/** Case-insensitive equality of two ids. */
export function sameId(a: string, b: string): boolean {
  return a.length === b.length ? startsWithIgnoreCase(a, b) : a.toLowerCase() === b.toLowerCase();
}

/** `/subscriptions/{s}` for any id below a subscription. */
export function subscriptionIdOf(id: string): string | undefined {
  const m = /^\/+subscriptions\/+([^/]+)/i.exec(id);
  return m?.[1];
}

/** Resource group name for any id below a resource group. */
export function resourceGroupOf(id: string): string | undefined {
  const m = /^\/+subscriptions\/+[^/]+\/+resourceGroups\/+([^/]+)/i.exec(id);
  return m?.[1];
}
