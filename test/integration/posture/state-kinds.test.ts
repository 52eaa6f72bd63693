import { describe, expect } from 'vitest';
import { personaPrincipals } from '../../../src/emulator/generate/personas.js';
import { stateKindDefinitions } from '../../fixtures/policy-state-kinds.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';

/**
 * Policy states besides compliant and non-compliant, where real scopes have them: two assignments
 * whose Modify rules contradict each other leave a registry `Conflict`; a Manual policy nobody has
 * attested leaves it `Unknown`. Compliance answers count them, rather than letting them vanish.
 */

const SUB = 'f6f6f6f6-0000-4000-8000-0000000000f6';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-kinds`;
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

const assignment = (name: string, displayName: string) => ({
  id: `${RG}/providers/Microsoft.Authorization/policyAssignments/${name}`,
  name,
  type: 'Microsoft.Authorization/policyAssignments',
  location: 'westus3',
  identity: { type: 'SystemAssigned', principalId: `f6f6f6f6-0000-4000-8000-${name.length.toString().padStart(12, '0')}`, tenantId: 'f6f6f6f6-1111-4000-8000-0000000000f6' },
  properties: { displayName, policyDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyDefinitions/${name}`, scope: RG, enforcementMode: 'Default', parameters: {}, notScopes: [] },
});

const tenant = {
  tenantId: 'f6f6f6f6-1111-4000-8000-0000000000f6',
  principals: personaPrincipals('wingtip.example'),
  resources: [
    { id: `/subscriptions/${SUB}`, subscriptionId: SUB, displayName: 'Wingtip', state: 'Enabled', tags: { env: 'prod' } },
    { id: RG, name: 'rg-kinds', type: 'Microsoft.Resources/resourceGroups', location: 'westus3', properties: { provisioningState: 'Succeeded' } },
    {
      id: `${RG}/providers/Microsoft.ContainerRegistry/registries/wingtipimages`,
      name: 'wingtipimages',
      type: 'Microsoft.ContainerRegistry/registries',
      location: 'westus3',
      sku: { name: 'Premium', tier: 'Premium' },
      properties: { loginServer: 'wingtipimages.azurecr.io', adminUserEnabled: false, provisioningState: 'Succeeded', publicNetworkAccess: 'Enabled' },
    },
    ...stateKindDefinitions(SUB),
    assignment('close-network', 'Close registry networks'),
    assignment('open-network', 'Open registry networks'),
    assignment('attest-scanning', 'Attest image scanning'),
    {
      id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/f6f6f6f6-0000-4000-8000-000000000001`,
      name: 'f6f6f6f6-0000-4000-8000-000000000001',
      type: 'Microsoft.Authorization/roleAssignments',
      properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: personas.priya.aadObjectId, principalType: 'User', scope: `/subscriptions/${SUB}` },
    },
  ],
};

const test = createBotTest({ tenant });

describe('conflicting and unknown policy states', () => {
  test('compliance per assignment counts them instead of dropping them', async ({ say }) => {
    const reply = await say('ACR policy compliance in rg-kinds', { as: personas.priya });
    expect(reply.readable).toContain('0 non-compliant · 0 compliant · 1 conflicting');
    expect(reply.readable).toContain('0 non-compliant · 0 compliant · 1 unknown');
  });
});
