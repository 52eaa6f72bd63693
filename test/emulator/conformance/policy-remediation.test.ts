import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyInsightsClient } from '@azure/arm-policyinsights';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { all, caught } from './support/calls.js';
import { exampleBody, readExample } from './support/contracts.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { ASSIGNMENT, exemptionExample, MODIFY_IDENTITY, policyTenant, REG, RG_APPS, remediationExample, S } from './support/policy-tenant.js';
import { WHO, type Resource } from './support/tenant.js';

/**
 * Policy exemptions (REST: no installed SDK covers them) and remediations
 * (@azure/arm-policyinsights), and how both change what Policy Insights reports.
 */

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(policyTenant());
});
afterAll(async () => env?.close());

const EXEMPTIONS = '2022-07-01-preview';
const insights = async (who: string) => new PolicyInsightsClient(await env.user(who), S, env.clientOptions);

async function stateOf(assignmentId: string, resourceId: string): Promise<string | undefined> {
  const rows = await all((await insights(WHO.reader)).policyStates.listQueryResultsForResource('latest', resourceId));
  return rows.find((r) => r.policyAssignmentId?.toLowerCase() === assignmentId.toLowerCase())?.complianceState;
}

describe('policy exemptions', () => {
  test('the REST example reads back identical; its request creates (201) then updates (200)', async () => {
    const writer = await env.user(WHO.policyWriter);
    const got = await env.arm(writer, 'GET', `${String(exemptionExample.id)}?api-version=2024-12-01-preview`);
    expect(got.body).toEqual(exemptionExample);

    const request = readExample('policy/policyExemptions_CreateOrUpdate_createOrUpdatePolicyExemption_2024-12-01-preview.json').parameters;
    const body = structuredClone(request.parameters) as { properties: Record<string, unknown> };
    body.properties.policyAssignmentId = ASSIGNMENT.vulnerabilities;
    // Reference ids only make sense for initiative assignments; ARM refuses them otherwise.
    const refused = await env.arm(writer, 'PUT', `${REG.admin}/providers/Microsoft.Authorization/policyExemptions/refused?api-version=${EXEMPTIONS}`, body);
    expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([400, 'InvalidCreatePolicyExemptionRequest']);
    delete body.properties.policyDefinitionReferenceIds;
    const path = `${REG.admin}/providers/Microsoft.Authorization/policyExemptions/scan-waiver?api-version=${EXEMPTIONS}`;
    const created = await env.arm(writer, 'PUT', path, body);
    expect(created.status).toBe(201);
    const exemption = created.body as Resource & { properties: Record<string, unknown>; systemData: Record<string, unknown> };
    expect(exemption.properties).toEqual(body.properties);
    expect(exemption.systemData).toMatchObject({ createdBy: WHO.policyWriter, createdByType: 'User', lastModifiedBy: WHO.policyWriter });
    const shape = exampleBody<Record<string, unknown>>('policy/policyExemptions_CreateOrUpdate_createOrUpdatePolicyExemption_2024-12-01-preview.json', '201');
    expect(Object.keys(exemption).sort()).toEqual(Object.keys(shape).sort());
    expect((await env.arm(writer, 'PUT', path, body)).status).toBe(200);
  });

  test('an exemption makes the resource Exempt for that assignment only', async () => {
    expect(await stateOf(ASSIGNMENT.vulnerabilities, REG.admin)).toBe('Exempt');
    expect(await stateOf(ASSIGNMENT.adminAudit, REG.admin)).toBe('NonCompliant');
  });

  test('list with filters, delete, and ARM’s answers to bad requests', async () => {
    const writer = await env.user(WHO.policyWriter);
    const list = await env.arm(writer, 'GET', `/subscriptions/${S}/providers/Microsoft.Authorization/policyExemptions?api-version=${EXEMPTIONS}&$filter=policyAssignmentId eq '${ASSIGNMENT.vulnerabilities}'`);
    expect((list.body as { value: Resource[] }).value.map((e) => e.name)).toEqual(['scan-waiver']);
    const atScope = await env.arm(writer, 'GET', `${REG.admin}/providers/Microsoft.Authorization/policyExemptions?api-version=${EXEMPTIONS}&$filter=atScope()`);
    expect((atScope.body as { value: Resource[] }).value.map((e) => e.name)).toEqual(['scan-waiver']);

    const outside = await env.arm(writer, 'PUT', `/subscriptions/${S}/providers/Microsoft.Authorization/policyExemptions/x?api-version=${EXEMPTIONS}`, {
      properties: { policyAssignmentId: ASSIGNMENT.publicDisabled, exemptionCategory: 'Waiver' },
    });
    expect([outside.status, (outside.body as { error: { code: string } }).error.code]).toEqual([400, 'InvalidCreatePolicyExemptionRequest']);
    const noCategory = await env.arm(writer, 'PUT', `${RG_APPS}/providers/Microsoft.Authorization/policyExemptions/y?api-version=${EXEMPTIONS}`, { properties: { policyAssignmentId: ASSIGNMENT.adminAudit } });
    expect(noCategory.status).toBe(400);
    const denied = await env.arm(await env.user(WHO.reader), 'PUT', `${RG_APPS}/providers/Microsoft.Authorization/policyExemptions/z?api-version=${EXEMPTIONS}`, {
      properties: { policyAssignmentId: ASSIGNMENT.adminAudit, exemptionCategory: 'Mitigated' },
    });
    expect([denied.status, (denied.body as { error: { code: string } }).error.code]).toEqual([403, 'AuthorizationFailed']);

    const path = `${REG.admin}/providers/Microsoft.Authorization/policyExemptions/scan-waiver?api-version=${EXEMPTIONS}`;
    expect((await env.arm(writer, 'DELETE', path)).status).toBe(200);
    expect((await env.arm(writer, 'DELETE', path)).status).toBe(204);
    const gone = await env.arm(writer, 'GET', path);
    expect([gone.status, (gone.body as { error: { code: string } }).error.code]).toEqual([404, 'PolicyExemptionNotFound']);
    expect(await stateOf(ASSIGNMENT.vulnerabilities, REG.admin)).toBe('NonCompliant');
  });

  test('an expired exemption no longer exempts', async () => {
    const writer = await env.user(WHO.policyWriter);
    const path = `${REG.admin}/providers/Microsoft.Authorization/policyExemptions/expired?api-version=${EXEMPTIONS}`;
    await env.arm(writer, 'PUT', path, { properties: { policyAssignmentId: ASSIGNMENT.vulnerabilities, exemptionCategory: 'Waiver', expiresOn: '2020-01-01T00:00:00Z' } });
    expect(await stateOf(ASSIGNMENT.vulnerabilities, REG.admin)).toBe('NonCompliant');
  });
});

