import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyClient } from '@azure/arm-policy';
import { PolicyInsightsClient } from '@azure/arm-policyinsights';
import { isRestError } from '@azure/core-rest-pipeline';
import { describe, expect } from 'vitest';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { clientOptionsOf, credentialOf } from './support/azure.js';
import { estateFacts } from './support/estate.js';

/**
 * Compliance visibly changes when someone with the right assigns a policy (through the official SDK,
 * as ARM would take it from the portal or, later, from an approval in chat), and again once a
 * registry is fixed and an evaluation is triggered. The stack is this file's own: it is changed.
 */

const test = createBotTest();
const estate = estateFacts();
const RG = 'rg-registries-prod';
const inGroup = estate.registries.filter((r) => r.id.toLowerCase().includes(`/resourcegroups/${RG}/`));
const SUB = estate.subscriptionOf(inGroup[0]?.id ?? '');
const SCOPE = `subscriptions/${SUB}/resourceGroups/${RG}`;
const ARM_TOKENS = '/providers/Microsoft.Authorization/policyDefinitions/42781ec6-6127-4c30-bdfa-fb423a0047d3';
const NAME = 'No ARM-audience tokens on production registries';

const armTokensOff = (r: (typeof inGroup)[number]) =>
  String(((r.properties.policies as Record<string, { status?: string }> | undefined)?.azureADAuthenticationAsArmPolicy ?? {}).status ?? '').toLowerCase() === 'disabled';

describe('compliance after an assignment is created', () => {
  test('the new assignment shows up with the registries it finds non-compliant, and why', async ({ say, stack }) => {
    expect(inGroup.length).toBeGreaterThan(1);
    const before = await say(`ACR policy compliance in ${RG}`, { as: personas.priya });
    expect(before.readable).not.toContain(NAME);

    // Diego holds no policy rights: Azure refuses him.
    const diego = new PolicyClient(await credentialOf(stack, personas.diego), SUB, clientOptionsOf(stack));
    const refused = await diego.policyAssignments.create(SCOPE, 'diego-try', { policyDefinitionId: ARM_TOKENS }).then(() => undefined, (e: unknown) => e);
    expect(isRestError(refused) ? refused.statusCode : undefined).toBe(403);

    const priya = new PolicyClient(await credentialOf(stack, personas.priya), SUB, clientOptionsOf(stack));
    await priya.policyAssignments.create(SCOPE, 'acr-arm-tokens', { policyDefinitionId: ARM_TOKENS, displayName: NAME });

    const failing = inGroup.filter((r) => !armTokensOff(r));
    const after = await say(`ACR policy compliance in ${RG}`, { as: personas.priya });
    expect(after.readable).toContain(NAME);
    expect(after.readable).toContain(`${failing.length} non-compliant · ${inGroup.length - failing.length} compliant`);
    for (const r of failing) expect(after.readable).toContain(`• ${r.name}: ARM audience token authentication is not set`);

    const listed = await say(`which policies are assigned to ${RG}`, { as: personas.priya });
    expect(listed.readable).toContain(NAME);
    expect(listed.readable).toMatch(/Assigned by you on \d{4}-\d{2}-\d{2}/);
  });

  test('a fixed registry turns compliant after a triggered evaluation', async ({ say, stack }) => {
    const target = inGroup.find((r) => !armTokensOff(r));
    if (!target) throw new Error('a registry to fix');
    const credential = await credentialOf(stack, personas.priya);
    await new ContainerRegistryManagementClient(credential, SUB, clientOptionsOf(stack)).registries.update(RG, target.name, {
      policies: { azureADAuthenticationAsArmPolicy: { status: 'disabled' } },
    });
    await new PolicyInsightsClient(credential, SUB, clientOptionsOf(stack)).policyStates.beginTriggerResourceGroupEvaluationAndWait(SUB, RG, { updateIntervalInMs: 10 });

    const stillFailing = inGroup.filter((r) => r.name !== target.name && !armTokensOff(r));
    const after = await say(`ACR policy compliance in ${RG}`, { as: personas.priya });
    expect(after.readable).toContain(`${stillFailing.length} non-compliant · ${inGroup.length - stillFailing.length} compliant`);
    expect(after.readable).not.toContain(`• ${target.name}: ARM audience token authentication`);
    const checklist = await say(`is ${target.name} hardened?`, { as: personas.priya });
    expect(checklist.readable).toContain('**ARM-audience tokens**: Refused');
  });
});
