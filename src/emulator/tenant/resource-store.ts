import type { ArmResource, ResourceStore } from '../http/types.js';
import { IdIndex } from './id-index.js';
import { isWithinScope, normalizeScope, parseResourceId } from './resource-id.js';
import type { ParsedResourceId } from './resource-id.js';

/** Resources of one type in one subscription, also split by resource group (lowercased keys). */
interface SubscriptionBucket {
  all: ArmResource[];
  byGroup: Map<string, ArmResource[]>;
}

interface TypeBucket {
  all: ArmResource[];
  bySubscription: Map<string, SubscriptionBucket>;
}

/** Where a stored resource sits in the indexes, derived from its id once. */
interface Placement {
  typeKey: string;
  subKey: string;
  groupKey: string;
  parentKey: string;
  childKey: string;
}

const EMPTY: readonly ArmResource[] = Object.freeze([]);

/** One change to the store, as a journal records it. */
export type StoreChange = { op: 'put'; resource: ArmResource } | { op: 'delete'; id: string };

/**
 * The emulator's resource state, indexed by id, by type → subscription → resource group, and by
 * parent. Stored objects are the parsed tenant bodies themselves (never copied), so a tenant with
 * a million sub-assessments costs little more than its parsed JSON.
 */
export class IndexedResourceStore implements ResourceStore {
  private readonly byId = new IdIndex();
  private readonly byType = new Map<string, TypeBucket>();
  private readonly byParent = new Map<string, Map<string, ArmResource[]>>();
  private readonly revisions = new Map<string, number>();
  private beforeChange: ((change: StoreChange) => void) | undefined;

  get size(): number {
    return this.byId.size;
  }

  /** Changes to resources of `type` so far; caches (e.g. role assignments) compare it. */
  revision(type: string): number {
    return this.revisions.get(type.toLowerCase()) ?? 0;
  }

  get(id: string): ArmResource | undefined {
    return this.byId.get(id);
  }

  /**
   * Called with every later put and delete before it takes effect; when it throws, the change is not
   * made (a journal that cannot be written must not leave a change that would vanish on restart).
   */
  onChange(listener: ((change: StoreChange) => void) | undefined): void {
    this.beforeChange = listener;
  }

  /** `parsed` may be passed when the caller already parsed the id (tenant loading does). */
  put(resource: ArmResource, parsed?: ParsedResourceId): ArmResource {
    const place = placementOf(resource.id, parsed);
    this.beforeChange?.({ op: 'put', resource });
    const previous = this.byId.set(resource);
    if (previous) {
      // Replacing keeps the tenant-file position in every list.
      this.replaceIn(place, previous, resource);
    } else {
      this.append(place, resource);
    }
    this.bump(place.typeKey);
    return resource;
  }

  delete(id: string): ArmResource | undefined {
    if (this.beforeChange && this.byId.get(id)) this.beforeChange({ op: 'delete', id });
    const removed = this.byId.delete(id);
    if (!removed) return undefined;
    const place = placementOf(removed.id);
    for (const list of this.listsOf(place)) removeFrom(list, removed);
    this.bump(place.typeKey);
    return removed;
  }

  listByType(type: string, scope: string): Iterable<ArmResource> {
    const bucket = this.byType.get(type.toLowerCase());
    if (!bucket) return EMPTY;
    if (scope === '' || scope === '/') return bucket.all;
    scope = normalizeScope(scope);
    const scoped = parseScope(scope);
    if (!scoped) return filterWithin(bucket.all, scope);
    const sub = bucket.bySubscription.get(scoped.subKey);
    if (!sub) return EMPTY;
    if (scoped.groupKey === undefined) return scoped.exact ? sub.all : filterWithin(sub.all, scope);
    const group = sub.byGroup.get(scoped.groupKey) ?? EMPTY;
    return scoped.exact ? group : filterWithin(group, scope);
  }

  children(parentId: string, childType: string): Iterable<ArmResource> {
    const key = parentId === '/' ? '' : parentId.toLowerCase();
    return this.byParent.get(key)?.get(childType.toLowerCase()) ?? EMPTY;
  }

  private append(place: Placement, resource: ArmResource): void {
    let bucket = this.byType.get(place.typeKey);
    if (!bucket) {
      bucket = { all: [], bySubscription: new Map() };
      this.byType.set(place.typeKey, bucket);
    }
    bucket.all.push(resource);
    if (place.subKey) {
      let sub = bucket.bySubscription.get(place.subKey);
      if (!sub) {
        sub = { all: [], byGroup: new Map() };
        bucket.bySubscription.set(place.subKey, sub);
      }
      sub.all.push(resource);
      if (place.groupKey) getOrCreate(sub.byGroup, place.groupKey).push(resource);
    }
    let kinds = this.byParent.get(place.parentKey);
    if (!kinds) {
      kinds = new Map();
      this.byParent.set(place.parentKey, kinds);
    }
    getOrCreate(kinds, place.childKey).push(resource);
  }

  private replaceIn(place: Placement, previous: ArmResource, next: ArmResource): void {
    for (const list of this.listsOf(place)) {
      const at = list.lastIndexOf(previous);
      if (at >= 0) list[at] = next;
    }
  }

  private *listsOf(place: Placement): Iterable<ArmResource[]> {
    const bucket = this.byType.get(place.typeKey);
    if (bucket) {
      yield bucket.all;
      const sub = bucket.bySubscription.get(place.subKey);
      if (sub) {
        yield sub.all;
        const group = sub.byGroup.get(place.groupKey);
        if (group) yield group;
      }
    }
    const siblings = this.byParent.get(place.parentKey)?.get(place.childKey);
    if (siblings) yield siblings;
  }

  private bump(typeKey: string): void {
    this.revisions.set(typeKey, (this.revisions.get(typeKey) ?? 0) + 1);
  }
}

function placementOf(id: string, known?: ParsedResourceId): Placement {
  const parsed = known ?? parseResourceId(id);
  if (!parsed) throw new TypeError(`not an ARM resource id: ${id}`);
  return {
    typeKey: parsed.type.toLowerCase(),
    subKey: parsed.subscriptionId?.toLowerCase() ?? '',
    groupKey: parsed.resourceGroup?.toLowerCase() ?? '',
    parentKey: parsed.parentId.toLowerCase(),
    childKey: parsed.childType.toLowerCase(),
  };
}

/** Subscription / resource group keys of a scope, and whether the scope is exactly that level. */
function parseScope(scope: string): { subKey: string; groupKey?: string; exact: boolean } | undefined {
  const segs = scope.split('/').filter((s) => s !== '');
  if (segs.length < 2 || segs[0]?.toLowerCase() !== 'subscriptions') return undefined;
  const subKey = (segs[1] ?? '').toLowerCase();
  if (segs.length < 4 || segs[2]?.toLowerCase() !== 'resourcegroups') return { subKey, exact: segs.length === 2 };
  return { subKey, groupKey: (segs[3] ?? '').toLowerCase(), exact: segs.length === 4 };
}

function* filterWithin(list: readonly ArmResource[], scope: string): Iterable<ArmResource> {
  for (const r of list) if (isWithinScope(r.id, scope)) yield r;
}

function getOrCreate<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key);
  if (!list) {
    list = [];
    map.set(key, list);
  }
  return list;
}

function removeFrom(list: ArmResource[], item: ArmResource): void {
  const at = list.lastIndexOf(item);
  if (at >= 0) list.splice(at, 1);
}
