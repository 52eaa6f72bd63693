import { describe, expect, test } from 'vitest';
import { builtInPolicyDefinition, builtInPolicyDefinitions } from '../../../src/emulator/builtins/policy-definitions.js';
import type { ArmResource } from '../../../src/emulator/http/types.js';
import { evaluateCondition, fieldValue, resolveExpression, targetedTypes } from '../../../src/emulator/arm/policy-evaluator.js';

type Json = Record<string, unknown>;

function ruleIf(name: string): unknown {
  const definition = builtInPolicyDefinition(name);
  if (!definition) throw new Error(`built-in ${name} missing`);
  return ((definition.properties as Json).policyRule as Json).if;
}

function registry(properties: Json = {}, sku = 'Standard'): ArmResource {
  return {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r1',
    name: 'r1',
    type: 'Microsoft.ContainerRegistry/registries',
    location: 'westus',
    sku: { name: sku, tier: sku },
    properties: {
      adminUserEnabled: false,
      publicNetworkAccess: 'Enabled',
      networkRuleSet: { defaultAction: 'Allow', ipRules: [] },
      policies: { exportPolicy: { status: 'enabled' } },
      encryption: { status: 'disabled' },
      privateEndpointConnections: [],
      ...properties,
    },
  };
}

const approvedConnection = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r1/privateEndpointConnections/pe1',
  properties: { privateLinkServiceConnectionState: { status: 'Approved' } },
};

const matches = (name: string, resource: ArmResource, parameters: Json = {}) => evaluateCondition(ruleIf(name), { resource, parameters });

describe('Container Registry built-in rules', () => {
  test.for([
    // [definition, registry properties, sku, rule matches (= non-compliant for Audit/Deny)]
    ['dc921057-6b28-4fbe-9b83-f7bec05db6c2', { adminUserEnabled: true }, 'Standard', true],
    ['dc921057-6b28-4fbe-9b83-f7bec05db6c2', { adminUserEnabled: false }, 'Standard', false],
    ['9f2dea28-e834-476c-99c5-3507b4728395', { anonymousPullEnabled: true }, 'Standard', true],
    ['9f2dea28-e834-476c-99c5-3507b4728395', {}, 'Standard', false],
    ['5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580', { encryption: { status: 'disabled' } }, 'Premium', true],
    ['5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580', { encryption: { status: 'Enabled' } }, 'Premium', false],
    ['524b0254-c285-4903-bee6-bb8126cde579', {}, 'Premium', true],
    ['524b0254-c285-4903-bee6-bb8126cde579', { policies: { exportPolicy: { status: 'disabled' } }, publicNetworkAccess: 'Disabled' }, 'Premium', false],
    ['d0793b48-0edc-4296-a390-4c75d1bdfd71', {}, 'Premium', true],
    ['d0793b48-0edc-4296-a390-4c75d1bdfd71', { networkRuleSet: { defaultAction: 'Deny', ipRules: [] } }, 'Premium', false],
    ['d0793b48-0edc-4296-a390-4c75d1bdfd71', { publicNetworkAccess: 'Disabled' }, 'Premium', false],
    ['d0793b48-0edc-4296-a390-4c75d1bdfd71', { networkRuleSet: undefined, publicNetworkAccess: undefined }, 'Premium', true],
    ['e8eef0a8-67cf-4eb4-9386-14b0e78733d4', {}, 'Premium', true],
    ['e8eef0a8-67cf-4eb4-9386-14b0e78733d4', { privateEndpointConnections: [approvedConnection] }, 'Premium', false],
    ['0fdf0491-d080-4575-b627-ad0e843cba0f', { publicNetworkAccess: 'Enabled' }, 'Premium', true],
    ['0fdf0491-d080-4575-b627-ad0e843cba0f', { publicNetworkAccess: 'disabled' }, 'Premium', false],
    ['bd560fc0-3c69-498a-ae9f-aa8eb7de0e13', {}, 'Basic', true],
    ['bd560fc0-3c69-498a-ae9f-aa8eb7de0e13', {}, 'Premium', false],
    ['42781ec6-6127-4c30-bdfa-fb423a0047d3', {}, 'Standard', true],
    ['42781ec6-6127-4c30-bdfa-fb423a0047d3', { policies: { azureADAuthenticationAsArmPolicy: { status: 'disabled' } } }, 'Standard', false],
    ['42781ec6-6127-4c30-bdfa-fb423a0047d3', { policies: { azureADAuthenticationAsArmPolicy: { status: 'enabled' } } }, 'Standard', true],
  ] as const)('%s with %j on %s → %s', ([name, properties, sku, expected]) => {
    expect(matches(name, registry(properties as Json, sku))).toBe(expected);
  });

  test('no registry rule applies to another resource type', () => {
    const storage: ArmResource = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa', type: 'Microsoft.Storage/storageAccounts', properties: { adminUserEnabled: true } };
    const acrRules = builtInPolicyDefinitions.filter((d) => JSON.stringify(d.properties).includes('Microsoft.ContainerRegistry/registries"'));
    expect(acrRules.length).toBeGreaterThan(5);
    for (const d of acrRules) expect(evaluateCondition(((d.properties as Json).policyRule as Json).if, { resource: storage, parameters: {} })).toBe(false);
  });

  test('counts array members with a nested [*] and a where clause', () => {
    const endpoint: ArmResource = {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe',
      type: 'Microsoft.Network/privateEndpoints',
      properties: { privateLinkServiceConnections: [{ properties: { groupIds: ['registry'] } }] },
    };
    expect(matches('e9585a95-5b8c-4d03-b193-dc7eb5ac4c32', endpoint)).toBe(true);
    const other = structuredClone(endpoint);
    (other.properties as Json).privateLinkServiceConnections = [{ properties: { groupIds: ['blob'] } }];
    expect(matches('e9585a95-5b8c-4d03-b193-dc7eb5ac4c32', other)).toBe(false);
  });
});

