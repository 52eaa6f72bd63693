import type { ArmResource, RouteModule } from '../http/types.js';
import { demandListAccess, filterIterable, requireResourceGroup, requireSubscription, visibleTo } from './access.js';
import { API } from './api-versions.js';
import { evaluateFilter, parseFilter } from './odata-filter.js';
import { subscriptionPath } from './ids.js';

const READ = 'Microsoft.Resources/subscriptions/resourceGroups/read';

/** `$filter=tagName eq 'env' and tagValue eq 'prod'`, the filter ARM documents for resource group lists. */
function tagFilter(filter: string | null): (rg: ArmResource) => boolean {
  if (!filter) return () => true;
  const tree = parseFilter(filter);
  return (rg) => {
    const tags = Object.entries((rg.tags ?? {}) as Record<string, string>);
    const candidates = tags.length > 0 ? tags : [['', ''] as [string, string]];
    // A group matches when one of its tags satisfies the whole expression.
    return candidates.some(([name, value]) =>
      evaluateFilter(tree, {
        field: (f) => {
          const key = f.toLowerCase();
          if (key === 'tagname') return name;
          if (key === 'tagvalue') return value;
          return undefined;
        },
      }),
    );
  };
}

export const resourceGroupRoutes: RouteModule = [
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/resourcegroups',
    apiVersions: API.resourceGroups,
    handler: (req, ctx) => {
      const subscriptionId = req.params.subscriptionId ?? '';
      requireSubscription(ctx, subscriptionId);
      const scope = subscriptionPath(subscriptionId);
      const all = () => ctx.store.listByType('Microsoft.Resources/resourceGroups', scope);
      demandListAccess(ctx, req.caller, READ, scope, all);
      const visible = visibleTo(ctx, req.caller, READ);
      const matches = tagFilter(req.query.get('$filter'));
      return { status: 200, body: ctx.page(req, filterIterable(all(), (rg) => visible(rg.id) && matches(rg))) };
    },
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}',
    apiVersions: API.resourceGroups,
    handler: (req, ctx) => {
      const rg = requireResourceGroup(ctx, req.caller, req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '', READ);
      return { status: 200, body: rg };
    },
  },
];
