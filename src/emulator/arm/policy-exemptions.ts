import { ArmError, type ArmResource, type EmulatorContext, type RouteModule } from '../http/types.js';
import { filterIterable, requireScope } from './access.js';
import { API } from './api-versions.js';
import { refuseWhileBusy } from './busy.js';
import { badRequest, invalidRequestContent } from './errors.js';
import { isAtOrAbove, isAtOrUnder, nameOf, normalizeScope, sameId } from './ids.js';
import { evaluateFilter, parseFilter } from './odata-filter.js';
import { policyAssignmentNotFound } from './policy-assignments.js';
import { isPolicySetDefinitionId, propertiesOf } from './policy-catalog.js';
import { systemDataFor } from '../http/system-data.js';

/**
 * Policy exemptions (`Microsoft.Authorization/policyExemptions`): a scope at or under an assignment's
 * scope that the assignment (or some of its initiative's definitions) no longer judges. No installed SDK
 * package covers them; the routes follow the REST API (PUT answers 201 on create and 200 on update).
 */

export const POLICY_EXEMPTION_TYPE = 'Microsoft.Authorization/policyExemptions';
const READ = 'Microsoft.Authorization/policyExemptions/read';
const WRITE = 'Microsoft.Authorization/policyExemptions/write';
const DELETE = 'Microsoft.Authorization/policyExemptions/delete';
/** ARM also demands the right to exempt from the assignment itself. */
const EXEMPT = 'Microsoft.Authorization/policyAssignments/exempt/action';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function exemptionNotFound(name: string): ArmError {
  return new ArmError(404, 'PolicyExemptionNotFound', `The policy exemption '${name}' is not found.`);
}

function exemptionId(scope: string, name: string): string {
  return `${scope === '/' ? '' : scope}/providers/${POLICY_EXEMPTION_TYPE}/${name}`;
}

/** Whether an exemption is still in force at `now` (no `expiresOn`, or one in the future). */
export function isExemptionActive(exemption: ArmResource, now: Date): boolean {
  const expiresOn = propertiesOf(exemption).expiresOn;
  return typeof expiresOn !== 'string' || Date.parse(expiresOn) > now.getTime();
}

/** The scope an exemption applies to: its id before `/providers/Microsoft.Authorization/policyExemptions/`. */
export function exemptionScopeOf(exemption: ArmResource): string {
  const at = exemption.id.toLowerCase().lastIndexOf('/providers/microsoft.authorization/policyexemptions/');
  return normalizeScope(at < 0 ? exemption.id : exemption.id.slice(0, at));
}

export function allPolicyExemptions(ctx: EmulatorContext): Iterable<ArmResource> {
  return ctx.store.listByType(POLICY_EXEMPTION_TYPE, '/');
}

function validated(ctx: EmulatorContext, scope: string, body: unknown): Json {
  if (!isObject(body) || !isObject(body.properties)) throw invalidRequestContent('The request content was invalid and could not be deserialized: missing properties.');
  const p = body.properties;
  if (typeof p.policyAssignmentId !== 'string') {
    throw badRequest('InvalidCreatePolicyExemptionRequest', "The policy exemption property 'policyAssignmentId' is required.", 'policyAssignmentId');
  }
  const category = typeof p.exemptionCategory === 'string' ? ['Waiver', 'Mitigated'].find((c) => c.toLowerCase() === String(p.exemptionCategory).toLowerCase()) : undefined;
  if (!category) {
    throw badRequest('InvalidCreatePolicyExemptionRequest', "The policy exemption property 'exemptionCategory' must be 'Waiver' or 'Mitigated'.", 'exemptionCategory');
  }
  const assignment = ctx.store.get(p.policyAssignmentId);
  if (!assignment) throw policyAssignmentNotFound(nameOf(p.policyAssignmentId));
  const assignmentScope = String(propertiesOf(assignment).scope ?? '/');
  if (!isAtOrUnder(scope, assignmentScope)) {
    throw badRequest(
      'InvalidCreatePolicyExemptionRequest',
      `The policy exemption scope '${scope}' is not at or under the policy assignment scope '${assignmentScope}'.`,
    );
  }
  const references = Array.isArray(p.policyDefinitionReferenceIds) ? p.policyDefinitionReferenceIds : [];
  if (references.length > 0 && !isPolicySetDefinitionId(String(propertiesOf(assignment).policyDefinitionId ?? ''))) {
    throw badRequest(
      'InvalidCreatePolicyExemptionRequest',
      "The policy exemption property 'policyDefinitionReferenceIds' can only be set when the policy assignment assigns a policy set definition.",
      'policyDefinitionReferenceIds',
    );
  }
  if (p.expiresOn !== undefined && p.expiresOn !== null && Number.isNaN(Date.parse(String(p.expiresOn)))) {
    throw badRequest('InvalidCreatePolicyExemptionRequest', "The policy exemption property 'expiresOn' is not a valid date-time.", 'expiresOn');
  }
  return { ...p, exemptionCategory: category };
}

