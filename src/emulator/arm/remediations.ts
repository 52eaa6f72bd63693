import { ArmError, type ArmRequest, type ArmResource, type EmulatorContext, type RouteModule } from '../http/types.js';
import { filterIterable, requireScope } from './access.js';
import { API } from './api-versions.js';
import { badRequest, invalidRequestContent } from './errors.js';
import { isAtOrUnder, nameOf } from './ids.js';
import { policyAssignmentNotFound } from './policy-assignments.js';
import { propertiesOf } from './policy-catalog.js';
import { computePolicyStates } from './policy-compliance.js';
import { assignedPolicies } from './policy-members.js';
import { applyModify } from './policy-modify.js';
import { systemDataFor } from '../http/system-data.js';

/**
 * Policy remediations. Creating one remediates at once: Modify policies change the non-compliant
 * resources in the tenant (their systemData names the assignment's managed identity when it has one);
 * DeployIfNotExists deployments are not emulated and count as failed. The PUT answers the remediation as
 * `Accepted`; a later GET shows its outcome, as ARM's asynchronous operations do.
 */

const TYPE = 'Microsoft.PolicyInsights/remediations';
const READ = 'Microsoft.PolicyInsights/remediations/read';
const WRITE = 'Microsoft.PolicyInsights/remediations/write';
const DELETE = 'Microsoft.PolicyInsights/remediations/delete';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function remediationId(scope: string, name: string): string {
  return `${scope}/providers/${TYPE}/${name}`;
}

function remediationNotFound(name: string): ArmError {
  return new ArmError(404, 'RemediationNotFound', `The remediation '${name}' could not be found.`);
}

function invalid(message: string): ArmError {
  return badRequest('InvalidCreateRemediationRequest', message);
}

interface Outcome {
  total: number;
  succeeded: number;
  failed: number;
}

function remediate(req: ArmRequest, ctx: EmulatorContext, scope: string, input: Json, assignment: ArmResource): Outcome {
  const referenceId = typeof input.policyDefinitionReferenceId === 'string' ? input.policyDefinitionReferenceId.toLowerCase() : undefined;
  const policies = assignedPolicies(ctx, assignment).filter(
    (p) => (referenceId === undefined || (p.referenceId ?? '').toLowerCase() === referenceId) && (p.effect === 'modify' || p.effect === 'deployifnotexists'),
  );
  if (policies.length === 0) {
    throw invalid(`The policy assignment '${assignment.id}' has no policy with a 'modify' or 'deployIfNotExists' effect to remediate.`);
  }
  if (policies.some((p) => p.setDefinition) && referenceId === undefined) {
    throw invalid("Remediating an initiative assignment needs 'policyDefinitionReferenceId'.");
  }
  const locations = isObject(input.filters) && Array.isArray(input.filters.locations) ? input.filters.locations.map((l) => String(l).toLowerCase()) : undefined;
  const limit = typeof input.resourceCount === 'number' ? input.resourceCount : 500;
  const identity = isObject(assignment.identity) && typeof assignment.identity.principalId === 'string' ? assignment.identity.principalId : undefined;
  const actor = identity ? { ...req.caller, objectId: identity, principal: { ...req.caller.principal, type: 'ServicePrincipal' as const } } : req.caller;

  const nonCompliant = computePolicyStates(ctx, scope).filter(
    (row) => String(row.policyAssignmentId).toLowerCase() === assignment.id.toLowerCase() && row.complianceState === 'NonCompliant',
  );
  const outcome: Outcome = { total: 0, succeeded: 0, failed: 0 };
  for (const row of nonCompliant) {
    if (outcome.total >= limit) break;
    const policy = policies.find((p) => p.definition.id.toLowerCase() === String(row.policyDefinitionId).toLowerCase());
    const resource = ctx.store.get(String(row.resourceId));
    if (!policy || !resource) continue;
    if (locations && !locations.includes(String(resource.location ?? '').toLowerCase())) continue;
    outcome.total += 1;
    if (policy.effect !== 'modify') {
      outcome.failed += 1;
      continue;
    }
    const changed = applyModify(resource, policy);
    if (changed !== resource) {
      changed.systemData = systemDataFor(actor, ctx.now(), resource);
      ctx.store.put(changed);
    }
    outcome.succeeded += 1;
  }
  return outcome;
}

