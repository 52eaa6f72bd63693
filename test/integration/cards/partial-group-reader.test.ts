import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import type { Json } from '../../harness/connector.js';
import { createBotTest } from '../../harness/fixture.js';
import { DEMO_TENANT_FILE, personas } from '../../harness/personas.js';
import { completeCard } from '../findings/support/read-card.js';
import { limits } from './support/limits.js';

/** The demo tenant with Sam given Reader on one resource group: rg-web-prod, whose containers pull from registries elsewhere. */
function samOnOneGroup(): unknown {
  const tenant = JSON.parse(readFileSync(DEMO_TENANT_FILE, 'utf8')) as Json & { resources: Json[] };
  const scope = '/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000001/resourceGroups/rg-web-prod';
  const name = '5a1e0000-0000-4000-8000-0000000000a1';
  tenant.resources.push({
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    type: 'Microsoft.Authorization/roleAssignments',
    name,
    properties: { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7', principalId: personas.sam.aadObjectId, principalType: 'User', scope },
  });
  return tenant;
}

const groupTest = createBotTest({ tenant: samOnOneGroup() });

describe('a Reader on one resource group', () => {
  groupTest('is told which registries his containers pull from that he cannot read', async ({ say, teams }) => {
    const reply = await say('which prod images have criticals', { as: personas.sam, timeoutMs: 30_000 });
    const card = await completeCard(teams, reply.card, personas.sam);
    const top = limits(card).join(' ');
    expect(top).toMatch(/Not visible to you: \d+ workloads? you can see runs? images from .*which you cannot read/);
    expect(top).toContain('contosoprod.azurecr.io');
    expect(top).toContain('contosotools.azurecr.io');
    expect(top).not.toContain('contosoweb.azurecr.io');
  });
});
