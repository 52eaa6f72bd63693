import type { ArmResource, ResourceStore } from '../http/types.js';

/**
 * The tenant's management-group hierarchy: root → child groups → subscriptions. A group is a
 * `Microsoft.Management/managementGroups` resource naming its parent in `properties.details.parent.id`
 * and its subscriptions in `properties.children[]` (entries of type `/subscriptions`), as ARM's GET
 * with `$expand=children` shows them. A subscription no group names belongs to the root group, whose
 * name is the tenant id, as in Azure. Role and policy assignments at a group reach everything below it.
 */

export const MANAGEMENT_GROUP_TYPE = 'Microsoft.Management/managementGroups';
const PREFIX = '/providers/microsoft.management/managementgroups/';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const norm = (id: string): string => `/${id.split('/').filter(Boolean).join('/')}`.toLowerCase();

/** `norm(scope).startsWith(PREFIX)` without allocating: RBAC asks it for every grant of every check. */
const GROUP_SCOPE = /^\/*providers\/+microsoft\.management\/+managementgroups\/+[^/]/i;

export function isManagementGroupScope(scope: string): boolean {
  return GROUP_SCOPE.test(scope);
}

export function managementGroupId(name: string): string {
  return `/providers/Microsoft.Management/managementGroups/${name}`;
}

export class ManagementGroups {
  /** Lower-case group id → its parent's lower-case id. */
  private readonly parentOf = new Map<string, string>();
  /** Lower-case subscription id → the lower-case id of the group holding it. */
  private readonly groupOfSubscription = new Map<string, string>();
  private readonly root: string;

  constructor(groups: Iterable<ArmResource>, tenantId: string) {
    this.root = norm(managementGroupId(tenantId));
    for (const group of groups) {
      const id = norm(group.id);
      const properties = isObject(group.properties) ? group.properties : {};
      const parent = isObject(properties.details) && isObject(properties.details.parent) ? properties.details.parent.id : undefined;
      if (id !== this.root) this.parentOf.set(id, typeof parent === 'string' && parent !== '' ? norm(parent) : this.root);
      const children = Array.isArray(properties.children) ? properties.children.filter(isObject) : [];
      for (const child of children) {
        const childId = typeof child.id === 'string' ? norm(child.id) : '';
        if (/^\/subscriptions\/[^/]+$/.test(childId)) this.groupOfSubscription.set(childId.split('/')[2] ?? '', id);
        else if (childId.startsWith(PREFIX) && !this.parentOf.has(childId)) this.parentOf.set(childId, id);
      }
    }
  }

  get empty(): boolean {
    return this.parentOf.size === 0 && this.groupOfSubscription.size === 0;
  }

  /** The groups above `scope`, nearest first, ending with the root group (lower-case ids). */
  ancestorsOf(scope: string): string[] {
    const s = norm(scope);
    let group: string | undefined;
    if (s.startsWith(PREFIX)) group = this.parentOf.get(s.split('/').slice(0, 5).join('/')) ?? (s === this.root ? undefined : this.root);
    else if (s.startsWith('/subscriptions/')) group = this.groupOfSubscription.get(s.split('/')[2] ?? '') ?? this.root;
    const chain: string[] = [];
    // A parent loop in a hand-written file must not hang the emulator.
    while (group !== undefined && !chain.includes(group)) {
      chain.push(group);
      group = group === this.root ? undefined : (this.parentOf.get(group) ?? this.root);
    }
    return chain;
  }

  /** True when `scope` lies at or under `ancestor`, through the group hierarchy as well as by id. */
  contains(ancestor: string, scope: string): boolean {
    const a = norm(ancestor);
    const s = norm(scope);
    if (a === '/' || s === a || s.startsWith(`${a}/`)) return true;
    return a.startsWith(PREFIX) && this.ancestorsOf(s).includes(a);
  }
}

const cache = new WeakMap<ResourceStore, { stamp: string; groups: ManagementGroups }>();

/** The hierarchy of a store, rebuilt only when its management groups change. */
export function managementGroupsOf(store: ResourceStore, tenantId: string): ManagementGroups {
  const revision = (store as { revision?: (type: string) => number }).revision?.(MANAGEMENT_GROUP_TYPE);
  const stamp = `${tenantId}:${revision ?? Math.random()}`;
  const known = cache.get(store);
  if (known && known.stamp === stamp) return known.groups;
  const groups = new ManagementGroups(store.listByType(MANAGEMENT_GROUP_TYPE, ''), tenantId);
  cache.set(store, { stamp, groups });
  return groups;
}
