import { describe, expect } from 'vitest';
import { personaPrincipals } from '../../../src/emulator/generate/personas.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';

/**
 * Defender for Cloud's move to individual recommendations: a tenant may hold the grouped
 * recommendation, the per-finding ones, or both. Where only the per-finding shape exists the answer
 * says Defender reports findings there — never that the registry is not scanned or has no findings.
 */

const SUB = 'e5e5e5e5-0000-4000-8000-0000000000e5';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-images`;
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const SECURITY_READER = '39bc4728-0917-49c7-9d2c-d95423bc2eb4';
const MDVM = 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5';

const registryId = (name: string) => `${RG}/providers/Microsoft.ContainerRegistry/registries/${name}`;
const registry = (name: string) => ({
  id: registryId(name),
  name,
  type: 'Microsoft.ContainerRegistry/registries',
  location: 'eastus2',
  sku: { name: 'Premium', tier: 'Premium' },
  properties: { loginServer: `${name}.azurecr.io`, adminUserEnabled: false, provisioningState: 'Succeeded', publicNetworkAccess: 'Disabled' },
});

/** One per-finding recommendation on an image, with the fields the release note's query reads. */
function individual(registry: string, n: number) {
  const image = `${registryId(registry)}/repositories/storefront/images/sha256:${String(n).padStart(64, '0')}`;
  const name = `a1b2c3d4-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    id: `${image}/providers/Microsoft.Security/assessments/${name}`,
    name,
    type: 'Microsoft.Security/assessments',
    properties: {
      displayName: `Update openssl to resolve vulnerabilities (image storefront, finding ${n})`,
      status: { code: 'Unhealthy' },
      resourceDetails: { Source: 'Azure', ResourceType: '.containerimage', Id: image },
      metadata: { recommendationCategory: 'SoftwareUpdate', severity: 'High', assessmentType: 'BuiltIn' },
    },
  };
}

const CLUSTER = `${RG}/providers/Microsoft.ContainerService/managedClusters/tailaks`;

/** A per-finding recommendation on a container running in a cluster. */
const running = {
  id: `${CLUSTER}/providers/Microsoft.Security/assessments/a1b2c3d4-0000-4000-8000-00000000aaaa`,
  name: 'a1b2c3d4-0000-4000-8000-00000000aaaa',
  type: 'Microsoft.Security/assessments',
  properties: {
    displayName: 'Update openssl in running container storefront',
    status: { code: 'Unhealthy' },
    resourceDetails: { Source: 'Azure', ResourceType: 'K8s-container', Id: `${CLUSTER}/namespaces/shop/pods/storefront/containers/web` },
    metadata: { recommendationCategory: 'SoftwareUpdate', severity: 'High' },
  },
};

const grouped = (registry: string) => ({
  id: `${registryId(registry)}/providers/Microsoft.Security/assessments/${MDVM}`,
  name: MDVM,
  type: 'Microsoft.Security/assessments',
  properties: { displayName: 'Azure registry container images should have vulnerabilities resolved', status: { code: 'Unhealthy' }, resourceDetails: { source: 'Azure', id: registryId(registry) } },
});

const role = (n: number, roleId: string) => ({
  id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments/e5e5e5e5-0000-4000-8000-00000000000${n}`,
  name: `e5e5e5e5-0000-4000-8000-00000000000${n}`,
  type: 'Microsoft.Authorization/roleAssignments',
  properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${roleId}`, principalId: personas.priya.aadObjectId, principalType: 'User', scope: `/subscriptions/${SUB}` },
});

const tenant = {
  tenantId: 'e5e5e5e5-1111-4000-8000-0000000000e5',
  principals: personaPrincipals('tailspin.example'),
  resources: [
    { id: `/subscriptions/${SUB}`, subscriptionId: SUB, displayName: 'Tailspin Images', state: 'Enabled', tags: { env: 'prod' } },
    { id: RG, name: 'rg-images', type: 'Microsoft.Resources/resourceGroups', location: 'eastus2', properties: { provisioningState: 'Succeeded' } },
    registry('tailgrouped'),
    registry('tailindividual'),
    registry('tailnothing'),
    grouped('tailgrouped'),
    individual('tailgrouped', 1),
    individual('tailindividual', 2),
    individual('tailindividual', 3),
    { id: CLUSTER, name: 'tailaks', type: 'Microsoft.ContainerService/managedClusters', location: 'eastus2', properties: { kubernetesVersion: '1.31.2', provisioningState: 'Succeeded' } },
    running,
    role(1, READER),
    role(2, SECURITY_READER),
  ],
};

const test = createBotTest({ tenant });

describe('Defender individual recommendations', () => {
  test('scan coverage: only individual recommendations are findings ShipShape does not read yet, not a missing scan', async ({ say }) => {
    const reply = await say('is defender scanning our registries', { as: personas.priya });
    const text = reply.readable;
    const statusOf = (name: string) => new RegExp(`${name}[\\s\\S]*?\\n([^\\n]*(?:Defender|scanned)[^\\n]*)`).exec(text)?.[1] ?? '';
    expect(statusOf('tailindividual')).toBe('Defender reports findings here in a form ShipShape does not read yet');
    expect(statusOf('tailgrouped')).toMatch(/^Scanned by Defender/);
    expect(statusOf('tailnothing')).toMatch(/^Not scanned/);
    expect(text).toMatch(/1 with findings in a form ShipShape does not read yet/);
  });

  test('findings answers name the registries whose findings they cannot count', async ({ say }) => {
    const reply = await say('critical and high findings in prod', { as: personas.priya });
    expect(reply.readable).toMatch(/1 registry and 1 AKS cluster where Defender reports findings in a form ShipShape does not read yet/);
  });
});
