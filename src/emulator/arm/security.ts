import type { ArmRequest, ArmResource, EmulatorContext, RouteModule } from '../http/types.js';
import { demandListAccess, filterIterable, requireSubscription, visibleTo } from './access.js';
import { API } from './api-versions.js';
import { notFoundById } from './errors.js';
import { normalizeScope, segmentsOf, subscriptionIdOf } from './ids.js';

/**
 * Defender for Cloud: assessments (recommendations per resource) and sub-assessments (one finding each,
 * e.g. a CVE in a container image). Both are extension resources under the assessed resource.
 */

const ASSESSMENT = 'Microsoft.Security/assessments';
const SUB_ASSESSMENT = 'Microsoft.Security/assessments/subAssessments';
const ASSESSMENT_READ = 'Microsoft.Security/assessments/read';
const SUB_ASSESSMENT_READ = 'Microsoft.Security/assessments/subAssessments/read';

function scopeParam(req: ArmRequest, name = 'scope'): string {
  return normalizeScope(req.params[name] ?? '');
}

/** A scope inside a subscription needs that subscription to exist (404 SubscriptionNotFound). */
function requireScopeSubscription(ctx: EmulatorContext, scope: string): void {
  const subscriptionId = subscriptionIdOf(scope);
  if (subscriptionId !== undefined) requireSubscription(ctx, subscriptionId);
}

/** The assessment key (`name`) a sub-assessment id belongs to. */
function assessmentKeyOf(subAssessmentId: string): string {
  const parts = segmentsOf(subAssessmentId);
  return parts[parts.length - 3] ?? '';
}

function listUnder(req: ArmRequest, ctx: EmulatorContext, type: string, action: string, scope: string, keep?: (id: string) => boolean) {
  return listItems(req, ctx, action, scope, () => ctx.store.listByType(type, scope), keep);
}

/**
 * Lists `candidates` the caller may read. Role assignments are inherited downwards, so a caller who
 * may read the whole scope sees every candidate and the list is paged as it is (an indexed array
 * pages by slicing); otherwise each item is checked.
 */
function listItems(req: ArmRequest, ctx: EmulatorContext, action: string, scope: string, candidates: () => Iterable<ArmResource>, keep?: (id: string) => boolean) {
  requireScopeSubscription(ctx, scope);
  demandListAccess(ctx, req.caller, action, scope, candidates);
  if (!keep && ctx.authz.allows(req.caller, action, scope)) return { status: 200, body: ctx.page(req, candidates()) };
  const visible = visibleTo(ctx, req.caller, action);
  return { status: 200, body: ctx.page(req, filterIterable(candidates(), (r) => (keep === undefined || keep(r.id)) && visible(r.id))) };
}

function getOne(req: ArmRequest, ctx: EmulatorContext, id: string, action: string) {
  requireScopeSubscription(ctx, id);
  ctx.authz.demand(req.caller, action, id);
  const found = ctx.store.get(id);
  if (!found) throw notFoundById(id);
  return { status: 200, body: found };
}

export const securityRoutes: RouteModule = [
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Microsoft.Security/assessments',
    apiVersions: API.assessments,
    handler: (req, ctx) => listUnder(req, ctx, ASSESSMENT, ASSESSMENT_READ, scopeParam(req)),
  },
  {
    method: 'GET',
    pattern: '/{*resourceId}/providers/Microsoft.Security/assessments/{assessmentName}',
    apiVersions: API.assessments,
    handler: (req, ctx) =>
      getOne(req, ctx, `${scopeParam(req, 'resourceId')}/providers/${ASSESSMENT}/${req.params.assessmentName ?? ''}`, ASSESSMENT_READ),
  },
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Microsoft.Security/subAssessments',
    apiVersions: API.subAssessments,
    handler: (req, ctx) => listUnder(req, ctx, SUB_ASSESSMENT, SUB_ASSESSMENT_READ, scopeParam(req)),
  },
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Microsoft.Security/assessments/{assessmentName}/subAssessments',
    apiVersions: API.subAssessments,
    handler: (req, ctx) => {
      // The scope may be the assessed resource or any scope above it (the service's own example lists a
      // subscription); either way the findings of that one assessment key are listed.
      const key = (req.params.assessmentName ?? '').toLowerCase();
      const assessmentId = `${scopeParam(req)}/providers/${ASSESSMENT}/${req.params.assessmentName ?? ''}`;
      // Asked at the assessed resource itself (how clients read one registry): the assessment's own children.
      if (ctx.store.get(assessmentId)) return listItems(req, ctx, SUB_ASSESSMENT_READ, scopeParam(req), () => ctx.store.children(assessmentId, 'subAssessments'));
      return listUnder(req, ctx, SUB_ASSESSMENT, SUB_ASSESSMENT_READ, scopeParam(req), (id) => assessmentKeyOf(id).toLowerCase() === key);
    },
  },
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Microsoft.Security/assessments/{assessmentName}/subAssessments/{subAssessmentName}',
    apiVersions: API.subAssessments,
    handler: (req, ctx) => {
      const id = `${scopeParam(req)}/providers/${ASSESSMENT}/${req.params.assessmentName ?? ''}/subAssessments/${req.params.subAssessmentName ?? ''}`;
      return getOne(req, ctx, id, SUB_ASSESSMENT_READ);
    },
  },
];
