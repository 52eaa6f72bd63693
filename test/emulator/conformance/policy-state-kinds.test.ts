import { PolicyInsightsClient, type PolicyState } from '@azure/arm-policyinsights';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { all } from './support/calls.js';
import { stateKindDefinitions } from '../../fixtures/policy-state-kinds.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { registry, resourceGroup, ROLE, roleAssignment, subscription, tenantOf, WHO, type Resource } from './support/tenant.js';

/**
 * States besides Compliant and NonCompliant, as Policy Insights reports them: `Unknown` for a Manual
 * policy nobody has attested, `Conflict` (the portal's "Conflicting") when two assignments' Modify
 * rules set one field of one resource to different values; and ids lower-cased, as the service
 * answers them (`policyInsightsIds: 'stored'` keeps the tenant's spelling).
 */

const S = '7e570000-0000-4000-8000-0000000000c5';
const SUB = `/subscriptions/${S}`;
const REGISTRY = `${SUB}/resourceGroups/RG-Mixed/providers/Microsoft.ContainerRegistry/registries/MixedReg`;

function assignment(name: string, definitionName: string): Resource {
  return {
    id: `${SUB}/providers/Microsoft.Authorization/policyAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/policyAssignments',
    location: 'westus',
    identity: { type: 'SystemAssigned', principalId: '7e570000-0000-4000-8000-0000000000a1', tenantId: '9d1c7e2a-0b3f-4c5d-8e6f-a7b8c9d0e1f2' },
    properties: { displayName: name, policyDefinitionId: `${SUB}/providers/Microsoft.Authorization/policyDefinitions/${definitionName}`, scope: SUB, enforcementMode: 'Default', parameters: {}, notScopes: [] },
  };
}

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(
    tenantOf([
      subscription(S, 'States'),
      resourceGroup(S, 'RG-Mixed'),
      roleAssignment(SUB, WHO.reader, ROLE.reader),
      registry(S, 'RG-Mixed', 'MixedReg', { publicNetworkAccess: 'Enabled' }),
      ...stateKindDefinitions(S),
      assignment('Close-Network', 'close-network'),
      assignment('Open-Network', 'open-network'),
      assignment('Attest-Scanning', 'attest-scanning'),
    ]),
  );
});
afterAll(async () => env?.close());

const rows = async (): Promise<PolicyState[]> => all(new PolicyInsightsClient(await env.user(WHO.reader), S, env.clientOptions).policyStates.listQueryResultsForSubscription('latest', S));
const stateOf = (found: PolicyState[], name: string) => found.find((r) => r.policyAssignmentName === name);

describe('policy states besides Compliant and NonCompliant', () => {
  test('two Modify assignments writing different values conflict; a Manual policy is Unknown until attested', async () => {
    const found = await rows();
    expect(stateOf(found, 'Close-Network')).toMatchObject({ complianceState: 'Conflict', isCompliant: false });
    expect(stateOf(found, 'Open-Network')).toMatchObject({ complianceState: 'Conflict', isCompliant: false });
    expect(stateOf(found, 'Attest-Scanning')).toMatchObject({ complianceState: 'Unknown', isCompliant: false });
    const failing = await all(new PolicyInsightsClient(await env.user(WHO.reader), S, env.clientOptions).policyStates.listQueryResultsForSubscription('latest', S, { queryOptions: { filter: "ComplianceState eq 'Conflict'" } }));
    expect(failing).toHaveLength(2);
  });

  test('ids come lower-cased, as the service writes them; the knob keeps the stored spelling', async () => {
    const lower = stateOf(await rows(), 'Close-Network');
    expect(lower?.resourceId).toBe(REGISTRY.toLowerCase());
    expect(lower?.policyAssignmentId).toBe(`${SUB}/providers/microsoft.authorization/policyassignments/close-network`);
    expect(lower?.policyDefinitionId).toBe(`${SUB}/providers/microsoft.authorization/policydefinitions/close-network`);
    env.emulator.setFaults({ policyInsightsIds: 'stored' });
    try {
      expect(stateOf(await rows(), 'Close-Network')?.resourceId).toBe(REGISTRY);
    } finally {
      env.emulator.setFaults({});
    }
  });
});
