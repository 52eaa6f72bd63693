import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { describe, expect } from 'vitest';
import { armClientOptions } from '../../../src/azure/clients.js';
import { readableText } from '../../harness/cards.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas, readTenant, type Persona } from '../../harness/personas.js';
import { azureOf, credentialOf } from '../approvals/support/azure.js';
import { approvalIdOf, invokeCard, messageIdOf } from '../approvals/support/cards.js';

/**
 * The README's "Changes to try" work as written: asked by the people it names, approved by the person
 * it says approves, against the bundled tenant. The test reads the README, so the two cannot drift.
 */

const README = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
const paragraph = /Changes to try \(as ([^)]*), then approve as (\w+)\):([\s\S]*?)\n(?:\S+:|\n)/.exec(README);
const requesters = (paragraph?.[1] ?? '').split(/,| or /).map((n) => n.trim()).filter(Boolean);
const approverName = paragraph?.[2] ?? '';
const changes = [...(paragraph?.[3] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

function byFirstName(name: string): Persona {
  const found = Object.values(personas).find((p) => p.name.split(' ')[0] === name);
  if (!found) throw new Error(`the README names ${name}, who is not a demo persona`);
  return found;
}

const test = createBotTest();

describe("the README's demo changes", () => {
  test('the README names its requesters, its approver and at least the registry change', () => {
    expect(requesters.length).toBeGreaterThan(0);
    expect(approverName).not.toBe('');
    expect(changes).toContain('disable the admin user on registry contosodev');
  });

  test.for(changes)('“%s”: asked as written, approved by the README’s approver, done', async (change, { teams, stack }) => {
    const approver = byFirstName(approverName);
    const requester = byFirstName(requesters[0] ?? '');
    const asked = await teams.say(change, { as: requester, in: 'groupChat' });
    const body = await teams.click('approval.approve', { approvalId: approvalIdOf(asked.card) }, { as: approver, in: 'groupChat', replyToId: messageIdOf(asked) });
    const approved = readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body as { value?: unknown }) }] });
    expect(approved).toMatch(new RegExp(`Done: approved by ${approver.name}`));

    const registry = /admin user on registry (\S+)/.exec(change)?.[1];
    if (registry) {
      const raw = readTenant().resources.find((r) => String(r.id).toLowerCase().endsWith(`/registries/${registry}`));
      const [, , subscriptionId = '', , resourceGroup = ''] = String(raw?.id).split('/');
      const client = new ContainerRegistryManagementClient(await credentialOf(stack.emulator, approver), subscriptionId, armClientOptions(azureOf(stack.emulator)));
      expect((await client.registries.get(resourceGroup, registry)).adminUserEnabled).toBe(false);
    }
  });
});
