import { PolicyInsightsClient, type PolicyState } from '@azure/arm-policyinsights';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { all, caught } from './support/calls.js';
import { exampleBody } from './support/contracts.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { ASSIGNMENT, AKS, policyTenant, REG, S } from './support/policy-tenant.js';
import { WHO } from './support/tenant.js';

/**
 * Policy Insights through @azure/arm-policyinsights: states computed by evaluating the assigned
 * built-ins against the tenant’s registries (POST queryResults, POST summarize; paging in policy-paging.test.ts).
 */

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(policyTenant(), { pageSize: 4 });
});
afterAll(async () => env?.close());

const client = async (who: string) => new PolicyInsightsClient(await env.user(who), S, env.clientOptions);

/** "assignment name → resource name: state", sorted, for readable expectations. */
function states(rows: PolicyState[]): string[] {
  return rows.map((r) => `${r.policyAssignmentName ?? ''} ${(r.resourceId ?? '').split('/').pop() ?? ''} ${r.complianceState ?? ''}`).sort();
}

describe('queryResults', () => {
  test('a subscription: every assigned policy judges the registries it targets (paged by nextLink)', async () => {
    const rows = await all((await client(WHO.reader)).policyStates.listQueryResultsForSubscription('latest', S));
    expect(states(rows)).toEqual([
      'acr-admin-audit adminreg NonCompliant',
      'acr-admin-audit cleanreg Compliant',
      'acr-admin-audit exemptreg Exempt',
      'acr-admin-modify adminreg NonCompliant',
      'acr-admin-modify cleanreg Compliant',
      'acr-admin-modify exemptreg NonCompliant',
      'acr-vulnerabilities adminreg NonCompliant',
      'acr-vulnerabilities cleanreg Compliant',
      'acr-vulnerabilities exemptreg NonCompliant',
      'k8s-no-privileged aks1 NonCompliant',
    ]);
    const admin = rows.find((r) => r.policyAssignmentName === 'acr-admin-audit' && r.resourceId === REG.admin.toLowerCase());
    expect(admin).toMatchObject({
      isCompliant: false,
      policyDefinitionAction: 'audit',
      policyDefinitionName: 'dc921057-6b28-4fbe-9b83-f7bec05db6c2',
      policyAssignmentScope: `/subscriptions/${S}`,
      resourceGroup: 'rg-apps',
      resourceType: '/Microsoft.ContainerRegistry/registries',
      subscriptionId: S,
    });
    expect(rows.find((r) => r.resourceId === REG.exempt.toLowerCase() && r.complianceState === 'Exempt')?.isCompliant).toBe(true);
  });

  test('$filter, $top and $orderby as Policy Insights reads them', async () => {
    const sdk = await client(WHO.reader);
    const failing = await all(sdk.policyStates.listQueryResultsForSubscription('latest', S, { queryOptions: { filter: 'IsCompliant eq false' } }));
    expect(failing).toHaveLength(6);
    const adminOnly = await all(
      sdk.policyStates.listQueryResultsForSubscription('latest', S, {
        queryOptions: { filter: `PolicyAssignmentId eq '${ASSIGNMENT.adminAudit}' and ResourceType eq 'Microsoft.ContainerRegistry/registries'` },
      }),
    );
    expect(states(adminOnly)).toEqual(['acr-admin-audit adminreg NonCompliant', 'acr-admin-audit cleanreg Compliant', 'acr-admin-audit exemptreg Exempt']);
    const top = await all(sdk.policyStates.listQueryResultsForSubscription('latest', S, { queryOptions: { top: 3, orderBy: 'ResourceId asc' } }));
    expect(top.map((r) => r.resourceId?.split('/').pop())).toEqual(['adminreg', 'adminreg', 'adminreg']);
    const bad = await caught(all(sdk.policyStates.listQueryResultsForSubscription('latest', S, { queryOptions: { filter: 'IsCompliant eq (' } })));
    expect(bad.statusCode).toBe(400);
  });

  test('a resource group and a single resource narrow the rows; the OData envelope is ARM’s', async () => {
    const sdk = await client(WHO.rgReader);
    const rg = await all(sdk.policyStates.listQueryResultsForResourceGroup('latest', S, 'rg-apps'));
    // Policy Insights answers with ids lower-cased.
    expect(new Set(rg.map((r) => r.resourceId))).toEqual(new Set([REG.admin, REG.clean, AKS].map((id) => id.toLowerCase())));
    const one = await all(sdk.policyStates.listQueryResultsForResource('latest', REG.clean));
    expect(states(one)).toEqual(['acr-admin-audit cleanreg Compliant', 'acr-admin-modify cleanreg Compliant', 'acr-vulnerabilities cleanreg Compliant']);
    const raw = await env.arm(await env.user(WHO.rgReader), 'POST', `${REG.clean}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=2024-10-01`);
    const body = raw.body as Record<string, unknown> & { value: Array<Record<string, unknown>> };
    expect(body['@odata.context']).toBe(`${env.baseUrl}${REG.clean}/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest`);
    expect(body['@odata.count']).toBe(3);
    expect(body.value[0]?.['@odata.context']).toBe(`${body['@odata.context'] as string}/$entity`);
    // Every field of the REST example's rows is present in ours.
    const exampleRow = exampleBody<{ value: Array<Record<string, unknown>> }>('policyinsights/PolicyStates_ListQueryResultsForResourceGroup_PolicyStates_QueryResourceGroupScope_2024-10-01.json').value[0] ?? {};
    expect(Object.keys(body.value[0] ?? {}).sort()).toEqual(Object.keys(exampleRow).sort());
  });

  test('403 outside the caller’s access', async () => {
    const denied = await caught(all((await client(WHO.rgReader)).policyStates.listQueryResultsForSubscription('latest', S)));
    expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);
    expect(denied.message).toContain("'Microsoft.PolicyInsights/policyStates/queryResults/read'");
  });
});