const ITEM = '/{*scope}/providers/Microsoft.PolicyInsights/remediations/{remediationName}';

export const remediationRoutes: RouteModule = [
  {
    method: 'PUT',
    pattern: ITEM,
    apiVersions: API.policyInsights,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', WRITE);
      if (!isObject(req.body) || !isObject(req.body.properties)) throw invalidRequestContent('The request content was invalid and could not be deserialized: missing properties.');
      const input = req.body.properties;
      if (typeof input.policyAssignmentId !== 'string') throw invalid("The remediation property 'policyAssignmentId' is required.");
      const assignment = ctx.store.get(input.policyAssignmentId);
      if (!assignment) throw policyAssignmentNotFound(nameOf(input.policyAssignmentId));
      const assignmentScope = String(propertiesOf(assignment).scope ?? '/');
      if (!isAtOrUnder(scope, assignmentScope) && !isAtOrUnder(assignmentScope, scope)) {
        throw invalid(`The remediation scope '${scope}' does not overlap the policy assignment scope '${assignmentScope}'.`);
      }
      const name = req.params.remediationName ?? '';
      const id = remediationId(scope, name);
      const previous = ctx.store.get(id);
      const outcome = remediate(req, ctx, isAtOrUnder(scope, assignmentScope) ? scope : assignmentScope, input, assignment);
      const now = ctx.now().toISOString();
      const properties: Json = {
        ...input,
        provisioningState: outcome.failed > 0 && outcome.succeeded === 0 ? 'Failed' : 'Succeeded',
        createdOn: propertiesOf(previous).createdOn ?? now,
        lastUpdatedOn: now,
        resourceDiscoveryMode: input.resourceDiscoveryMode ?? 'ExistingNonCompliant',
        deploymentStatus: { totalDeployments: outcome.total, successfulDeployments: outcome.succeeded, failedDeployments: outcome.failed },
        statusMessage: outcome.failed > 0 ? 'DeployIfNotExists deployments are not run by the local emulator.' : 'Remediation completed.',
        correlationId: ctx.newId(),
      };
      const stored = ctx.store.put({ properties, id, name, type: TYPE, systemData: systemDataFor(req.caller, ctx.now(), previous) });
      // The answer shows the remediation as just accepted; the stored one already holds its outcome.
      const accepted = {
        ...stored,
        properties: { ...properties, provisioningState: 'Accepted', deploymentStatus: { totalDeployments: outcome.total, successfulDeployments: 0, failedDeployments: 0 } },
      };
      return { status: previous ? 200 : 201, body: accepted };
    },
  },
  {
    method: 'GET',
    pattern: ITEM,
    apiVersions: API.policyInsights,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', READ);
      const name = req.params.remediationName ?? '';
      const found = ctx.store.get(remediationId(scope, name));
      if (!found) throw remediationNotFound(name);
      return { status: 200, body: found };
    },
  },
  {
    method: 'DELETE',
    pattern: ITEM,
    apiVersions: API.policyInsights,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', DELETE);
      const removed = ctx.store.delete(remediationId(scope, req.params.remediationName ?? ''));
      return removed ? { status: 200, body: removed } : { status: 204 };
    },
  },
  {
    method: 'GET',
    pattern: '/{*scope}/providers/Microsoft.PolicyInsights/remediations',
    apiVersions: API.policyInsights,
    handler: (req, ctx) => {
      const scope = requireScope(ctx, req.caller, req.params.scope ?? '', READ);
      const items = filterIterable(ctx.store.listByType(TYPE, scope), (r) => ctx.authz.allows(req.caller, READ, r.id));
      return { status: 200, body: ctx.page(req, items) };
    },
  },
];
