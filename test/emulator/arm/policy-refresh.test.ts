import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyClient } from '@azure/arm-policy';
import { PolicyInsightsClient } from '@azure/arm-policyinsights';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { all, caught } from '../conformance/support/calls.js';
import { startTestEmulator, type TestEmulator } from '../conformance/support/emulator.js';
import { registry, resourceGroup, ROLE, roleAssignment, subscription, tenantOf, WHO } from '../conformance/support/tenant.js';

/**
 * Compliance follows the tenant: an assignment created through @azure/arm-policy by someone allowed to
 * shows in the next query, a fixed registry turns compliant once an evaluation is triggered (the
 * SDK's long-running triggerEvaluation), and deleting the assignment removes its states.
 */

const S = '5a0c0000-0000-4000-8000-0000000000b2';
const RG = 'rg-apps';
const rgScope = `/subscriptions/${S}/resourceGroups/${RG}`;
const NO_ADMIN = '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2';

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(
    tenantOf([
      subscription(S, 'Refresh'),
      resourceGroup(S, RG),
      registry(S, RG, 'adminreg', { adminUserEnabled: true }),
      registry(S, RG, 'cleanreg'),
      roleAssignment(`/subscriptions/${S}`, WHO.reader, ROLE.reader),
      roleAssignment(`/subscriptions/${S}`, WHO.policyWriter, ROLE.resourcePolicyContributor),
      roleAssignment(`/subscriptions/${S}`, WHO.admin, ROLE.contributor),
    ]),
  );
});
afterAll(async () => env?.close());

const insights = async (who: string) => new PolicyInsightsClient(await env.user(who), S, env.clientOptions);

async function states(): Promise<string[]> {
  const rows = await all((await insights(WHO.reader)).policyStates.listQueryResultsForResourceGroup('latest', S, RG));
  return rows.map((r) => `${r.policyAssignmentName ?? ''} ${(r.resourceId ?? '').split('/').pop() ?? ''} ${r.complianceState ?? ''}`).sort();
}

describe('compliance refreshes', () => {
  test('nothing is judged before an assignment exists', async () => {
    expect(await states()).toEqual([]);
    const summary = await (await insights(WHO.reader)).policyStates.summarizeForResourceGroup('latest', S, RG);
    expect(summary.value?.[0]?.results?.nonCompliantResources).toBe(0);
  });

  test('an assignment created through the SDK is judged at once; its creator is recorded', async () => {
    const policy = new PolicyClient(await env.user(WHO.policyWriter), S, env.clientOptions);
    const created = await policy.policyAssignments.create(rgScope, 'no-admin', { policyDefinitionId: NO_ADMIN, displayName: 'No admin user' });
    expect((created.metadata as { createdBy?: string }).createdBy).toBe(WHO.policyWriter);
    expect(await states()).toEqual(['no-admin adminreg NonCompliant', 'no-admin cleanreg Compliant']);
    const summary = await (await insights(WHO.reader)).policyStates.summarizeForResourceGroup('latest', S, RG);
    expect(summary.value?.[0]?.results?.nonCompliantResources).toBe(1);
  });

  test('a fixed registry is compliant after a triggered evaluation; only policy writers may trigger one', async () => {
    const acr = new ContainerRegistryManagementClient(await env.user(WHO.admin), S, env.clientOptions);
    await acr.registries.update(RG, 'adminreg', { adminUserEnabled: false });

    const denied = await caught((await insights(WHO.reader)).policyStates.beginTriggerResourceGroupEvaluationAndWait(S, RG));
    expect([denied.statusCode, denied.code]).toEqual([403, 'AuthorizationFailed']);

    await (await insights(WHO.policyWriter)).policyStates.beginTriggerResourceGroupEvaluationAndWait(S, RG, { updateIntervalInMs: 10 });
    await (await insights(WHO.policyWriter)).policyStates.beginTriggerSubscriptionEvaluationAndWait(S, { updateIntervalInMs: 10 });
    expect(await states()).toEqual(['no-admin adminreg Compliant', 'no-admin cleanreg Compliant']);
  });

  test('the trigger answers 202 with a Location that reports the scan done', async () => {
    const writer = await env.user(WHO.policyWriter);
    const started = await env.arm(writer, 'POST', `/subscriptions/${S}/providers/Microsoft.PolicyInsights/policyStates/latest/triggerEvaluation?api-version=2024-10-01`);
    expect(started.status).toBe(202);
    expect(started.body).toBeUndefined();
  });

  test('deleting the assignment removes its states', async () => {
    const policy = new PolicyClient(await env.user(WHO.policyWriter), S, env.clientOptions);
    await policy.policyAssignments.delete(rgScope, 'no-admin');
    expect(await states()).toEqual([]);
  });
});
