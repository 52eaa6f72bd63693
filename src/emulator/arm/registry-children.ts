import type { Route } from '../http/types.js';
import { API } from './api-versions.js';
import { resourceNotFound } from './errors.js';
import { nameOf } from './ids.js';
import { requireTracked, type TrackedType } from './tracked-resources.js';

/**
 * A registry's repository-scoped tokens and cache rules (list and get), the child resources Azure
 * Policy judges in mode All. Reading them takes their own read action on the registry, as in ACR.
 */

const REGISTRIES: TrackedType = { namespace: 'Microsoft.ContainerRegistry', type: 'registries', nameParam: 'registryName', apiVersions: API.containerRegistry };
const BASE = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/{registryName}';

function childRoutes(child: 'tokens' | 'cacheRules', nameParam: string): Route[] {
  const action = `Microsoft.ContainerRegistry/registries/${child}/read`;
  return [
    {
      method: 'GET',
      pattern: `${BASE}/${child}`,
      apiVersions: API.containerRegistry,
      handler: (req, ctx) => {
        const registry = requireTracked(ctx, req.caller, REGISTRIES, req.params, action);
        return { status: 200, body: ctx.page(req, ctx.store.children(registry.id, child)) };
      },
    },
    {
      method: 'GET',
      pattern: `${BASE}/${child}/{${nameParam}}`,
      apiVersions: API.containerRegistry,
      handler: (req, ctx) => {
        const registry = requireTracked(ctx, req.caller, REGISTRIES, req.params, action);
        const name = (req.params[nameParam] ?? '').toLowerCase();
        const found = [...ctx.store.children(registry.id, child)].find((r) => nameOf(r.id).toLowerCase() === name);
        if (!found) throw resourceNotFound(`Microsoft.ContainerRegistry/registries/${child}`, req.params[nameParam] ?? '', req.params.resourceGroupName);
        return { status: 200, body: found };
      },
    },
  ];
}

export const registryChildRoutes: Route[] = [...childRoutes('tokens', 'tokenName'), ...childRoutes('cacheRules', 'cacheRuleName')];
