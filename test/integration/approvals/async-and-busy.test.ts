import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { describe, expect } from 'vitest';
import { armClientOptions } from '../../../src/azure/clients.js';
import { readableText } from '../../harness/cards.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import type { Stack } from '../../harness/stack.js';
import { azureOf, credentialOf, SUB } from './support/azure.js';
import { approvalIdOf, invokeCard, messageIdOf } from './support/cards.js';

/**
 * Registry changes when ACR answers as it may in Azure: 201 `Updating` with an `Azure-AsyncOperation`
 * to poll before the registry is `Succeeded`, and 409 `AnotherOperationInProgress` while another
 * operation is changing it. The approved change completes through the polling; a 409 is explained in
 * plain words, changes nothing and leaves the request open for a later approval.
 */

const ASYNC = { asyncRegistryUpdates: { polls: 2 } };
const lines: string[] = [];
const test = createBotTest({ faults: ASYNC, log: (line) => lines.push(line) });
const TOOLS = { subscription: SUB.prod, group: 'rg-registries-prod', name: 'contosotools' };

function cardText(body: { value?: unknown }): string {
  return readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] });
}

async function registryOf(stack: Stack, r: typeof TOOLS) {
  const client = new ContainerRegistryManagementClient(await credentialOf(stack.emulator, personas.priya), r.subscription, armClientOptions(azureOf(stack.emulator)));
  return client.registries.get(r.group, r.name);
}

describe('registry updates ACR answers asynchronously', () => {
  test('the change completes through Azure-AsyncOperation polling and the registry ends Succeeded', async ({ teams, stack }) => {
    lines.length = 0;
    const reply = await teams.say(`disable public network access on ${TOOLS.name} because it is only pulled through private endpoints`, { as: personas.mei, in: 'groupChat' });
    const body = await teams.click('approval.approve', { approvalId: approvalIdOf(reply.card) }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(reply) });
    expect(cardText(body)).toMatch(/Done: approved by Priya Raman/);
    // ACR answered 201 and the executor polled the operation to its end.
    expect(lines.some((l) => new RegExp(`^PATCH \\S+/registries/${TOOLS.name} 201 `).test(l))).toBe(true);
    expect(lines.filter((l) => /^GET \S+\/operationStatuses\/registries-[0-9a-f-]+ 200 /.test(l)).length).toBeGreaterThanOrEqual(3);
    const registry = await registryOf(stack, TOOLS);
    expect(registry.publicNetworkAccess).toBe('Disabled');
    expect(registry.provisioningState).toBe('Succeeded');
  });
});

describe('a registry another operation is changing', () => {
  test('409 is explained, nothing changes, and a later approval succeeds', async ({ teams, stack }) => {
    const id = (await registryOf(stack, TOOLS)).id ?? '';
    stack.emulator.setFaults({ ...ASYNC, busyResources: [id.toUpperCase()] });
    try {
      const reply = await teams.say(`disable dedicated data endpoints on ${TOOLS.name} because nothing pulls through them any more`, { as: personas.mei, in: 'groupChat' });
      const approvalId = approvalIdOf(reply.card);
      const refused = cardText(await teams.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(reply) }));
      expect(refused).toMatch(/Azure was busy with another change to the same resource \(AnotherOperationInProgress\)/);
      expect(refused).toMatch(/nothing was changed/);
      expect(refused).toMatch(/approve again once that change has finished/);
      expect((await registryOf(stack, TOOLS)).dataEndpointEnabled).toBe(true);

      stack.emulator.setFaults(ASYNC);
      const done = cardText(await teams.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(reply) }));
      expect(done).toMatch(/Done: approved by Priya Raman/);
      expect((await registryOf(stack, TOOLS)).dataEndpointEnabled).toBe(false);
    } finally {
      stack.emulator.setFaults(ASYNC);
    }
  });
});
