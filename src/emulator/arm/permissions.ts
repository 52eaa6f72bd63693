import type { RouteModule } from '../http/types.js';
import { notFoundById, resourceGroupNotFound } from './errors.js';
import { requireSubscription } from './access.js';
import { API } from './api-versions.js';
import { armTypeOf, normalizeScope, resourceGroupOf, resourceGroupPath, subscriptionIdOf } from './ids.js';

/**
 * `Microsoft.Authorization/permissions`: the caller's effective actions at a resource group or resource
 * (the SDK's `listForResourceGroup` / `listForResource`). Anyone may ask about themselves, so no action is
 * demanded; the scope must exist.
 */
export const permissionRoutes: RouteModule = [
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Microsoft.Authorization/permissions',
    apiVersions: API.authorization,
    handler: (req, ctx) => {
      const scope = normalizeScope(req.params.scope ?? '');
      const subscriptionId = subscriptionIdOf(scope);
      if (subscriptionId !== undefined) {
        requireSubscription(ctx, subscriptionId);
        const resourceGroup = resourceGroupOf(scope);
        if (resourceGroup !== undefined) {
          if (!ctx.store.get(resourceGroupPath(subscriptionId, resourceGroup))) throw resourceGroupNotFound(resourceGroup);
          if (armTypeOf(scope) !== 'Microsoft.Resources/resourceGroups' && !ctx.store.get(scope)) throw notFoundById(scope);
        }
      }
      return { status: 200, body: ctx.page(req, ctx.authz.permissions(req.caller, scope)) };
    },
  },
];
