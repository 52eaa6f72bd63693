import { describe, expect } from 'vitest';
import { personaPrincipals, TENANT_ID } from '../../../src/emulator/generate/personas.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { estateFacts, RAW_RULES } from './support/estate.js';

/**
 * Posture on hand-made registries covering the casing Azure uses and the casing it might
 * (`Enabled`/`enabled`), and properties an api-version leaves out.
 */

const S = '5c0e0000-0000-4000-8000-0000000000c1';
const RG = `/subscriptions/${S}/resourceGroups/rg-casing`;
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

function registry(name: string, properties: Record<string, unknown>, sku = 'Premium') {
  return { id: `${RG}/providers/Microsoft.ContainerRegistry/registries/${name}`, name, type: 'Microsoft.ContainerRegistry/registries', location: 'westeurope', sku: { name: sku, tier: sku }, properties: { loginServer: `${name}.azurecr.io`, ...properties } };
}

const handMade = {
  tenantId: TENANT_ID,
  principals: personaPrincipals(),
  resources: [
    { id: `/subscriptions/${S}`, subscriptionId: S, displayName: 'Casing', state: 'Enabled', tags: { env: 'prod' } },
    { id: RG, name: 'rg-casing', type: 'Microsoft.Resources/resourceGroups', location: 'westeurope', properties: { provisioningState: 'Succeeded' } },
    // Other casings than ACR's own, everywhere it matters; no anonymousPullEnabled at all.
    registry('casingupper', {
      adminUserEnabled: false, publicNetworkAccess: 'disabled', networkRuleSet: { defaultAction: 'deny', ipRules: [] },
      encryption: { status: 'Enabled', keyVaultProperties: { keyIdentifier: 'https://kv.vault.azure.net/keys/k', keyRotationEnabled: true } },
      policies: { exportPolicy: { status: 'Disabled' }, trustPolicy: { type: 'Notary', status: 'Enabled' }, quarantinePolicy: { status: 'ENABLED' }, retentionPolicy: { status: 'Enabled', days: 7 }, azureADAuthenticationAsArmPolicy: { status: 'Disabled' } },
      dataEndpointEnabled: true, dataEndpointHostNames: ['casingupper.westeurope.data.azurecr.io'],
      privateEndpointConnections: [{ id: `${RG}/providers/Microsoft.ContainerRegistry/registries/casingupper/privateEndpointConnections/pe.1`, name: 'pe.1', properties: { privateLinkServiceConnectionState: { status: 'approved' } } }],
    }),
    // Almost nothing set: what is absent must not read as "on" (or as "off" where Azure defaults to on).
    registry('barelyset', { adminUserEnabled: true }, 'Standard'),
    registry('anonymousonly', { anonymousPullEnabled: true, publicNetworkAccess: 'Enabled', policies: { azureADAuthenticationAsArmPolicy: { status: 'enabled' } } }, 'Standard'),
    { id: `/subscriptions/${S}/providers/Microsoft.Authorization/roleAssignments/9c000000-0000-4000-8000-000000000001`, name: '9c000000-0000-4000-8000-000000000001', type: 'Microsoft.Authorization/roleAssignments', properties: { roleDefinitionId: `/subscriptions/${S}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: personas.priya.aadObjectId, principalType: 'User', scope: `/subscriptions/${S}` } },
  ],
};

function rows(readable: string): Map<string, string> {
  const found = new Map<string, string>();
  const lines = readable.split('\n');
  lines.forEach((line, i) => {
    const m = /^\*\*(.+?)\*\*: /.exec(line);
    if (m?.[1]) found.set(m[1], lines[i - 1] ?? '');
  });
  return found;
}

const test = createBotTest({ tenant: handMade });

describe('casing traps and missing properties', () => {
  const estate = estateFacts(handMade);

  test.for(['casingupper', 'barelyset', 'anonymousonly'])('%s: every row as the raw properties say', async (name, { say }) => {
    const raw = estate.registries.find((r) => r.name === name);
    if (!raw) throw new Error(name);
    const reply = await say(`is ${name} hardened?`, { as: personas.priya });
    const outcome = rows(reply.readable);
    expect(outcome.size).toBe(13);
    for (const [title, passes] of Object.entries(RAW_RULES)) {
      const passed = outcome.get(title) === 'Pass' || outcome.get(title) === 'Check';
      expect(passed, `${name}: ${title} is “${outcome.get(title) ?? ''}”`).toBe(passes(raw));
    }
  });

  test('the casings ACR never sends still pass; absent anonymous pull is off and says why', async ({ say }) => {
    const upper = rows((await say('is casingupper hardened?', { as: personas.priya })).readable);
    expect([...upper.values()].filter((o) => o !== 'Pass')).toEqual([]);
    const bare = await say('is barelyset hardened?', { as: personas.priya });
    expect(bare.readable).toContain('**Anonymous pull**: Not reported by this API version (absent means off)');
    expect(bare.readable).toContain('**ARM-audience tokens**: Not set: ARM-audience tokens are accepted (the default)');
    expect(rows(bare.readable).get('Content trust')).toBe('Needs Premium');
  });
});

