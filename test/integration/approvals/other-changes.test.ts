import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { armClientOptions } from '../../../src/azure/clients.js';
import type { Suppression } from '../../../src/domain/suppressions/index.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { readableText } from '../../harness/cards.js';
import { createBotTest } from '../../harness/fixture.js';
import type { Json } from '../../harness/connector.js';
import { personas } from '../../harness/personas.js';
import { assignmentAt, azureOf, credentialOf, policyClientOf, RG, SUB } from './support/azure.js';
import { approvalIdOf, invokeCard, messageIdOf } from './support/cards.js';

/**
 * The other kinds of change, each requested by one person and approved by another, verified in
 * Azure with the SDK: registry settings, exemptions, remediation, removing an assignment, and the
 * ShipShape-side suppression.
 */
const test = createBotTest();
const ADMIN_MODIFY = '/providers/Microsoft.Authorization/policyDefinitions/79fdfe03-ffcb-4e55-b4d0-b925b8241759';

function cardText(body: { value?: unknown }): string {
  return readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] });
}

/** Asks as `requester`, approves as `approver`, returns the approval card after the click. */
async function askAndApprove(
  teams: { say: (t: string, o: object) => Promise<{ card: Json | undefined; readable: string } & Parameters<typeof messageIdOf>[0]>; click: (v: string, d: Json, o: object) => Promise<{ value?: unknown }> },
  text: string,
  requester = personas.diego,
  approver = personas.priya,
): Promise<{ asked: string; approved: string }> {
  const reply = await teams.say(text, { as: requester, in: 'groupChat' });
  const body = await teams.click('approval.approve', { approvalId: approvalIdOf(reply.card) }, { as: approver, in: 'groupChat', replyToId: messageIdOf(reply) });
  return { asked: reply.readable, approved: cardText(body) };
}

describe('registry settings', () => {
  test('Mei asks to disable public network access on contosotools; Priya approves; Azure has it off, changed by Priya', async ({ teams, stack }) => {
    const { asked, approved } = await askAndApprove(teams, 'disable public network access on contosotools because it is only pulled through private endpoints', personas.mei);
    expect(asked).toMatch(/PATCH \/subscriptions\/.*\/registries\/contosotools\?api-version=2025-11-01/);
    expect(asked).toContain('publicNetworkAccess');
    expect(asked).toMatch(/pipelines and people on the internet lose access/);
    expect(approved).toMatch(/Done: approved by Priya Raman/);
    const client = new ContainerRegistryManagementClient(await credentialOf(stack.emulator, personas.priya), SUB.prod, armClientOptions(azureOf(stack.emulator)));
    const registry = await client.registries.get('rg-registries-prod', 'contosotools');
    expect(registry.publicNetworkAccess).toBe('Disabled');
    expect(registry.systemData?.lastModifiedBy).toBe(personas.priya.aadObjectId);
  });

  test('Priya lacks write on contosopayments: she is refused before anything is sent, the card names the action and scope, the registry is unchanged', async ({ teams, stack }) => {
    const { approved } = await askAndApprove(teams, 'disable the admin user on registry contosopayments because shared credentials', personas.mei);
    expect(approved).toMatch(/Priya Raman does not hold Microsoft\.ContainerRegistry\/registries\/write \(for example Contributor\) on contosopayments/);
    expect(approved).toMatch(/Waiting for approval/);
    const client = new ContainerRegistryManagementClient(await credentialOf(stack.emulator, personas.priya), SUB.prod, armClientOptions(azureOf(stack.emulator)));
    expect((await client.registries.get('rg-payments-prod', 'contosopayments')).adminUserEnabled).toBe(true);
  });

  test('a setting the SKU does not allow is refused before anyone is asked to approve', async ({ say }) => {
    const reply = await say('enable dedicated data endpoints on contosodev', { as: personas.diego, in: 'groupChat' });
    expect(reply.readable).toMatch(/contosodev is on the Standard SKU/);
    expect(reply.readable).not.toContain('Approve');
  });
});

