import { managementGroupsOf } from '../authz/management-groups.js';
import { ArmError, type ArmResource, type Caller, type EmulatorContext, type RouteModule } from '../http/types.js';
import { filterIterable, requireScope, requireSubscription } from './access.js';
import { API } from './api-versions.js';
import { isAtOrAbove, isAtOrUnder, normalizeScope, subscriptionIdOf } from './ids.js';
import { evaluateFilter, parseFilter, type FilterNode, type Operand } from './odata-filter.js';

/**
 * Role assignments at, above and below a scope (`listForScope`, `listForSubscription`,
 * `listForResourceGroup`, `listForResource` and `get`/`getById` all share these two routes).
 * `$filter`: `atScope()` (at or above), `assignedTo('{oid}')` (the principal and its groups),
 * `principalId eq '{oid}'` (direct only).
 */

const TYPE = 'Microsoft.Authorization/roleAssignments';
const READ = 'Microsoft.Authorization/roleAssignments/read';
const SUFFIX = /\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i;

function scopeOf(assignment: ArmResource): string {
  const declared = (assignment.properties as { scope?: unknown } | undefined)?.scope;
  return normalizeScope(typeof declared === 'string' ? declared : assignment.id.replace(SUFFIX, ''));
}

function principalOf(assignment: ArmResource): string {
  const id = (assignment.properties as { principalId?: unknown } | undefined)?.principalId;
  return typeof id === 'string' ? id.toLowerCase() : '';
}

/** The object ids that stand for `principalId`: itself and the groups it belongs to. */
function identitiesOf(ctx: EmulatorContext, principalId: string): Set<string> {
  const principal = [...ctx.principals.values()].find((p) => p.id.toLowerCase() === principalId.toLowerCase());
  return new Set([principalId, ...(principal?.groups ?? [])].map((id) => id.toLowerCase()));
}

function roleAssignmentNotFound(name: string): ArmError {
  return new ArmError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
}

function matcher(ctx: EmulatorContext, tree: FilterNode | undefined, listScope: string): (a: ArmResource) => boolean {
  const groups = managementGroupsOf(ctx.store, ctx.tenantId);
  // Management groups above a subscription are above everything in it.
  const above = (scope: string) => isAtOrAbove(scope, listScope) || groups.contains(scope, listScope);
  return (a) => {
    const scope = scopeOf(a);
    const related = above(scope) || isAtOrUnder(scope, listScope) || groups.contains(listScope, scope);
    if (!related) return false;
    if (!tree) return true;
    return evaluateFilter(tree, {
      field: (name) => (name.toLowerCase() === 'principalid' ? principalOf(a) : undefined),
      call: (name, args) => {
        if (name === 'atscope') return above(scope);
        if (name === 'assignedto') return identitiesOf(ctx, String(args[0] ?? '')).has(principalOf(a));
        return undefined;
      },
    });
  };
}

/** Whether the filter only asks for the caller's own assignments (which ARM lets anyone read). */
function selfOnly(tree: FilterNode | undefined, caller: Caller): boolean {
  const me = caller.objectId.toLowerCase();
  const isMe = (o: Operand) => o.kind === 'literal' && typeof o.value === 'string' && o.value.toLowerCase() === me;
  const isPrincipal = (o: Operand) => o.kind === 'field' && o.name.toLowerCase() === 'principalid';
  const restricts = (node: FilterNode): boolean => {
    if (node.kind === 'and') return restricts(node.left) || restricts(node.right);
    if (node.kind === 'call') return node.name.toLowerCase() === 'assignedto' && node.args.length === 1 && isMe(node.args[0] as Operand);
    if (node.kind === 'cmp' && node.op === 'eq') return (isPrincipal(node.left) && isMe(node.right)) || (isPrincipal(node.right) && isMe(node.left));
    return false;
  };
  return tree !== undefined && restricts(tree);
}

export const roleAssignmentRoutes: RouteModule = [
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Microsoft.Authorization/roleAssignments',
    apiVersions: API.authorization,
    handler: (req, ctx) => {
      const scope = normalizeScope(req.params.scope ?? '');
      const text = req.query.get('$filter');
      const tree = text ? parseFilter(text) : undefined;
      const subscriptionId = subscriptionIdOf(scope);
      if (subscriptionId !== undefined) requireSubscription(ctx, subscriptionId);
      const mine = identitiesOf(ctx, req.caller.objectId);
      for (const g of req.caller.principal.groups ?? []) mine.add(g.toLowerCase());
      const matches = matcher(ctx, tree, scope);
      // Callers see assignments where they may read them, and always their own.
      const visible = (a: ArmResource) => mine.has(principalOf(a)) || ctx.authz.allows(req.caller, READ, scopeOf(a));
      const items = [...filterIterable(ctx.store.listByType(TYPE, '/'), (a) => matches(a) && visible(a))];
      // As for other collections, ARM refuses only a caller who can read nothing there.
      if (items.length === 0 && !selfOnly(tree, req.caller)) ctx.authz.demand(req.caller, READ, scope);
      return { status: 200, body: ctx.page(req, items) };
    },
  },
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}',
    apiVersions: API.authorization,
    handler: (req, ctx) => {
      const scope = normalizeScope(req.params.scope ?? '');
      const name = req.params.roleAssignmentName ?? '';
      const id = `${scope === '/' ? '' : scope}/providers/${TYPE}/${name}`;
      const found = ctx.store.get(id);
      const subscriptionId = subscriptionIdOf(scope);
      if (subscriptionId !== undefined) requireSubscription(ctx, subscriptionId);
      const own = found !== undefined && identitiesOf(ctx, req.caller.objectId).has(principalOf(found));
      if (!own) requireScope(ctx, req.caller, scope, READ);
      if (!found) throw roleAssignmentNotFound(name);
      return { status: 200, body: found };
    },
  },
];
