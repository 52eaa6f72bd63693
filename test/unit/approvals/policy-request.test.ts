import { describe, expect, test } from 'vitest';
import { failureOf } from '../../../src/azure/changes/failures.js';
import { planOperation } from '../../../src/azure/changes/operations.js';
import { RestError } from '@azure/core-rest-pipeline';
import { AuthenticationRequiredError } from '@azure/identity';
import { assignmentName, assignmentParameters, assignmentWarnings, exemptionName, type DefinitionDetails } from '../../../src/domain/approvals/index.js';
import { findPolicy } from '../../../src/domain/policy-catalog.js';
import { SCOPE } from './support/fakes.js';

function policy(id: string) {
  const found = findPolicy(id);
  if (!found) throw new Error(`no policy ${id}`);
  return found;
}

const effectOnly = (allowed: string[], defaultValue = allowed[0]): DefinitionDetails => ({ id: 'x', displayName: 'x', parameters: { effect: { type: 'String', allowedValues: allowed, defaultValue } } });

describe('assignment parameters', () => {
  test('an allowed effect is taken in the definition’s own spelling', () => {
    const p = policy('ACR_AdminAccountDisabled_AuditDeny');
    expect(assignmentParameters(p, effectOnly(['Audit', 'Deny', 'Disabled']), 'assign the admin user policy with effect deny')).toEqual({ parameters: { effect: 'Deny' }, problems: [] });
  });

  test('an effect the definition does not allow is a problem naming what it allows and what would enforce', () => {
    const p = policy('ACR_PrivateEndpointEnabled_Audit');
    const { problems } = assignmentParameters(p, effectOnly(['Audit', 'Disabled']), 'with effect Deny');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/cannot use the effect Deny: it allows Audit, Disabled\. To enforce it, assign “Configure Container registries with private endpoints” \(DeployIfNotExists\)/);
  });

  test('without the definition from Azure, the catalog’s allowed effects still decide', () => {
    const p = policy('ACR_PrivateEndpointEnabled_Audit');
    expect(assignmentParameters(p, undefined, 'effect: Deny').problems[0]).toMatch(/allows Audit, Disabled/);
    expect(assignmentParameters(p, undefined, 'effect=disabled')).toEqual({ parameters: { effect: 'Disabled' }, problems: [] });
  });

  test('named parameters are typed and checked; unknown ones and missing required ones are problems', () => {
    const p = policy('ContainerAllowedImages');
    const definition: DefinitionDetails = {
      id: 'x',
      displayName: 'x',
      parameters: {
        effect: { type: 'String', allowedValues: ['audit', 'Audit', 'deny', 'Deny', 'disabled', 'Disabled'], defaultValue: 'Audit' },
        allowedContainerImagesRegex: { type: 'String' },
        excludedNamespaces: { type: 'Array', defaultValue: ['kube-system'] },
      },
    };
    const ok = assignmentParameters(p, definition, 'with effect Deny allowedContainerImagesRegex="^contosoprod\\.azurecr\\.io/.+$" excludedNamespaces=kube-system,gatekeeper-system');
    expect(ok.problems).toEqual([]);
    expect(ok.parameters).toEqual({ effect: 'Deny', allowedContainerImagesRegex: '^contosoprod\\.azurecr\\.io/.+$', excludedNamespaces: ['kube-system', 'gatekeeper-system'] });
    const missing = assignmentParameters(p, definition, 'with effect Deny colour=blue');
    expect(missing.problems).toEqual([expect.stringMatching(/“colour” is not a parameter of this definition/), 'allowedContainerImagesRegex is required: add “allowedContainerImagesRegex=…”.']);
  });

  test('warnings: audit-only definitions name their enforcing twin; Modify ones mention the identity', () => {
    expect(assignmentWarnings(policy('ACR_PrivateEndpointEnabled_Audit'), {})[0]).toMatch(/can only audit \(Audit, Disabled\).*Configure Container registries with private endpoints/);
    expect(assignmentWarnings(policy('ACR_AdminAccountDisabled_AuditDeny'), { effect: 'Deny' }).join(' ')).toMatch(/Deny blocks creating or changing resources/);
    expect(assignmentWarnings(policy('ACR_AdminAccountDisabled_Modify'), {}).join(' ')).toMatch(/managed identity/);
  });
});