describe('requests that cannot be made as asked', () => {
  test('an unknown resource group is named, with the nearest ones the requester can read', async ({ say }) => {
    const reply = await say('assign the ACR private-link policy to rg-dev-sandbx', { as: personas.diego });
    expect(reply.readable).toMatch(/No resource group “rg-dev-sandbx” in the subscriptions you can read\. Did you mean “rg-dev-sandbox”/);
  });

  test('a resource group in a subscription the requester cannot read is as unknown as a missing one', async ({ say }) => {
    const reply = await say('assign the ACR private-link policy to rg-registries-prod', { as: personas.diego });
    expect(reply.readable).toMatch(/No resource group “rg-registries-prod” in the subscriptions you can read/);
  });

  test('an effect the definition does not allow is refused, naming the allowed values and the policy that would enforce', async ({ say }) => {
    const reply = await say('assign the ACR private-link policy to rg-dev-sandbox with effect Deny', { as: personas.diego });
    expect(reply.readable).toMatch(/cannot use the effect Deny: it allows Audit, Disabled/);
    expect(reply.readable).toContain('Configure Container registries with private endpoints');
    expect(reply.readable).not.toContain('Approve');
  });
});

describe('exemptions, remediation and removal', () => {
  test('an exemption until a date, with its reason, exists in Azure as Priya made it', async ({ teams, stack }) => {
    const { asked, approved } = await askAndApprove(teams, 'exempt rg-dev-sandbox from the anonymous pull policy until 2027-01-31 because the demo needs anonymous pulls');
    expect(asked).toMatch(/PUT \/subscriptions\/.*\/rg-dev-sandbox\/providers\/Microsoft\.Authorization\/policyExemptions\/shipshape-exemption-[0-9a-f]{12}\?api-version=2024-12-01-preview/);
    expect(asked).toContain('acr-anonymous-pull-disabled');
    expect(approved).toMatch(/Done: approved by Priya Raman/);
    const id = /Resource: (\S+policyExemptions\/\S+)/.exec(approved)?.[1] ?? '';
    const pipeline = (await policyClientOf(stack.emulator, personas.priya, SUB.dev)).pipeline;
    const { sendArm } = await import('../../../src/azure/changes/raw-arm.js');
    const exemption = (await sendArm(pipeline, stack.emulator.baseUrl, 'GET', id, '2024-12-01-preview')).body as { properties: Record<string, unknown>; systemData: { createdBy: string } };
    expect(exemption.properties.expiresOn).toBe('2027-01-31T23:59:59.000Z');
    expect(exemption.properties.exemptionCategory).toBe('Waiver');
    expect(String(exemption.properties.policyAssignmentId)).toMatch(/policyAssignments\/acr-anonymous-pull-disabled$/);
    expect(String(exemption.properties.description)).toContain('the demo needs anonymous pulls');
    expect(exemption.systemData.createdBy).toBe(personas.priya.aadObjectId);
  });

  test('an exemption without an end or a reason is not requested', async ({ say }) => {
    expect((await say('exempt rg-dev-sandbox from the anonymous pull policy because demo', { as: personas.diego })).readable).toMatch(/Until when\?/);
    expect((await say('exempt rg-dev-sandbox from the anonymous pull policy for 30 days', { as: personas.diego })).readable).toMatch(/needs a reason/);
  });

  test('a Modify assignment, then a remediation task for it, fix the registry; then the assignment is removed', async ({ teams, stack }) => {
    const assigned = await askAndApprove(teams, 'assign the configure admin user policy to rg-shared-tools because no admin logins');
    expect(assigned.asked).toMatch(/"type": "SystemAssigned"/);
    expect(assigned.approved).toMatch(/Done: approved by Priya Raman/);
    const name = /policyAssignments\/(shipshape-admin-user-[0-9a-f]{12})/.exec(assigned.approved)?.[1] ?? '';
    const policy = await policyClientOf(stack.emulator, personas.priya, SUB.dev);
    expect((await assignmentAt(policy, RG.sharedTools, name))?.policyDefinitionId).toBe(ADMIN_MODIFY);

    const remediated = await askAndApprove(teams, `create a remediation task for assignment ${name} because contosolegacy still has it on`);
    expect(remediated.asked).toMatch(/PUT \/subscriptions\/.*\/rg-shared-tools\/providers\/Microsoft\.PolicyInsights\/remediations\/shipshape-remediation-[0-9a-f]{12}\?api-version=2024-10-01/);
    expect(remediated.approved).toMatch(/Done: approved by Priya Raman/);
    const registries = new ContainerRegistryManagementClient(await credentialOf(stack.emulator, personas.priya), SUB.dev, armClientOptions(azureOf(stack.emulator)));
    expect((await registries.registries.get('rg-shared-tools', 'contosolegacy')).adminUserEnabled).toBe(false);

    const removed = await askAndApprove(teams, `unassign ${name} because the remediation is done`);
    expect(removed.asked).toMatch(new RegExp(`DELETE ${RG.sharedTools}/providers/Microsoft.Authorization/policyAssignments/${name}`));
    expect(removed.approved).toMatch(/Done: approved by Priya Raman/);
    expect(await assignmentAt(policy, RG.sharedTools, name)).toBeUndefined();
  });

  test('an audit-only assignment cannot be remediated', async ({ say }) => {
    const reply = await say('create a remediation task for assignment acr-anonymous-pull-disabled', { as: personas.diego });
    expect(reply.readable).toMatch(/only reports .*nothing a remediation task could change/);
  });
});

