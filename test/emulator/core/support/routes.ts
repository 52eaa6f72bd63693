import { ArmError } from '../../../../src/emulator/http/types.js';
import type { ArmResource, Route } from '../../../../src/emulator/http/types.js';
import { withSystemData } from '../../../../src/emulator/http/system-data.js';

export const TEST_API = '2024-01-01';
const ITEM_COUNT = 23;

function* items(subscriptionId: string, filter: string | undefined): Iterable<{ id: string; name: string }> {
  for (let i = 0; i < ITEM_COUNT; i++) {
    const name = `item-${String(i).padStart(2, '0')}`;
    if (filter !== undefined && !filter.includes(name)) continue;
    yield { id: `/subscriptions/${subscriptionId}/providers/Test.Core/items/${name}`, name };
  }
}

/**
 * Stand-in route modules for exercising the core (paging, authorization, error mapping) without
 * depending on the real ARM modules.
 */
export const testRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Test.Core/items',
    apiVersions: [TEST_API, '2023-01-01'],
    handler: (req, ctx) => {
      const sub = req.params.subscriptionId ?? '';
      ctx.authz.demand(req.caller, 'Test.Core/items/read', `/subscriptions/${sub}`);
      return { status: 200, body: ctx.page(req, items(sub, req.query.get('$filter') ?? undefined)) };
    },
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Test.Core/array',
    apiVersions: [TEST_API],
    handler: (req, ctx) => ({ status: 200, body: ctx.page(req, [...items(req.params.subscriptionId ?? '', undefined)]) }),
  },
  {
    method: 'PUT',
    pattern: '/subscriptions/{subscriptionId}/providers/Test.Core/items/{name}',
    apiVersions: [TEST_API],
    handler: (req, ctx) => {
      const id = `/subscriptions/${req.params.subscriptionId}/providers/Test.Core/items/${req.params.name}`;
      ctx.authz.demand(req.caller, 'Test.Core/items/write', id);
      const previous = ctx.store.get(id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const stored = ctx.store.put(withSystemData({ ...body, id, name: req.params.name ?? '' } as ArmResource, req.caller, ctx.now(), previous));
      return { status: previous ? 200 : 201, body: stored };
    },
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Test.Core/boom',
    apiVersions: [TEST_API],
    handler: () => {
      throw new Error('database password is hunter2 at /srv/secret.ts:12');
    },
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Test.Core/teapot',
    apiVersions: [TEST_API],
    handler: () => {
      throw new ArmError(409, 'Conflict', 'The teapot is busy.', [{ code: 'Busy', message: 'Try later.' }]);
    },
  },
  {
    // Lets a real SDK client page through the store (any api-version).
    method: 'GET',
    pattern: '/subscriptions',
    apiVersions: [],
    handler: (req, ctx) => ({ status: 200, body: ctx.page(req, ctx.store.listByType('Microsoft.Resources/subscriptions', '/')) }),
  },
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Test.Core/echo',
    apiVersions: [],
    handler: (req) => ({ status: 200, body: { params: req.params, path: req.path, apiVersion: req.apiVersion, caller: req.caller.objectId, delegated: req.caller.delegated } }),
  },
];
