import { describe, expect } from 'vitest';
import { readableText } from '../../harness/cards.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas, readTenant, type Persona } from '../../harness/personas.js';
import { assignmentsAt, policyClientOf, RequestLog, SUB } from './support/azure.js';
import { approvalIdOf, executeActions, invokeCard, messageIdOf } from './support/cards.js';

/**
 * A resource group name found in two subscriptions (the requester chooses, with buttons that carry
 * only ids), and approvers restricted to an Entra group (membership from the approver's own token).
 */
const SECURITY_AUDITORS = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a04';
const PRIVATE_LINK = '/providers/Microsoft.Authorization/policyDefinitions/e8eef0a8-67cf-4eb4-9386-14b0e78733d4';

/** The demo tenant, plus a second rg-shared-tools (in staging) and Priya in the Security Auditors group. */
function tenant(): unknown {
  const t = readTenant();
  const principals = t.principals.map((p) => (p.id === personas.priya.aadObjectId ? { ...p, groups: [SECURITY_AUDITORS] } : p));
  const extra = {
    id: `/subscriptions/${SUB.staging}/resourceGroups/rg-shared-tools`,
    name: 'rg-shared-tools',
    type: 'Microsoft.Resources/resourceGroups',
    location: 'westeurope',
    properties: { provisioningState: 'Succeeded' },
    tags: { env: 'staging' },
  };
  return { ...t, principals, resources: [...t.resources, extra] };
}

const noah: Persona = {
  key: 'noah',
  name: 'Noah Fischer',
  id: '29:16c7d8e9f0a1b4c2d9e3f4a5b6c7d8e07',
  aadObjectId: '6c7d8e9f-0a1b-4c2d-9e3f-4a5b6c7d8e07',
  email: 'noah@contoso.example',
  userPrincipalName: 'noah@contoso.example',
};

const requests = new RequestLog();
const test = createBotTest({ tenant: tenant(), log: requests.log, env: { APPROVER_GROUPS: SECURITY_AUDITORS } });

function cardText(content: unknown): string {
  return readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }] });
}

describe('a resource group in two subscriptions', () => {
  test('the requester chooses; only they can; the approval card replaces the question for everyone', async ({ say, click, stack }) => {
    const reply = await say('assign the ACR private-link policy to rg-shared-tools because shared tools go private', { as: personas.mei, in: 'groupChat' });
    expect(reply.readable).toMatch(/There is a resource group “rg-shared-tools” in 2 subscriptions you can read/);
    const choices = executeActions(reply.card?.actions);
    expect(choices.map((c) => c.verb)).toEqual(['assign-policy.choose', 'assign-policy.choose']);
    for (const c of choices) expect(Object.keys(c.data).sort()).toEqual(['draftId', 'option']);
    const staging = choices.findIndex((_, i) => /Contoso Staging/.test(String((reply.card?.actions as { title?: string }[])[i]?.title)));
    expect(staging).toBeGreaterThanOrEqual(0);
    const choice = choices[staging]?.data ?? {};
    const replyToId = messageIdOf(reply);

    const stranger = await click('assign-policy.choose', choice, { as: personas.diego, in: 'groupChat', replyToId });
    expect(cardText(invokeCard(stranger))).toMatch(/Only the person who asked can choose here/);

    const chosen = await click('assign-policy.choose', choice, { as: personas.mei, in: 'groupChat', replyToId });
    const card = invokeCard(chosen);
    expect(cardText(card)).toMatch(new RegExp(`PUT /subscriptions/${SUB.staging}/resourceGroups/rg-shared-tools/providers/Microsoft.Authorization/policyAssignments/`));
    const update = stack.connector.sent.filter((e) => e.kind === 'update' && e.activityId === replyToId).at(-1);
    expect(update && readableText(update.activity)).toMatch(/Approve/);

    const approved = await click('approval.approve', { approvalId: approvalIdOf(card) }, { as: personas.priya, in: 'groupChat', replyToId });
    expect(cardText(invokeCard(approved))).toMatch(/Done: approved by Priya Raman/);
    const client = await policyClientOf(stack.emulator, personas.priya, SUB.staging);
    expect((await assignmentsAt(client, 'rg-shared-tools')).some((a) => a.policyDefinitionId?.toLowerCase() === PRIVATE_LINK.toLowerCase())).toBe(true);
    const dev = await policyClientOf(stack.emulator, personas.priya, SUB.dev);
    expect((await assignmentsAt(dev, 'rg-shared-tools')).some((a) => a.policyDefinitionId?.toLowerCase() === PRIVATE_LINK.toLowerCase())).toBe(false);
  });
});

describe('approvers limited to an Entra group', () => {
  test('people outside the group are refused before anything is sent; a member approves', async ({ say, click }) => {
    const reply = await say('assign the ACR private-link policy to rg-platform-staging because staging goes private', { as: personas.mei, in: 'groupChat' });
    const approvalId = approvalIdOf(reply.card);
    const replyToId = messageIdOf(reply);
    expect(reply.readable).toMatch(/who is in the Entra group 5e6f7a8b…7a04/);
    const before = requests.count('PUT', '/policyAssignments/');

    // Noah has Contributor on the group's resource group but is not an approver.
    const outsider = await click('approval.approve', { approvalId }, { as: noah, in: 'groupChat', replyToId });
    expect(cardText(invokeCard(outsider))).toMatch(/Noah Fischer is not in an approver group/);
    expect(requests.count('PUT', '/policyAssignments/')).toBe(before);

    const member = await click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId });
    expect(cardText(invokeCard(member))).toMatch(/Done: approved by Priya Raman/);
    expect(requests.count('PUT', '/policyAssignments/')).toBe(before + 1);
  });
});