describe('remediations', () => {
  test('the REST example reads back identical', async () => {
    const sub = String(remediationExample.id).split('/')[2] ?? '';
    const sdk = new PolicyInsightsClient(await env.user(WHO.reader), sub, env.clientOptions);
    const raw = await env.arm(await env.user(WHO.reader), 'GET', `${String(remediationExample.id)}?api-version=2024-10-01`);
    expect(raw.body).toEqual(remediationExample);
    const got = await sdk.remediations.getAtResourceGroup('myResourceGroup', 'storageRemediation');
    expect(got.deploymentStatus?.totalDeployments).toBe(2);
  });

  test('a Modify remediation fixes the non-compliant registries of its scope, as the assignment identity', async () => {
    const sdk = await insights(WHO.policyWriter);
    const created = await sdk.remediations.createOrUpdateAtResourceGroup('rg-apps', 'disable-admin', { policyAssignmentId: ASSIGNMENT.adminModify });
    expect(created.provisioningState).toBe('Accepted');
    expect(created.systemData?.createdBy).toBe(WHO.policyWriter);
    const done = await sdk.remediations.getAtResourceGroup('rg-apps', 'disable-admin');
    expect(done.provisioningState).toBe('Succeeded');
    expect(done.deploymentStatus).toEqual({ totalDeployments: 1, successfulDeployments: 1, failedDeployments: 0 });
    expect((await all(sdk.remediations.listForResourceGroup('rg-apps'))).map((r) => r.name)).toEqual(['disable-admin']);

    const acr = new ContainerRegistryManagementClient(await env.user(WHO.reader), S, env.clientOptions);
    const fixed = await acr.registries.get('rg-apps', 'adminreg');
    expect(fixed.adminUserEnabled).toBe(false);
    expect(fixed.systemData?.lastModifiedBy).toBe(MODIFY_IDENTITY);
    // The registry outside the remediation's resource group is left alone.
    expect((await acr.registries.get('rg-exempt', 'exemptreg')).adminUserEnabled).toBe(true);
    expect(await stateOf(ASSIGNMENT.adminAudit, REG.admin)).toBe('Compliant');
  });

  test('audit-only assignments cannot be remediated; readers may not create remediations', async () => {
    const bad = await caught((await insights(WHO.policyWriter)).remediations.createOrUpdateAtResourceGroup('rg-apps', 'nope', { policyAssignmentId: ASSIGNMENT.adminAudit }));
    expect([bad.statusCode, bad.code]).toEqual([400, 'InvalidCreateRemediationRequest']);
    const denied = await caught((await insights(WHO.reader)).remediations.createOrUpdateAtSubscription('nope', { policyAssignmentId: ASSIGNMENT.adminModify }));
    expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);
    expect(denied.message).toContain("'Microsoft.PolicyInsights/remediations/write'");
    const missing = await caught((await insights(WHO.policyWriter)).remediations.getAtSubscription('ghost'));
    expect(missing.statusCode).toBe(404);
  });
});