/** `atScope()`, `atExactScope()`, `excludeExpired()`, `policyAssignmentId eq '…'`; no filter = at, above or below. */
function exemptionFilter(filter: string | null, listScope: string, now: Date): (e: ArmResource) => boolean {
  const tree = filter ? parseFilter(filter) : undefined;
  return (e) => {
    const scope = exemptionScopeOf(e);
    const related = isAtOrAbove(scope, listScope) || isAtOrUnder(scope, listScope);
    if (!tree) return related;
    let scoped = false;
    const ok = evaluateFilter(tree, {
      field: (name) => (name.toLowerCase() === 'policyassignmentid' ? propertiesOf(e).policyAssignmentId : undefined),
      call: (name) => {
        if (name === 'excludeexpired') return isExemptionActive(e, now);
        scoped = scoped || name === 'atscope' || name === 'atexactscope';
        if (name === 'atscope') return isAtOrAbove(scope, listScope);
        if (name === 'atexactscope') return sameId(scope, listScope);
        return undefined;
      },
    });
    return ok && (scoped || related);
  };
}

const ITEM = '/{*scope}/providers/Microsoft.Authorization/policyExemptions/{policyExemptionName}';

export const policyExemptionRoutes: RouteModule = [
  {
    method: 'PUT',
    pattern: ITEM,
    apiVersions: API.policyExemptions,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', WRITE);
      const properties = validated(ctx, scope, req.body);
      ctx.authz.demand(req.caller, EXEMPT, String(properties.policyAssignmentId));
      const name = req.params.policyExemptionName ?? '';
      const id = exemptionId(scope, name);
      refuseWhileBusy(ctx, id);
      const previous = ctx.store.get(id);
      const stored = ctx.store.put({
        properties,
        systemData: systemDataFor(req.caller, ctx.now(), previous),
        id,
        type: POLICY_EXEMPTION_TYPE,
        name,
      });
      return { status: previous ? 200 : 201, body: stored };
    },
  },
  {
    method: 'GET',
    pattern: ITEM,
    apiVersions: API.policyExemptions,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', READ);
      const name = req.params.policyExemptionName ?? '';
      const found = ctx.store.get(exemptionId(scope, name));
      if (!found) throw exemptionNotFound(name);
      return { status: 200, body: found };
    },
  },
  {
    method: 'DELETE',
    pattern: ITEM,
    apiVersions: API.policyExemptions,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', DELETE);
      refuseWhileBusy(ctx, exemptionId(scope, req.params.policyExemptionName ?? ''));
      const removed = ctx.store.delete(exemptionId(scope, req.params.policyExemptionName ?? ''));
      return removed ? { status: 200, body: removed } : { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Microsoft.Authorization/policyExemptions',
    apiVersions: API.policyExemptions,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', READ);
      const matches = exemptionFilter(req.query.get('$filter'), scope, ctx.now());
      const visible = (e: ArmResource) => isAtOrAbove(exemptionScopeOf(e), scope) || ctx.authz.allows(req.caller, READ, e.id);
      return { status: 200, body: ctx.page(req, filterIterable(allPolicyExemptions(ctx), (e) => matches(e) && visible(e))) };
    },
  },
];
