import { describe, expect } from 'vitest';
import { personaPrincipals } from '../../../src/emulator/generate/personas.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';

/**
 * A scope with 2,500 policy states: Policy Insights answers 1,000 rows a page and serves the next
 * page only to a POST on `@odata.nextLink` (the emulator refuses GET there as Azure does). The answer
 * must count every non-compliant registry, not the first page's.
 */

const SUB = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const REGISTRIES = 2500;
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

function registry(i: number): Record<string, unknown> {
  const name = `scale${String(i).padStart(4, '0')}`;
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg-scale/providers/Microsoft.ContainerRegistry/registries/${name}`,
    name,
    type: 'Microsoft.ContainerRegistry/registries',
    location: 'northeurope',
    tags: {},
    sku: { name: 'Standard', tier: 'Standard' },
    // Every third registry has its admin account off (compliant); the rest are non-compliant.
    properties: { loginServer: `${name}.azurecr.io`, adminUserEnabled: i % 3 !== 0, provisioningState: 'Succeeded', publicNetworkAccess: 'Enabled' },
  };
}

const registries = Array.from({ length: REGISTRIES }, (_, i) => registry(i));
const tenant = {
  tenantId: 'b7a6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d',
  principals: personaPrincipals('fabrikam.example'),
  resources: [
    { id: `/subscriptions/${SUB}`, subscriptionId: SUB, displayName: 'Fabrikam Scale', state: 'Active', tags: { env: 'prod' } },
    { id: `/subscriptions/${SUB}/resourceGroups/rg-scale`, name: 'rg-scale', type: 'Microsoft.Resources/resourceGroups', location: 'northeurope', properties: { provisioningState: 'Succeeded' } },
    {
      id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/5c0e5c0e-0000-4000-8000-000000000001`,
      name: '5c0e5c0e-0000-4000-8000-000000000001',
      type: 'Microsoft.Authorization/roleAssignments',
      properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: personas.priya.aadObjectId, principalType: 'User', scope: `/subscriptions/${SUB}` },
    },
    {
      id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/policyAssignments/no-admin-account`,
      name: 'no-admin-account',
      type: 'Microsoft.Authorization/policyAssignments',
      properties: {
        displayName: 'Registries without an admin account',
        policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2',
        scope: `/subscriptions/${SUB}`,
        enforcementMode: 'Default',
        parameters: {},
        notScopes: [],
      },
    },
    ...registries,
  ],
};

const test = createBotTest({ tenant });

describe('policy compliance of a scope with more than 1,000 states', () => {
  test('every non-compliant registry is counted, across all of Policy Insights’ pages', async ({ say }) => {
    const failing = registries.filter((r) => (r.properties as { adminUserEnabled: boolean }).adminUserEnabled).length;
    expect(failing).toBeGreaterThan(1000);
    const reply = await say('which registries violate policies in prod', { as: personas.priya });
    expect(reply.readable).toContain(`${failing} resources violate policies`);
  });
});
