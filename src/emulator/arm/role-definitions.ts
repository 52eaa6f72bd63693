import { builtInRoleBodies } from '../authz/builtin-roles.js';
import { ArmError, type ArmRequest, type ArmResource, type EmulatorContext, type Route, type RouteModule } from '../http/types.js';
import { filterIterable, requireSubscription } from './access.js';
import { API } from './api-versions.js';
import { isAtOrAbove, normalizeScope, subscriptionIdOf } from './ids.js';
import { evaluateFilter, parseFilter } from './odata-filter.js';

/**
 * Role definitions: built-ins answer under whatever scope is asked (as ARM does); custom roles come from
 * the tenant and list where one of their assignable scopes reaches the listed scope. Definitions are not
 * secret: any signed-in caller may read them.
 */

const TYPE = 'Microsoft.Authorization/roleDefinitions';

function roleDefinitionNotFound(id: string): ArmError {
  return new ArmError(404, 'RoleDefinitionDoesNotExist', `The specified role definition with ID '${id}' does not exist.`);
}

function scopeParam(req: ArmRequest): string {
  const scope = normalizeScope(req.params.scope ?? '');
  return scope === '/' ? '' : scope;
}

function requireScopeSubscription(ctx: EmulatorContext, scope: string): void {
  const subscriptionId = subscriptionIdOf(scope);
  if (subscriptionId !== undefined) requireSubscription(ctx, subscriptionId);
}

function customReaching(ctx: EmulatorContext, scope: string): Iterable<ArmResource> {
  return filterIterable(ctx.store.listByType(TYPE, '/'), (d) => {
    const scopes = (d.properties as { assignableScopes?: unknown } | undefined)?.assignableScopes;
    return !Array.isArray(scopes) || scopes.some((s) => typeof s === 'string' && isAtOrAbove(s, scope || '/'));
  });
}

/** `$filter=roleName eq '…'` or `type eq 'BuiltInRole' | 'CustomRole'`. */
function roleFilter(text: string | null): (d: ArmResource) => boolean {
  if (!text) return () => true;
  const tree = parseFilter(text);
  return (d) => {
    const props = (d.properties ?? {}) as Record<string, unknown>;
    return evaluateFilter(tree, { field: (name) => props[Object.keys(props).find((k) => k.toLowerCase() === name.toLowerCase()) ?? ''] });
  };
}

const list = (req: ArmRequest, ctx: EmulatorContext) => {
  const scope = scopeParam(req);
  requireScopeSubscription(ctx, scope);
  const all = function* () {
    yield* builtInRoleBodies(scope);
    yield* customReaching(ctx, scope);
  };
  return { status: 200, body: ctx.page(req, filterIterable(all(), roleFilter(req.query.get('$filter')))) };
};

const get = (req: ArmRequest, ctx: EmulatorContext) => {
  const scope = scopeParam(req);
  requireScopeSubscription(ctx, scope);
  const name = req.params.roleDefinitionId ?? '';
  const found = ctx.authz.roleDefinition(`${scope}/providers/${TYPE}/${name}`);
  if (!found) throw roleDefinitionNotFound(name);
  return { status: 200, body: found };
};

const routes: Route[] = [
  { method: 'GET', pattern: '/{*scope}/providers/Microsoft.Authorization/roleDefinitions', apiVersions: API.authorization, handler: list },
  { method: 'GET', pattern: '/providers/Microsoft.Authorization/roleDefinitions', apiVersions: API.authorization, handler: list },
  { method: 'GET', pattern: '/{*scope}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}', apiVersions: API.authorization, handler: get },
  { method: 'GET', pattern: '/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}', apiVersions: API.authorization, handler: get },
];

export const roleDefinitionRoutes: RouteModule = routes;
