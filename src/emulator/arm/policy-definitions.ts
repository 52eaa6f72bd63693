import { builtInPolicyDefinitions, builtInPolicySetDefinitions } from '../builtins/policy-definitions.js';
import type { ArmRequest, ArmResource, EmulatorContext, Route, RouteModule } from '../http/types.js';
import { filterIterable, requireSubscription } from './access.js';
import { API } from './api-versions.js';
import { subscriptionPath } from './ids.js';
import { evaluateFilter, parseFilter } from './odata-filter.js';
import {
  POLICY_DEFINITION_TYPE,
  POLICY_SET_DEFINITION_TYPE,
  policyDefinitionById,
  policyDefinitionNotFound,
  policySetDefinitionById,
  policySetDefinitionNotFound,
  propertiesOf,
} from './policy-catalog.js';

/**
 * Policy definitions and initiatives. Built-ins are readable by every signed-in caller (as in Azure);
 * the subscription-scoped operations need `…/read` on the subscription and return the subscription's
 * custom definitions followed by the built-ins.
 */

interface Kind {
  type: string;
  segment: 'policyDefinitions' | 'policySetDefinitions';
  builtIns: readonly ArmResource[];
  byId: (ctx: EmulatorContext, id: string) => ArmResource | undefined;
  notFound: (name: string) => Error;
}

const KINDS: Kind[] = [
  { type: POLICY_DEFINITION_TYPE, segment: 'policyDefinitions', builtIns: builtInPolicyDefinitions, byId: policyDefinitionById, notFound: policyDefinitionNotFound },
  { type: POLICY_SET_DEFINITION_TYPE, segment: 'policySetDefinitions', builtIns: builtInPolicySetDefinitions, byId: policySetDefinitionById, notFound: policySetDefinitionNotFound },
];

/** `$filter`: `policyType eq 'BuiltIn'`, `category eq '…'`, `atExactScope()`. */
function definitionFilter(req: ArmRequest, exactScope: string | undefined): (d: ArmResource) => boolean {
  const text = req.query.get('$filter');
  if (!text) return () => true;
  const tree = parseFilter(text);
  return (d) => {
    const props = propertiesOf(d);
    const metadata = (props.metadata ?? {}) as Record<string, unknown>;
    return evaluateFilter(tree, {
      field: (name) => (name.toLowerCase() === 'category' ? metadata.category : props[Object.keys(props).find((k) => k.toLowerCase() === name.toLowerCase()) ?? '']),
      call: (name) => (name === 'atexactscope' ? exactScope === undefined || d.id.toLowerCase().startsWith(`${exactScope.toLowerCase()}/`) : undefined),
    });
  };
}

function routesFor(kind: Kind): Route[] {
  const read = `Microsoft.Authorization/${kind.segment}/read`;
  return [
    {
      method: 'GET',
      pattern: `/providers/Microsoft.Authorization/${kind.segment}`,
      apiVersions: API.policy,
      handler: (req, ctx) => ({ status: 200, body: ctx.page(req, filterIterable(kind.builtIns, definitionFilter(req, undefined))) }),
    },
    {
      method: 'GET',
      pattern: `/providers/Microsoft.Authorization/${kind.segment}/{name}`,
      apiVersions: API.policy,
      handler: (req, ctx) => {
        const name = req.params.name ?? '';
        const found = kind.byId(ctx, `/providers/Microsoft.Authorization/${kind.segment}/${name}`);
        if (!found) throw kind.notFound(name);
        return { status: 200, body: found };
      },
    },
    {
      method: 'GET',
      pattern: `/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/${kind.segment}`,
      apiVersions: API.policy,
      handler: (req, ctx) => {
        const subscriptionId = req.params.subscriptionId ?? '';
        requireSubscription(ctx, subscriptionId);
        const scope = subscriptionPath(subscriptionId);
        ctx.authz.demand(req.caller, read, scope);
        const all = function* () {
          yield* ctx.store.listByType(kind.type, scope);
          yield* kind.builtIns;
        };
        return { status: 200, body: ctx.page(req, filterIterable(all(), definitionFilter(req, scope))) };
      },
    },
    {
      method: 'GET',
      pattern: `/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/${kind.segment}/{name}`,
      apiVersions: API.policy,
      handler: (req, ctx) => {
        const subscriptionId = req.params.subscriptionId ?? '';
        const name = req.params.name ?? '';
        requireSubscription(ctx, subscriptionId);
        ctx.authz.demand(req.caller, read, subscriptionPath(subscriptionId));
        const found = kind.byId(ctx, `${subscriptionPath(subscriptionId)}/providers/Microsoft.Authorization/${kind.segment}/${name}`);
        if (!found) throw kind.notFound(name);
        return { status: 200, body: found };
      },
    },
  ];
}

export const policyDefinitionRoutes: RouteModule = KINDS.flatMap(routesFor);
