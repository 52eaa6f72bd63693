import { managementGroupsOf, type ManagementGroups } from '../authz/management-groups.js';
import { ArmError, type ArmRequest, type ArmResource, type Caller, type EmulatorContext, type RouteModule } from '../http/types.js';
import { filterIterable, requireScope, requireSubscription } from './access.js';
import { API } from './api-versions.js';
import { refuseWhileBusy } from './busy.js';
import { badRequest, invalidRequestContent } from './errors.js';
import { isAtOrAbove, isAtOrUnder, normalizeScope, sameId, subscriptionIdOf } from './ids.js';
import { evaluateFilter, parseFilter } from './odata-filter.js';
import {
  isPolicySetDefinitionId,
  policyDefinitionById,
  policyDefinitionNotFound,
  policySetDefinitionById,
  policySetDefinitionNotFound,
  propertiesOf,
} from './policy-catalog.js';
import { systemDataFor } from '../http/system-data.js';

export const POLICY_ASSIGNMENT_TYPE = 'Microsoft.Authorization/policyAssignments';
const READ = 'Microsoft.Authorization/policyAssignments/read';
const WRITE = 'Microsoft.Authorization/policyAssignments/write';
const DELETE = 'Microsoft.Authorization/policyAssignments/delete';

export function policyAssignmentNotFound(name: string): ArmError {
  return new ArmError(404, 'PolicyAssignmentNotFound', `The policy assignment '${name}' is not found.`);
}

