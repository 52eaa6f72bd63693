import { describe, expect } from 'vitest';
import { personaPrincipals } from '../../../src/emulator/generate/personas.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';

/**
 * A tenant organised in management groups: the reader's only role and the policy in force are both
 * assigned at a group above the subscription. Compliance answers must see both, as ARM applies them.
 */

const TENANT = 'c4b3a291-8f7e-4d6c-9b5a-4e3d2c1b0a9f';
const INSIDE = 'a1a1a1a1-0000-4000-8000-0000000000a1';
const BESIDE = 'b2b2b2b2-0000-4000-8000-0000000000b2';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const group = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;

const registry = (sub: string, rg: string, name: string, adminUserEnabled: boolean) => ({
  id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${name}`,
  name,
  type: 'Microsoft.ContainerRegistry/registries',
  location: 'swedencentral',
  sku: { name: 'Standard', tier: 'Standard' },
  properties: { loginServer: `${name}.azurecr.io`, adminUserEnabled, provisioningState: 'Succeeded', publicNetworkAccess: 'Enabled' },
});

const tenant = {
  tenantId: TENANT,
  principals: personaPrincipals('northwind.example'),
  resources: [
    { id: group('mg-retail'), name: 'mg-retail', type: 'Microsoft.Management/managementGroups', properties: { tenantId: TENANT, displayName: 'Retail', details: { parent: { id: group(TENANT) } } } },
    {
      id: group('mg-retail-prod'),
      name: 'mg-retail-prod',
      type: 'Microsoft.Management/managementGroups',
      properties: { tenantId: TENANT, displayName: 'Retail production', details: { parent: { id: group('mg-retail') } }, children: [{ id: `/subscriptions/${INSIDE}`, type: '/subscriptions', name: INSIDE }] },
    },
    { id: `/subscriptions/${INSIDE}`, subscriptionId: INSIDE, displayName: 'Retail Prod', state: 'Enabled', tags: { env: 'prod' } },
    { id: `/subscriptions/${BESIDE}`, subscriptionId: BESIDE, displayName: 'Warehouse Prod', state: 'Enabled', tags: { env: 'prod' } },
    { id: `/subscriptions/${INSIDE}/resourceGroups/rg-shop`, name: 'rg-shop', type: 'Microsoft.Resources/resourceGroups', location: 'swedencentral', properties: { provisioningState: 'Succeeded' } },
    { id: `/subscriptions/${BESIDE}/resourceGroups/rg-stock`, name: 'rg-stock', type: 'Microsoft.Resources/resourceGroups', location: 'swedencentral', properties: { provisioningState: 'Succeeded' } },
    registry(INSIDE, 'rg-shop', 'shopcheckout', true),
    registry(INSIDE, 'rg-shop', 'shopcatalog', false),
    registry(BESIDE, 'rg-stock', 'stockpicker', true),
    {
      id: `${group('mg-retail')}/providers/Microsoft.Authorization/roleAssignments/d1d1d1d1-0000-4000-8000-000000000001`,
      name: 'd1d1d1d1-0000-4000-8000-000000000001',
      type: 'Microsoft.Authorization/roleAssignments',
      properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: personas.priya.aadObjectId, principalType: 'User', scope: group('mg-retail') },
    },
    {
      id: `${group('mg-retail')}/providers/Microsoft.Authorization/policyAssignments/retail-no-admin`,
      name: 'retail-no-admin',
      type: 'Microsoft.Authorization/policyAssignments',
      properties: { displayName: 'Retail: no registry admin accounts', policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2', scope: group('mg-retail'), enforcementMode: 'Default', parameters: {}, notScopes: [] },
    },
  ],
};

const test = createBotTest({ tenant });

describe('management groups', () => {
  test('a reader through a group sees the subscription below it and the policy assigned at the group', async ({ say }) => {
    const violations = await say('which registries violate policies in prod', { as: personas.priya });
    expect(violations.readable).toContain('1 resource violates policies');
    expect(violations.readable).toContain('[shopcheckout]');
    expect(violations.readable).not.toContain('stockpicker');

    const compliance = await say('ACR policy compliance in rg-shop', { as: personas.priya });
    expect(compliance.readable).toContain('Retail: no registry admin accounts');
    expect(compliance.readable).toContain('management group mg-retail');
    expect(compliance.readable).toContain('1 non-compliant · 1 compliant');
  });
});