describe('expressions, fields and parameters', () => {
  test('parameters() resolves case-insensitively and field() reads the resource', () => {
    const input = { resource: registry({ adminUserEnabled: true }), parameters: { Effect: 'Deny' } };
    expect(resolveExpression("[parameters('effect')]", input)).toBe('Deny');
    expect(resolveExpression("[field('Microsoft.ContainerRegistry/registries/adminUserEnabled')]", input)).toBe(true);
    expect(resolveExpression('[[literal]', input)).toBe('[literal]');
  });

  test('a parameterised `in` (allowed storage SKUs) judges with the assigned values', () => {
    const account: ArmResource = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa', type: 'Microsoft.Storage/storageAccounts', sku: { name: 'Standard_GRS' } };
    expect(matches('7433c107-6db4-4ad1-b57a-a76dce0154a1', account, { listOfAllowedSKUs: ['Standard_LRS'] })).toBe(true);
    expect(matches('7433c107-6db4-4ad1-b57a-a76dce0154a1', account, { listOfAllowedSKUs: ['standard_grs', 'Standard_LRS'] })).toBe(false);
  });

  test('aliases skip nested properties envelopes and tags read by name', () => {
    const r = registry({ privateEndpointConnections: [approvedConnection] });
    r.tags = { Env: 'prod' };
    const statuses = fieldValue(r, 'Microsoft.ContainerRegistry/registries/privateEndpointConnections[*].privateLinkServiceConnectionState.status');
    expect(statuses).toEqual({ value: ['Approved'], many: true, path: 'properties.privateEndpointConnections[*].properties.privateLinkServiceConnectionState.status' });
    expect(fieldValue(r, "tags['env']").value).toBe('prod');
    expect(fieldValue(r, 'tags.env').value).toBe('prod');
    expect(fieldValue(r, 'Microsoft.Storage/storageAccounts/sku.name').value).toBeUndefined();
  });

  test('operators: like, notIn, exists as a string, logical not, greaterOrEquals', () => {
    const input = { resource: registry({ adminUserEnabled: true }), parameters: {} };
    expect(evaluateCondition({ field: 'name', like: 'r*' }, input)).toBe(true);
    expect(evaluateCondition({ field: 'location', notIn: ['eastus', 'westeurope'] }, input)).toBe(true);
    expect(evaluateCondition({ field: 'Microsoft.ContainerRegistry/registries/anonymousPullEnabled', exists: 'false' }, input)).toBe(true);
    expect(evaluateCondition({ not: { field: 'type', equals: 'microsoft.containerregistry/registries' } }, input)).toBe(false);
    expect(evaluateCondition({ value: 3, greaterOrEquals: 2 }, input)).toBe(true);
    expect(evaluateCondition({ field: 'name', unknownOperator: 'x' }, input)).toBe(false);
  });

  test('targeted types come from field: type conditions', () => {
    expect(targetedTypes(ruleIf('dc921057-6b28-4fbe-9b83-f7bec05db6c2'))).toEqual(['microsoft.containerregistry/registries']);
    expect(targetedTypes(ruleIf('17f4b1cc-c55c-4d94-b1f9-2978f6ac2957'))).toEqual(['microsoft.containerservice/managedclusters']);
  });
});

