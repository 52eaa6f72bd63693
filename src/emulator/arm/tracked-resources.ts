import type { ArmResource, Caller, EmulatorContext, Route } from '../http/types.js';
import { demandListAccess, filterIterable, requireSubscription, visibleTo } from './access.js';
import { resourceGroupNotFound, resourceNotFound } from './errors.js';
import { resourceGroupPath, subscriptionPath } from './ids.js';

/** A top-level resource type in a resource group (registries, container groups, managed clusters). */
export interface TrackedType {
  /** `Microsoft.ContainerRegistry` */
  namespace: string;
  /** `registries` */
  type: string;
  /** Route parameter naming the resource, as the SDK names it (`registryName`). */
  nameParam: string;
  apiVersions: readonly string[];
}

export function fullType(t: TrackedType): string {
  return `${t.namespace}/${t.type}`;
}

export function readAction(t: TrackedType): string {
  return `${fullType(t)}/read`;
}

export function resourceId(t: TrackedType, subscriptionId: string, resourceGroup: string, name: string): string {
  return `${resourceGroupPath(subscriptionId, resourceGroup)}/providers/${fullType(t)}/${name}`;
}

/**
 * One resource for an operation on it: the subscription exists, the caller holds `action` on the
 * resource (403 even when it does not exist, as ARM checks access first), and the group and the
 * resource exist.
 */
export function requireTracked(
  ctx: EmulatorContext,
  caller: Caller,
  t: TrackedType,
  params: Record<string, string>,
  action: string,
): ArmResource {
  const subscriptionId = params.subscriptionId ?? '';
  const resourceGroup = params.resourceGroupName ?? '';
  const name = params[t.nameParam] ?? '';
  const id = resourceId(t, subscriptionId, resourceGroup, name);
  requireSubscription(ctx, subscriptionId);
  ctx.authz.demand(caller, action, id);
  if (!ctx.store.get(resourceGroupPath(subscriptionId, resourceGroup))) throw resourceGroupNotFound(resourceGroup);
  const resource = ctx.store.get(id);
  if (!resource) throw resourceNotFound(fullType(t), name, resourceGroup);
  return resource;
}

/** List by subscription, list by resource group and get, with ARM's read filtering. */
export function trackedReadRoutes(t: TrackedType): Route[] {
  const action = readAction(t);
  const type = fullType(t);
  return [
    {
      method: 'GET',
      pattern: `/subscriptions/{subscriptionId}/providers/${type}`,
      apiVersions: t.apiVersions,
      handler: (req, ctx) => {
        const subscriptionId = req.params.subscriptionId ?? '';
        requireSubscription(ctx, subscriptionId);
        const scope = subscriptionPath(subscriptionId);
        const all = () => ctx.store.listByType(type, scope);
        demandListAccess(ctx, req.caller, action, scope, all);
        const visible = visibleTo(ctx, req.caller, action);
        return { status: 200, body: ctx.page(req, filterIterable(all(), (r) => visible(r.id))) };
      },
    },
    {
      method: 'GET',
      pattern: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${type}`,
      apiVersions: t.apiVersions,
      handler: (req, ctx) => {
        const subscriptionId = req.params.subscriptionId ?? '';
        const resourceGroup = req.params.resourceGroupName ?? '';
        requireSubscription(ctx, subscriptionId);
        const scope = resourceGroupPath(subscriptionId, resourceGroup);
        const all = () => ctx.store.listByType(type, scope);
        demandListAccess(ctx, req.caller, action, scope, all);
        if (!ctx.store.get(scope)) throw resourceGroupNotFound(resourceGroup);
        const visible = visibleTo(ctx, req.caller, action);
        return { status: 200, body: ctx.page(req, filterIterable(all(), (r) => visible(r.id))) };
      },
    },
    {
      method: 'GET',
      pattern: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${type}/{${t.nameParam}}`,
      apiVersions: t.apiVersions,
      handler: (req, ctx) => ({ status: 200, body: requireTracked(ctx, req.caller, t, req.params, action) }),
    },
  ];
}