describe('suppressions', () => {
  test('a suppressed CVE is stored with reason, owner and end only once someone else approves it', async ({ teams, stack }) => {
    const reply = await teams.say('suppress CVE-2024-3094 on payments/api for 30 days because the vendor fix ships Friday', { as: personas.mei, in: 'groupChat' });
    expect(reply.readable).toContain('ShipShape only: nothing changes in Azure.');
    const approvalId = approvalIdOf(reply.card);
    expect(reply.readable).toMatch(/Anyone but Mei Chen who holds Microsoft\.Security\/assessments\/write on registries contosopayments, contosostaging \(for example Security Admin\)/);
    const own = await teams.click('approval.approve', { approvalId }, { as: personas.mei, in: 'groupChat', replyToId: messageIdOf(reply) });
    expect(cardText(own)).toMatch(/someone else has to approve it/);

    const store = new SqliteStore(path.join(stack.workdir, 'data', 'shipshape.db'));
    const read = async (): Promise<Suppression[]> => {
      const all: Suppression[] = [];
      for await (const item of store.list<Suppression>('suppressions')) all.push(item.value);
      return all.filter((s) => s.cveId === 'CVE-2024-3094');
    };
    try {
      expect(await read()).toEqual([]);
      const body = await teams.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(reply) });
      expect(cardText(body)).toMatch(/Done: approved by Priya Raman/);
      const [suppression] = await read();
      expect(suppression).toMatchObject({ repository: 'payments/api', reason: 'the vendor fix ships Friday', owner: { objectId: personas.mei.aadObjectId }, approvedBy: { objectId: personas.priya.aadObjectId } });
      const days = (Date.parse(suppression?.expiresAt ?? '') - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThan(30.1);
    } finally {
      await store.close();
    }
  });
});