function assignmentId(scope: string, name: string): string {
  return `${scope === '/' ? '' : scope}/providers/${POLICY_ASSIGNMENT_TYPE}/${name}`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The definition or initiative an assignment names, or ARM's 404 for it. */
function requireDefinition(ctx: EmulatorContext, definitionId: string): ArmResource {
  const isSet = isPolicySetDefinitionId(definitionId);
  const found = isSet ? policySetDefinitionById(ctx, definitionId) : policyDefinitionById(ctx, definitionId);
  const name = definitionId.split('/').filter(Boolean).pop() ?? definitionId;
  if (!found) throw isSet ? policySetDefinitionNotFound(name) : policyDefinitionNotFound(name);
  return found;
}

/** ARM pins new assignments to the definition's major version (`1.*.*`). */
function defaultDefinitionVersion(definition: ArmResource): string | undefined {
  const version = propertiesOf(definition).version;
  return typeof version === 'string' ? `${version.split('.')[0] ?? '1'}.*.*` : undefined;
}

function buildAssignment(ctx: EmulatorContext, caller: Caller, scope: string, name: string, body: unknown, previous: ArmResource | undefined): ArmResource {
  if (!isObject(body) || !isObject(body.properties)) throw invalidRequestContent('The request content was invalid and could not be deserialized: missing properties.');
  const input = body.properties;
  if (typeof input.policyDefinitionId !== 'string' || input.policyDefinitionId === '') {
    throw badRequest('InvalidRequestContent', "The policy assignment property 'policyDefinitionId' is required.", 'policyDefinitionId');
  }
  const definition = requireDefinition(ctx, input.policyDefinitionId);
  const prior = propertiesOf(previous);
  const now = ctx.now().toISOString();
  const priorMetadata = isObject(prior.metadata) ? prior.metadata : {};
  // ARM records who created and who last changed an assignment in its metadata, by object id.
  const metadata: Json = {
    ...(isObject(input.metadata) ? input.metadata : {}),
    createdBy: priorMetadata.createdBy ?? caller.objectId,
    createdOn: priorMetadata.createdOn ?? now,
    updatedBy: previous ? caller.objectId : null,
    updatedOn: previous ? now : null,
  };
  const properties: Json = {
    ...input,
    metadata,
    policyDefinitionId: input.policyDefinitionId,
    notScopes: Array.isArray(input.notScopes) ? input.notScopes : [],
    enforcementMode: input.enforcementMode ?? 'Default',
    scope,
    instanceId: prior.instanceId ?? ctx.newId(),
  };
  const version = input.definitionVersion ?? defaultDefinitionVersion(definition);
  if (version !== undefined) properties.definitionVersion = version;
  const result: ArmResource = { properties, id: assignmentId(scope, name), type: POLICY_ASSIGNMENT_TYPE, name };
  if (isObject(body.identity) && typeof body.identity.type === 'string' && body.identity.type !== 'None') {
    const priorIdentity = isObject(previous?.identity) ? previous.identity : {};
    result.identity = {
      ...body.identity,
      principalId: priorIdentity.principalId ?? ctx.newId(),
      tenantId: ctx.tenantId,
    };
  }
  if (typeof body.location === 'string') result.location = body.location;
  result.systemData = systemDataFor(caller, ctx.now(), previous);
  return result;
}

/** `$expand=LatestDefinitionVersion, EffectiveDefinitionVersion` adds the resolved versions. */
function expanded(ctx: EmulatorContext, req: ArmRequest, assignment: ArmResource): ArmResource {
  const expand = (req.query.get('$expand') ?? '').toLowerCase();
  if (!expand.includes('definitionversion')) return assignment;
  const properties = { ...propertiesOf(assignment) };
  const definitionId = String(properties.policyDefinitionId ?? '');
  const definition = isPolicySetDefinitionId(definitionId) ? policySetDefinitionById(ctx, definitionId) : policyDefinitionById(ctx, definitionId);
  const version = propertiesOf(definition).version;
  if (typeof version === 'string') {
    if (expand.includes('latestdefinitionversion')) properties.latestDefinitionVersion = version;
    if (expand.includes('effectivedefinitionversion')) properties.effectiveDefinitionVersion = version;
  }
  return { ...assignment, properties };
}

/**
 * List semantics: `atScope()` = at or above the scope, `atExactScope()` = at it, no filter = at, above or
 * below it; `policyDefinitionId eq '…'` narrows by definition.
 */
export function assignmentFilter(filter: string | null, listScope: string, groups?: ManagementGroups): (a: ArmResource) => boolean {
  const tree = filter ? parseFilter(filter) : undefined;
  // Management groups above a subscription are above everything in it.
  const above = (scope: string) => isAtOrAbove(scope, listScope) || groups?.contains(scope, listScope) === true;
  return (a) => {
    const scope = String(propertiesOf(a).scope ?? listScope);
    const related = above(scope) || isAtOrUnder(scope, listScope) || groups?.contains(listScope, scope) === true;
    if (!tree) return related;
    let scoped = false;
    const ok = evaluateFilter(tree, {
      field: (name) => (name.toLowerCase() === 'policydefinitionid' ? propertiesOf(a).policyDefinitionId : undefined),
      call: (name) => {
        scoped = scoped || name === 'atscope' || name === 'atexactscope';
        if (name === 'atscope') return above(scope);
        if (name === 'atexactscope') return sameId(scope, listScope);
        return undefined;
      },
    });
    return ok && (scoped || related);
  };
}

export function allPolicyAssignments(ctx: EmulatorContext): Iterable<ArmResource> {
  return ctx.store.listByType(POLICY_ASSIGNMENT_TYPE, '/');
}

const ITEM = '/{*scope}/providers/Microsoft.Authorization/policyAssignments/{policyAssignmentName}';

export const policyAssignmentRoutes: RouteModule = [
  {
    method: 'PUT',
    pattern: ITEM,
    apiVersions: API.policy,
    // The SDK accepts only 201 here, for a new assignment and a replaced one alike (as ARM answers).
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', WRITE);
      const name = req.params.policyAssignmentName ?? '';
      refuseWhileBusy(ctx, assignmentId(scope, name));
      const previous = ctx.store.get(assignmentId(scope, name));
      const stored = ctx.store.put(buildAssignment(ctx, req.caller, scope, name, req.body, previous));
      return { status: 201, body: stored };
    },
  },
  {
    method: 'PATCH',
    pattern: ITEM,
    apiVersions: API.policy,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', WRITE);
      const name = req.params.policyAssignmentName ?? '';
      refuseWhileBusy(ctx, assignmentId(scope, name));
      const previous = ctx.store.get(assignmentId(scope, name));
      if (!previous) throw policyAssignmentNotFound(name);
      const patch = isObject(req.body) ? req.body : {};
      const merged = {
        ...previous,
        ...(patch.location === undefined ? {} : { location: patch.location }),
        ...(patch.identity === undefined ? {} : { identity: patch.identity }),
        properties: { ...propertiesOf(previous), ...(isObject(patch.properties) ? patch.properties : {}) },
      };
      return { status: 200, body: ctx.store.put(buildAssignment(ctx, req.caller, scope, name, merged, previous)) };
    },
  },
  {
    method: 'GET',
    pattern: ITEM,
    apiVersions: API.policy,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', READ);
      const name = req.params.policyAssignmentName ?? '';
      const found = ctx.store.get(assignmentId(scope, name));
      if (!found) throw policyAssignmentNotFound(name);
      return { status: 200, body: expanded(ctx, req, found) };
    },
  },
  {
    method: 'DELETE',
    pattern: ITEM,
    apiVersions: API.policy,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', DELETE);
      refuseWhileBusy(ctx, assignmentId(scope, req.params.policyAssignmentName ?? ''));
      const removed = ctx.store.delete(assignmentId(scope, req.params.policyAssignmentName ?? ''));
      return removed ? { status: 200, body: removed } : { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Microsoft.Authorization/policyAssignments',
    apiVersions: API.policy,
    handler: (req, ctx) => {
      const scope = normalizeScope(req.params.scope ?? '');
      const subscriptionId = subscriptionIdOf(scope);
      if (subscriptionId !== undefined) requireSubscription(ctx, subscriptionId);
      requireScope(ctx, req.caller, scope, READ);
      const groups = managementGroupsOf(ctx.store, ctx.tenantId);
      const matches = assignmentFilter(req.query.get('$filter'), scope, groups);
      // Assignments below the listed scope show only where the caller may read them.
      const visible = (a: ArmResource) => {
        const at = String(propertiesOf(a).scope ?? '');
        return isAtOrAbove(at, scope) || groups.contains(at, scope) || ctx.authz.allows(req.caller, READ, at);
      };
      const items = filterIterable(allPolicyAssignments(ctx), (a) => matches(a) && visible(a));
      return { status: 200, body: ctx.page(req, [...items].map((a) => expanded(ctx, req, a))) };
    },
  },
];