describe('summarize', () => {
  test('subscription summary counts resources and policies the way SummarizeResults does', async () => {
    const summary = await (await client(WHO.reader)).policyStates.summarizeForSubscription('latest', S);
    expect(summary.odataCount).toBe(1);
    const value = summary.value?.[0];
    expect(value?.results?.nonCompliantResources).toBe(3);
    expect(value?.results?.nonCompliantPolicies).toBe(4);
    expect(value?.results?.resourceDetails).toEqual([
      { complianceState: 'compliant', count: 1 },
      { complianceState: 'noncompliant', count: 3 },
    ]);
    expect(value?.results?.queryResultsUri).toContain('$filter=IsCompliant eq false');
    const ids = value?.policyAssignments?.map((a) => a.policyAssignmentId) ?? [];
    expect(ids.slice(0, 2).sort()).toEqual([ASSIGNMENT.adminModify, ASSIGNMENT.vulnerabilities].map((id) => id.toLowerCase()).sort());
    const audit = value?.policyAssignments?.find((a) => a.policyAssignmentId === ASSIGNMENT.adminAudit.toLowerCase());
    expect(audit?.results?.resourceDetails).toEqual([
      { complianceState: 'compliant', count: 1 },
      { complianceState: 'noncompliant', count: 1 },
      { complianceState: 'exempt', count: 1 },
    ]);
    expect(audit?.policyDefinitions?.[0]).toMatchObject({ effect: 'audit', policyDefinitionId: '/providers/microsoft.authorization/policydefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2' });
  });

  test('resource group summary, $top on assignments, and the example’s shape', async () => {
    const sdk = await client(WHO.reader);
    const rg = await sdk.policyStates.summarizeForResourceGroup('latest', S, 'rg-apps', { queryOptions: { top: 2 } });
    expect(rg.value?.[0]?.policyAssignments).toHaveLength(2);
    expect(rg.value?.[0]?.results?.nonCompliantResources).toBe(2);
    const raw = await env.arm(await env.user(WHO.reader), 'POST', `/subscriptions/${S}/resourceGroups/rg-apps/providers/Microsoft.PolicyInsights/policyStates/latest/summarize?api-version=2024-10-01`);
    const example = exampleBody<Record<string, unknown>>('policyinsights/PolicyStates_SummarizeForResourceGroup_PolicyStates_SummarizeResourceGroupScope_2024-10-01.json');
    const ours = raw.body as { value: Array<Record<string, unknown>> };
    const theirs = example as { value: Array<Record<string, unknown>> };
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    expect(Object.keys(ours.value[0] ?? {}).sort()).toEqual(Object.keys(theirs.value[0] ?? {}).sort());
  });
});