describe('names and operations', () => {
  const definition = policy('ACR_AdminAccountDisabled_Modify').definitionId;

  test('names are deterministic, short enough for ARM, and differ by scope', () => {
    const a = assignmentName(SCOPE, definition, 'admin-user');
    expect(assignmentName(SCOPE.toUpperCase(), definition, 'admin-user')).toBe(a);
    expect(assignmentName(`${SCOPE}-2`, definition, 'admin-user')).not.toBe(a);
    expect(a).toMatch(/^shipshape-admin-user-[0-9a-f]{12}$/);
    expect(assignmentName(SCOPE, definition, 'running-image-vulnerability-assessment').length).toBeLessThanOrEqual(64);
    expect(exemptionName(SCOPE, 'a')).toBe(exemptionName(SCOPE, 'a'));
  });

  test('an assignment of a Modify definition is planned with a system-assigned identity and ARM parameter values', () => {
    const op = planOperation({ kind: 'assign-policy', scope: SCOPE, assignmentName: 'n', definitionId: definition, displayName: 'd', parameters: { effect: 'Modify' }, identityLocation: 'westeurope', description: 'x', metadata: {} });
    expect(op).toMatchObject({ method: 'PUT', path: `${SCOPE}/providers/Microsoft.Authorization/policyAssignments/n`, apiVersion: '2025-03-01' });
    expect(op.body).toMatchObject({ location: 'westeurope', identity: { type: 'SystemAssigned' }, properties: { policyDefinitionId: definition, parameters: { effect: { value: 'Modify' } }, enforcementMode: 'Default' } });
  });

  test('a registry change is a PATCH of its properties; an unassignment a DELETE without body', () => {
    const registry = `${SCOPE}/providers/Microsoft.ContainerRegistry/registries/contosodev`;
    expect(planOperation({ kind: 'registry-update', registryId: registry, settings: { adminUserEnabled: false } })).toEqual({ method: 'PATCH', path: registry, apiVersion: '2025-11-01', body: { properties: { adminUserEnabled: false } } });
    expect(planOperation({ kind: 'unassign-policy', assignmentId: `${SCOPE}/providers/Microsoft.Authorization/policyAssignments/a` }).body).toBeUndefined();
  });
});

describe('what Azure answered', () => {
  const response = (status: number) => ({ status, headers: { get: (name: string) => (name === 'x-ms-correlation-request-id' ? 'corr-1' : undefined) } });

  test('a 403 names the action and scope, with the correlation id, and keeps the request open', () => {
    const message = `The client 'sam@contoso.example' with object id 'd4e5' does not have authorization to perform action 'Microsoft.Authorization/policyAssignments/write' over scope '${SCOPE}' or the scope is invalid.`;
    const error = new RestError(message, { statusCode: 403, code: 'AuthorizationFailed', response: response(403) as never });
    expect(failureOf(error)).toEqual({ ok: false, retryable: true, status: 403, code: 'AuthorizationFailed', message, action: 'Microsoft.Authorization/policyAssignments/write', scope: SCOPE, correlationId: 'corr-1' });
  });

  test('a 400 ends the request; 429 and 5xx keep it open; an expired sign-in is a 401', () => {
    expect(failureOf(new RestError('bad', { statusCode: 400, code: 'InvalidRequestContent' })).retryable).toBe(false);
    expect(failureOf(new RestError('slow down', { statusCode: 429 })).retryable).toBe(true);
    expect(failureOf(new RestError('oops', { statusCode: 503 })).retryable).toBe(true);
    expect(failureOf(new AuthenticationRequiredError({ scopes: ['x'] }))).toMatchObject({ retryable: true, status: 401, code: 'SignInFailed' });
    expect(() => failureOf(new TypeError('a bug'))).toThrow(TypeError);
  });
});
