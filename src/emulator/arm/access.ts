import type { ArmResource, Caller, EmulatorContext } from '../http/types.js';
import { notFoundById, resourceGroupNotFound, subscriptionNotFound } from './errors.js';
import { armTypeOf, normalizeScope, parentScopeOf, resourceGroupOf, resourceGroupPath, subscriptionIdOf, subscriptionPath } from './ids.js';

/**
 * The order ARM checks a request in: the subscription must exist (404), the caller must hold the action
 * at the requested scope whether or not the target exists (403), then the resource group and resource
 * must exist (404). Lists leave out what the caller cannot read.
 */

export function requireSubscription(ctx: EmulatorContext, subscriptionId: string): ArmResource {
  const sub = ctx.store.get(subscriptionPath(subscriptionId));
  if (!sub) throw subscriptionNotFound(subscriptionId);
  return sub;
}

/** Subscription exists, caller may `action` at the resource group, and the group exists. */
export function requireResourceGroup(
  ctx: EmulatorContext,
  caller: Caller,
  subscriptionId: string,
  resourceGroup: string,
  action: string,
  actionScope: string = resourceGroupPath(subscriptionId, resourceGroup),
): ArmResource {
  requireSubscription(ctx, subscriptionId);
  ctx.authz.demand(caller, action, actionScope);
  const rg = ctx.store.get(resourceGroupPath(subscriptionId, resourceGroup));
  if (!rg) throw resourceGroupNotFound(resourceGroup);
  return rg;
}

/**
 * Any scope (subscription, resource group or resource) for an operation at it: subscription first
 * (404), then the caller's right to `action` there (403), then the group and the resource (404).
 * Returns the normalised scope.
 */
export function requireScope(ctx: EmulatorContext, caller: Caller, rawScope: string, action: string): string {
  const scope = normalizeScope(rawScope);
  const subscriptionId = subscriptionIdOf(scope);
  if (subscriptionId !== undefined) requireSubscription(ctx, subscriptionId);
  ctx.authz.demand(caller, action, scope);
  const resourceGroup = resourceGroupOf(scope);
  if (subscriptionId !== undefined && resourceGroup !== undefined) {
    if (!ctx.store.get(resourceGroupPath(subscriptionId, resourceGroup))) throw resourceGroupNotFound(resourceGroup);
    if (armTypeOf(scope) !== 'Microsoft.Resources/resourceGroups' && !ctx.store.get(scope)) throw notFoundById(scope);
  }
  return scope;
}

/**
 * A predicate telling whether the caller may perform `action` on an item. For extension resources
 * (assessments, findings, diagnostic settings) the decision is taken once per extended resource: role
 * assignments on a finding itself do not occur, and large tenants hold millions of findings. Plain
 * resources are checked one by one, since a grant on one registry is common (AcrPush).
 */
export function visibleTo(ctx: EmulatorContext, caller: Caller, action: string): (id: string) => boolean {
  const cache = new Map<string, boolean>();
  return (id: string) => {
    const parent = parentScopeOf(id);
    const parentType = parent === undefined ? undefined : armTypeOf(parent);
    if (parent === undefined || parentType === undefined || parentType.startsWith('Microsoft.Resources/')) {
      return ctx.authz.allows(caller, action, id);
    }
    const key = parent.toLowerCase();
    let allowed = cache.get(key);
    if (allowed === undefined) {
      allowed = ctx.authz.allows(caller, action, parent);
      cache.set(key, allowed);
    }
    return allowed;
  };
}

export function* filterIterable<T>(items: Iterable<T>, keep: (item: T) => boolean): Iterable<T> {
  for (const item of items) if (keep(item)) yield item;
}

export function* mapIterable<T, U>(items: Iterable<T>, map: (item: T) => U): Iterable<U> {
  for (const item of items) yield map(item);
}

/**
 * Collection reads: ARM answers 403 only when the caller holds the read action nowhere at or beneath the
 * list's scope; otherwise it lists what the caller can read. "Beneath" is checked through the resource
 * groups of the subscription and then the candidates themselves.
 */
export function demandListAccess(
  ctx: EmulatorContext,
  caller: Caller,
  action: string,
  scope: string,
  candidates: () => Iterable<ArmResource>,
): void {
  if (ctx.authz.allows(caller, action, scope)) return;
  const subscriptionScope = scope.split('/').slice(0, 3).join('/');
  if (armTypeOf(scope) === 'Microsoft.Resources/subscriptions') {
    for (const rg of ctx.store.listByType('Microsoft.Resources/resourceGroups', subscriptionScope)) {
      if (ctx.authz.allows(caller, action, rg.id)) return;
    }
  }
  const visible = visibleTo(ctx, caller, action);
  for (const item of candidates()) if (visible(item.id)) return;
  ctx.authz.demand(caller, action, scope);
}

/** Stable ARM-style comparison for listing by name. */
export function byName(a: ArmResource, b: ArmResource): number {
  return (a.name ?? a.id).toLowerCase().localeCompare((b.name ?? b.id).toLowerCase());
}
