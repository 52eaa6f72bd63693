import { describe, expect, test } from 'vitest';
import { ArmError, type ArmResource } from '../../../src/emulator/http/types.js';
import { applyRegistryUpdate } from '../../../src/emulator/arm/registry-update.js';

type Json = Record<string, unknown>;

function stored(sku = 'Standard'): ArmResource {
  return {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/Reg1',
    name: 'Reg1',
    type: 'Microsoft.ContainerRegistry/registries',
    location: 'West Europe',
    tags: { env: 'dev' },
    sku: { name: sku, tier: sku },
    properties: {
      loginServer: 'reg1.azurecr.io',
      adminUserEnabled: true,
      publicNetworkAccess: 'Enabled',
      policies: { quarantinePolicy: { status: 'disabled' }, exportPolicy: { status: 'enabled' } },
      CustomCasedFlag: 'kept',
      dataEndpointEnabled: false,
      dataEndpointHostNames: [],
    },
  };
}

function armError(fn: () => unknown): ArmError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ArmError) return e;
    throw e;
  }
  throw new Error('expected an ArmError');
}

describe('registries PATCH merge', () => {
  test('merges named properties, keeps the rest, and does not touch the stored object', () => {
    const before = stored();
    const after = applyRegistryUpdate(before, { properties: { adminUserEnabled: false, policies: { exportPolicy: { status: 'Disabled' } } } });
    const props = after.properties as Json;
    expect(props.adminUserEnabled).toBe(false);
    expect(props.policies).toEqual({ quarantinePolicy: { status: 'disabled' }, exportPolicy: { status: 'disabled' } });
    expect(props.CustomCasedFlag).toBe('kept');
    expect(props.provisioningState).toBe('Succeeded');
    expect(after.tags).toEqual({ env: 'dev' });
    expect((before.properties as Json).adminUserEnabled).toBe(true);
  });

  test('canonical enum casing, tag replacement and SKU tier follow ACR', () => {
    const after = applyRegistryUpdate(stored('Premium'), { tags: { owner: 'sec' }, sku: { name: 'premium' }, properties: { publicNetworkAccess: 'disabled' } });
    expect(after.tags).toEqual({ owner: 'sec' });
    expect(after.sku).toEqual({ name: 'Premium', tier: 'Premium' });
    expect((after.properties as Json).publicNetworkAccess).toBe('Disabled');
  });

  test('dedicated data endpoints publish a regional host name on Premium', () => {
    const after = applyRegistryUpdate(stored('Premium'), { properties: { dataEndpointEnabled: true } });
    expect((after.properties as Json).dataEndpointHostNames).toEqual(['reg1.westeurope.data.azurecr.io']);
  });

  test.for([
    [{ properties: { dataEndpointEnabled: true } }, 'DataEndpointNotSupported'],
    [{ properties: { publicNetworkAccess: 'Disabled' } }, 'DisablingPublicNetworkAccessNotSupported'],
    [{ properties: { networkRuleSet: { defaultAction: 'Deny' } } }, 'NetworkRuleSetNotSupported'],
    [{ properties: { publicNetworkAccess: 'Sometimes' } }, 'InvalidParameter'],
    [{ properties: { adminUserEnabled: 'yes' } }, 'InvalidParameter'],
    [{ sku: { name: 'Gold' } }, 'InvalidParameter'],
    [{ properties: { policies: { unknownPolicy: { status: 'enabled' } } } }, 'InvalidParameter'],
  ] as const)('%j on Standard → 400 %s', ([body, code]) => {
    const error = armError(() => applyRegistryUpdate(stored('Standard'), body));
    expect(error.status).toBe(400);
    expect(error.code).toBe(code);
  });

  test('a SKU downgrade that would strand Premium features is refused', () => {
    const premium = applyRegistryUpdate(stored('Premium'), { properties: { dataEndpointEnabled: true } });
    expect(armError(() => applyRegistryUpdate(premium, { sku: { name: 'Standard' } })).code).toBe('DataEndpointNotSupported');
  });

  test('a body that is not an object is invalid content', () => {
    expect(armError(() => applyRegistryUpdate(stored(), 'nope')).code).toBe('InvalidRequestContent');
  });
});