describe('who may suppress', () => {
  async function hiddenCount(teams: Parameters<typeof askAndApprove>[0]): Promise<string> {
    return (await teams.say('which images have CVE-2022-22965', { as: personas.priya })).readable;
  }

  test('an approver without Defender’s write right, or from outside the tenant, is refused and nothing is hidden', async ({ teams, stack }) => {
    const reply = await teams.say('suppress CVE-2022-22965 on payments/api for 7 days because the spring upgrade ships Monday', { as: personas.mei, in: 'groupChat' });
    const approvalId = approvalIdOf(reply.card);
    const replyToId = messageIdOf(reply);
    // Sam is in the tenant with no role; Mei's group reads everything but writes nothing.
    const sam = await teams.click('approval.approve', { approvalId }, { as: personas.sam, in: 'groupChat', replyToId });
    expect(cardText(sam)).toMatch(/Sam Okafor does not hold Microsoft\.Security\/assessments\/write \(for example Security Admin\) on contosopayments, so cannot approve this/);
    // Someone the tenant does not know: no token can be had for them, so no right can be shown.
    const stranger = await teams.click('approval.approve', { approvalId }, { as: personas.stranger, in: 'groupChat', replyToId });
    expect(cardText(stranger)).not.toMatch(/Done: approved/);
    expect(cardText(stranger)).toMatch(/could not check that Casey Guest holds|Casey Guest does not hold|sign in/i);
    const store = new SqliteStore(path.join(stack.workdir, 'data', 'shipshape.db'));
    try {
      const all: Suppression[] = [];
      for await (const item of store.list<Suppression>('suppressions')) all.push(item.value);
      expect(all.filter((x) => x.cveId === 'CVE-2022-22965')).toEqual([]);
    } finally {
      await store.close();
    }
    expect(await hiddenCount(teams)).toContain('payments/api');
  });

  test('a requester who cannot read the image cannot ask to hide its findings', async ({ teams }) => {
    // Diego reads the dev subscription only; payments/api lives in the prod registry.
    const reply = await teams.say('suppress CVE-2022-22965 on payments/api for 7 days because not ours', { as: personas.diego, in: 'groupChat' });
    expect(reply.readable).toMatch(/You cannot read any image of payments\/api, so you cannot ask to hide its findings/);
    expect(reply.readable).not.toContain('Approve');
  });
});

describe('suppressed findings in answers', () => {
  test('once approved, a suppressed CVE drops out of findings answers with a count of what was hidden', async ({ teams }) => {
    const before = await teams.say('which images have CVE-2021-44228', { as: personas.priya });
    expect(before.readable).toContain('payments/api');
    // Earlier tests in this file may have hidden other findings already: count what this one adds.
    const hiddenOf = (text: string): number => Number(/(\d+) findings? hidden by suppressions/.exec(text)?.[1] ?? 0);

    const { approved } = await askAndApprove(teams, 'suppress CVE-2021-44228 on payments/api for 7 days because the log4j upgrade ships Monday', personas.mei, personas.priya);
    expect(approved).toMatch(/Done: approved by Priya Raman/);

    const after = await teams.say('which images have CVE-2021-44228', { as: personas.priya });
    expect(after.readable).not.toContain('payments/api');
    expect(hiddenOf(after.readable)).toBeGreaterThan(hiddenOf(before.readable));
    // Other CVEs of the same image still count.
    const details = await teams.say('which images have CVE-2022-22965', { as: personas.priya });
    expect(details.readable).toContain('payments/api');
  });
});

describe('fixes proposed by the posture checklist', () => {
  test('a fix button opens an approval request for the exact registry PATCH; nothing changes until approved', async ({ say, click, stack }) => {
    const reply = await say('is contosodev hardened?', { as: personas.mei, in: 'groupChat' });
    const proposals = [...JSON.stringify(reply.card).matchAll(/"verb":"posture\.fix","data":\{"proposalId":"([^"]+)"\}/g)].map((m) => m[1] ?? '');
    expect(proposals.length).toBeGreaterThan(0);
    const since = stack.connector.sent.length;
    await Promise.all(proposals.map((proposalId) => click('posture.fix', { proposalId }, { as: personas.mei, in: 'groupChat' })));
    // The answer is a new message in the chat, for everyone (the checklist stays as it was).
    const sent = stack.connector.sent.slice(since).filter((e) => e.kind === 'send' || e.kind === 'reply');
    const admin = sent.map((e) => readableText(e.activity)).find((t) => /adminUserEnabled/.test(t));
    expect(admin).toMatch(/PATCH \/subscriptions\/.*\/registries\/contosodev\?api-version=2025-11-01/);
    expect(admin).toMatch(/Anyone but Mei Chen who holds Microsoft\.ContainerRegistry\/registries\/write/);
    const client = new ContainerRegistryManagementClient(await credentialOf(stack.emulator, personas.priya), SUB.dev, armClientOptions(azureOf(stack.emulator)));
    expect((await client.registries.get('rg-dev-sandbox', 'contosodev')).adminUserEnabled).toBe(true);
  });
});
