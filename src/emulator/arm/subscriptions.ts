import type { ArmResource, Caller, EmulatorContext, RouteModule } from '../http/types.js';
import { filterIterable } from './access.js';
import { API } from './api-versions.js';
import { subscriptionNotFound } from './errors.js';
import { subscriptionPath } from './ids.js';

const READ = 'Microsoft.Resources/subscriptions/read';
const RG_READ = 'Microsoft.Resources/subscriptions/resourceGroups/read';

export function allSubscriptions(ctx: EmulatorContext): Iterable<ArmResource> {
  return ctx.store.listByType('Microsoft.Resources/subscriptions', '/');
}

/**
 * ARM shows a subscription to anyone holding a role anywhere in it: at the subscription, or on one of
 * its resource groups (someone with Reader on a single group still sees the subscription).
 */
export function canSeeSubscription(ctx: EmulatorContext, caller: Caller, subscriptionId: string): boolean {
  const scope = subscriptionPath(subscriptionId);
  if (ctx.authz.allows(caller, READ, scope)) return true;
  for (const rg of ctx.store.listByType('Microsoft.Resources/resourceGroups', scope)) {
    if (ctx.authz.allows(caller, RG_READ, rg.id)) return true;
  }
  return false;
}

function subscriptionIdOfBody(sub: ArmResource): string {
  return typeof sub.subscriptionId === 'string' ? sub.subscriptionId : sub.id.split('/').filter(Boolean)[1] ?? '';
}

export const subscriptionRoutes: RouteModule = [
  {
    method: 'GET',
    pattern: '/subscriptions',
    apiVersions: API.subscriptions,
    handler: (req, ctx) => {
      const visible = filterIterable(allSubscriptions(ctx), (s) => canSeeSubscription(ctx, req.caller, subscriptionIdOfBody(s)));
      return { status: 200, body: ctx.page(req, visible) };
    },
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}',
    apiVersions: API.subscriptions,
    handler: (req, ctx) => {
      const id = req.params.subscriptionId ?? '';
      const sub = ctx.store.get(subscriptionPath(id));
      if (!sub) throw subscriptionNotFound(id);
      if (!canSeeSubscription(ctx, req.caller, id)) ctx.authz.demand(req.caller, READ, subscriptionPath(id));
      return { status: 200, body: sub };
    },
  },
];
