import type { Route } from '../http/types.js';
import { API } from './api-versions.js';
import { trackedReadRoutes, requireTracked, type TrackedType } from './tracked-resources.js';

/**
 * Private endpoints (list and get) and their private DNS zone groups (list), read-only: what the
 * private DNS zone built-in judges (`Microsoft.Network/privateEndpoints`) and looks for beside each.
 */

const PRIVATE_ENDPOINTS: TrackedType = { namespace: 'Microsoft.Network', type: 'privateEndpoints', nameParam: 'privateEndpointName', apiVersions: API.network };

export const privateEndpointRoutes: Route[] = [
  ...trackedReadRoutes(PRIVATE_ENDPOINTS),
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/privateEndpoints/{privateEndpointName}/privateDnsZoneGroups',
    apiVersions: API.network,
    handler: (req, ctx) => {
      const endpoint = requireTracked(ctx, req.caller, PRIVATE_ENDPOINTS, req.params, 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read');
      return { status: 200, body: ctx.page(req, ctx.store.children(endpoint.id, 'privateDnsZoneGroups')) };
    },
  },
];