describe('the rest of the condition language', () => {
  const input = (properties: Json = {}, tags: Record<string, string> = {}) => ({ resource: { ...registry(properties), tags }, parameters: { allowed: ['westeurope', 'westus'], prefix: 'r' } });

  test.for([
    // [condition, holds]
    [{ field: 'location', in: "[parameters('allowed')]" }, true],
    [{ field: 'location', notIn: ['WESTUS'] }, false],
    [{ field: 'name', equals: "[concat(parameters('prefix'), '1')]" }, true],
    [{ field: 'name', notEquals: 'R1' }, false],
    [{ field: 'name', like: 'R*' }, true],
    [{ field: 'name', notLike: '*2' }, true],
    [{ field: 'name', match: '?#' }, true],
    [{ field: 'name', match: 'R#' }, false],
    [{ field: 'name', matchInsensitively: 'R#' }, true],
    [{ field: 'name', notMatch: '##' }, true],
    [{ field: 'name', contains: '1' }, true],
    [{ field: 'name', notContains: 'x' }, true],
    [{ field: 'tags', containsKey: 'ENV' }, true],
    [{ field: 'tags', notContainsKey: 'owner' }, true],
    [{ field: 'Microsoft.ContainerRegistry/registries/adminUserEnabled', exists: true }, true],
    [{ field: 'Microsoft.ContainerRegistry/registries/anonymousPullEnabled', exists: 'false' }, true],
    [{ field: 'Microsoft.ContainerRegistry/registries/anonymousPullEnabled', notEquals: true }, true],
    [{ value: "[length(field('Microsoft.ContainerRegistry/registries/privateEndpointConnections[*]'))]", greater: 1 }, true],
    [{ value: '2026-03-01T00:00:00Z', less: '2026-10-01' }, true],
    [{ value: '10', greaterOrEquals: 9 }, true],
    [{ value: "[toLower(resourceGroup().name)]", equals: 'rg' }, true],
    [{ value: "[if(empty(field('tags')), 'none', 'some')]", equals: 'some' }, true],
    [{ value: "[split(field('id'), '/')[2]]", equals: 's' }, true],
    [{ allOf: [{ field: 'name', equals: 'r1' }, { not: { field: 'location', equals: 'eastus' } }] }, true],
    [{ anyOf: [{ field: 'name', equals: 'x' }, { field: 'location', equals: 'x' }] }, false],
    [{ value: "[unknownFunction('x')]", equals: 'x' }, false],
  ] as const)('%j → %s', ([condition, holds]) => {
    const connections = [approvedConnection, { properties: { privateLinkServiceConnectionState: { status: 'Pending' } } }];
    expect(evaluateCondition(condition, input({ privateEndpointConnections: connections }, { Env: 'prod' }))).toBe(holds);
  });

  test('nested count: members of members, and a where that reads the enclosing member', () => {
    const resource: ArmResource = {
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe',
      type: 'Microsoft.Network/privateEndpoints',
      properties: {
        privateLinkServiceConnections: [
          { name: 'a', properties: { groupIds: ['registry', 'registry_data_westeurope'] } },
          { name: 'b', properties: { groupIds: ['blob'] } },
        ],
      },
    };
    const all = 'Microsoft.Network/privateEndpoints/privateLinkServiceConnections[*].groupIds[*]';
    expect(evaluateCondition({ count: { field: all }, equals: 3 }, { resource, parameters: {} })).toBe(true);
    expect(evaluateCondition({ count: { field: all, where: { field: all, like: 'registry*' } }, equals: 2 }, { resource, parameters: {} })).toBe(true);
    const outer = 'Microsoft.Network/privateEndpoints/privateLinkServiceConnections[*]';
    const where = { count: { field: all, where: { field: all, equals: 'blob' } }, greater: 0 };
    expect(evaluateCondition({ count: { field: outer, where }, equals: 1 }, { resource, parameters: {} })).toBe(true);
  });

  test('value count with a name and current()', () => {
    const condition = { count: { value: ['westeurope', 'westus', 'eastus'], name: 'region', where: { field: 'location', equals: "[current('region')]" } }, equals: 1 };
    expect(evaluateCondition(condition, { resource: registry(), parameters: {} })).toBe(true);
  });

  test('evaluation details record each leaf in order, with the values compared', () => {
    const trace: Parameters<typeof evaluateCondition>[1]['trace'] = [];
    const rule = ruleIf('0fdf0491-d080-4575-b627-ad0e843cba0f');
    expect(evaluateCondition(rule, { resource: registry({ publicNetworkAccess: 'Enabled' }), parameters: {}, trace })).toBe(true);
    expect(trace.map((t) => [t.expression, t.operator, t.expressionValue, t.targetValue, t.result])).toEqual([
      ['type', 'Equals', 'Microsoft.ContainerRegistry/registries', 'Microsoft.ContainerRegistry/registries', 'True'],
      ['Microsoft.ContainerRegistry/registries/publicNetworkAccess', 'NotEquals', 'Enabled', 'Disabled', 'True'],
    ]);
  });
});
