import { describe, expect } from 'vitest';
import { readableText } from '../../harness/cards.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import { assignmentAt, assignmentsAt, policyClientOf, RequestLog, RG, SUB } from './support/azure.js';
import { approvalIdOf, executeActions, invokeCard, messageIdOf } from './support/cards.js';

/**
 * One request through its whole life, as several people, over the real Bot Framework protocol and
 * the emulator: Diego asks, Diego cannot approve his own request, Sam and Mei are turned away (their own Azure rights are read before anything is claimed)
 * itself, Priya approves (with tampered card data that must change nothing) and the assignment exists
 * in Azure as Priya made it.
 */
const requests = new RequestLog();
const test = createBotTest({ log: requests.log });
const PRIVATE_LINK = '/providers/Microsoft.Authorization/policyDefinitions/e8eef0a8-67cf-4eb4-9386-14b0e78733d4';
const state: { approvalId?: string; messageId?: string } = {};

describe('assigning a policy goes through approval and runs as the approver', () => {
  test('Diego asks in the group chat and gets an approval card naming the exact operation', async ({ say }) => {
    const reply = await say('assign the ACR private-link policy to rg-dev-sandbox because every registry must be private by Q3', { as: personas.diego, in: 'groupChat' });
    state.approvalId = approvalIdOf(reply.card);
    state.messageId = messageIdOf(reply);
    const text = reply.readable;
    expect(text).toContain('Container registries should use private link');
    expect(text).toMatch(new RegExp(`PUT ${RG.devSandbox}/providers/Microsoft.Authorization/policyAssignments/shipshape-private-link-[0-9a-f]{12}\\?api-version=2025-03-01`));
    expect(text).toContain('Diego Alvarez asked');
    expect(text).toContain('every registry must be private by Q3');
    // The definition can only audit: the card says so and names the one that would enforce.
    expect(text).toMatch(/can only audit/);
    expect(text).toContain('Configure Container registries with private endpoints');
    // Blast radius: the registry in the group and its compliance today.
    expect(text).toContain('contosodev');
    expect(text).toMatch(/Anyone but Diego Alvarez who holds Microsoft\.Authorization\/policyAssignments\/write/);
    expect(text).toMatch(/Expires|until \d{4}-\d{2}-\d{2}/);
    // Buttons carry the approval id and nothing else.
    const verbs = executeActions(reply.card?.actions);
    expect(verbs.map((v) => v.verb)).toEqual(['approval.approve', 'approval.reject']);
    for (const v of verbs) expect(Object.keys(v.data)).toEqual(['approvalId']);
  });

  test('Diego cannot approve his own request; nothing reaches Azure', async ({ click, stack }) => {
    const before = requests.count('PUT', '/policyAssignments/');
    const body = await click('approval.approve', { approvalId: state.approvalId }, { as: personas.diego, in: 'groupChat', replyToId: state.messageId });
    expect(readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] })).toMatch(/you asked for this change, so someone else has to approve it/);
    expect(requests.count('PUT', '/policyAssignments/')).toBe(before);
    const client = await policyClientOf(stack.emulator, personas.priya, SUB.dev);
    expect((await assignmentsAt(client, 'rg-dev-sandbox')).filter((a) => a.policyDefinitionId?.toLowerCase() === PRIVATE_LINK.toLowerCase())).toEqual([]);
  });

  test('Sam, without Azure rights, is refused at once with what he lacks where; nothing is claimed and the request stays open', async ({ click, stack }) => {
    const before = requests.count('PUT', '/policyAssignments/');
    const body = await click('approval.approve', { approvalId: state.approvalId }, { as: personas.sam, in: 'groupChat', replyToId: state.messageId });
    const card = invokeCard(body);
    const text = readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });
    expect(text).toContain('Sam Okafor does not hold Microsoft.Authorization/policyAssignments/write (for example Resource Policy Contributor) on rg-dev-sandbox');
    expect(text).toMatch(/Waiting for approval/);
    expect(executeActions(card.actions).map((a) => a.verb)).toContain('approval.approve');
    expect(requests.count('PUT', '/policyAssignments/')).toBe(before);
    const client = await policyClientOf(stack.emulator, personas.priya, SUB.dev);
    expect((await assignmentsAt(client, 'rg-dev-sandbox')).some((a) => a.policyDefinitionId?.toLowerCase() === PRIVATE_LINK.toLowerCase())).toBe(false);
  });

  test('the card refreshes itself for whoever looks at it, and remembers them for later refreshes', async ({ click }) => {
    const body = await click('approval.refresh', { approvalId: state.approvalId }, { as: personas.mei, in: 'groupChat', replyToId: state.messageId });
    const card = invokeCard(body);
    expect(readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] })).toMatch(/Waiting for approval/);
    const again = invokeCard(await click('approval.refresh', { approvalId: state.approvalId }, { as: personas.diego, in: 'groupChat', replyToId: state.messageId }));
    expect((again.refresh as { userIds?: string[] }).userIds).toEqual(expect.arrayContaining([personas.diego.id, personas.mei.id]));
  });

  test('Priya approves with tampered card data: the stored request runs, at its own scope, as Priya', async ({ click, stack }) => {
    const before = requests.count('PUT', '/policyAssignments/');
    const tampered = {
      approvalId: state.approvalId,
      scope: RG.registriesProd,
      policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2',
      effect: 'Deny',
      requestedBy: personas.priya.aadObjectId,
    };
    const body = await click('approval.approve', tampered, { as: personas.priya, in: 'groupChat', replyToId: state.messageId });
    const text = readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] });
    expect(text).toMatch(/Done: approved by Priya Raman/);
    expect(text).toMatch(/Correlation id\n[0-9a-f-]{36}/);
    expect(requests.count('PUT', '/policyAssignments/')).toBe(before + 1);

    const client = await policyClientOf(stack.emulator, personas.priya, SUB.dev);
    const made = (await assignmentsAt(client, 'rg-dev-sandbox')).filter((a) => a.policyDefinitionId?.toLowerCase() === PRIVATE_LINK.toLowerCase());
    expect(made).toHaveLength(1);
    const assignment = await assignmentAt(client, RG.devSandbox, made[0]?.name ?? '');
    expect(assignment?.scope?.toLowerCase()).toBe(RG.devSandbox.toLowerCase());
    expect((assignment?.metadata as { createdBy?: string }).createdBy).toBe(personas.priya.aadObjectId);
    expect(text).toContain(assignment?.id ?? 'missing id');
    // The tampered scope and definition were ignored.
    const prod = await policyClientOf(stack.emulator, personas.priya, SUB.prod);
    expect((await assignmentsAt(prod, 'rg-registries-prod')).map((a) => a.name)).not.toContain(made[0]?.name);
    expect(assignment?.parameters).toEqual({});

    const update = stack.connector.sent.filter((e) => e.kind === 'update' && e.activityId === state.messageId).at(-1);
    expect(update && readableText(update.activity)).toMatch(/Done: approved by Priya Raman/);
  });

  test('clicking again after completion shows the recorded outcome and sends nothing', async ({ click }) => {
    const before = requests.count('PUT', '/policyAssignments/');
    const body = await click('approval.approve', { approvalId: state.approvalId }, { as: personas.priya, in: 'groupChat', replyToId: state.messageId });
    const text = readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] });
    expect(text).toMatch(/already settled; nothing was run again/);
    expect(text).toMatch(/Done: approved by Priya Raman/);
    const reject = await click('approval.reject', { approvalId: state.approvalId }, { as: personas.mei, in: 'groupChat', replyToId: state.messageId });
    expect(JSON.stringify(reject.value)).toMatch(/Done: approved by Priya Raman/);
    expect(requests.count('PUT', '/policyAssignments/')).toBe(before);
  });

  test('the same button in another conversation does nothing', async ({ click }) => {
    const body = await click('approval.approve', { approvalId: state.approvalId }, { as: personas.priya, in: 'personal' });
    expect(JSON.stringify(body.value)).toMatch(/not one ShipShape knows in this conversation/);
  });

  test('the audit trail tells the story, with Azure\'s status and correlation id', async ({ say }) => {
    const reply = await say('audit log for rg-dev-sandbox this week', { as: personas.priya, in: 'groupChat' });
    const text = reply.readable;
    for (const what of ['Asked', 'Refused', 'Approved', 'Changed']) expect(text).toContain(what);
    expect(text).toMatch(/Azure 201 · correlation [0-9a-f-]{36}/);
    expect(text).toMatch(/Sam Okafor does not hold Microsoft\.Authorization\/policyAssignments\/write/);
    const who = await say('who approved what today', { as: personas.mei, in: 'groupChat' });
    expect(who.readable).toMatch(/Approved\n.*\nPriya Raman approved: Assign/);
    // Sam can read no subscription, so the trail shows him nothing of it.
    const sam = await say('audit log this week', { as: personas.sam, in: 'groupChat' });
    expect(sam.readable).not.toContain('rg-dev-sandbox');
  });
});
