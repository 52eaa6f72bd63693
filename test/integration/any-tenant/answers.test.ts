import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyInsightsClient } from '@azure/arm-policyinsights';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { ADAPTIVE_CARD, readableText } from '../../harness/cards.js';
import type { Json } from '../../harness/connector.js';
import { tenantFacts } from '../../harness/tenant-facts.js';
import { approvalIdOf, invokeCard, messageIdOf } from '../approvals/support/cards.js';
import { expectedEstate, expectedMatches, totals } from '../findings/support/expected.js';
import { allPages, clickForMessage, completeCard, imageRows, summaryCounts } from '../findings/support/read-card.js';
import { expectedClusters, expectedGroups, type Tenant } from '../guardrails/support/expected.js';
import { allPages as allGuardrailPages, rows as guardrailRows } from '../guardrails/support/read-card.js';
import { clientOptionsOf, credentialOf } from '../posture/support/azure.js';
import { estateFacts, RAW_RULES } from '../posture/support/estate.js';
import { botTestFor, INTERNAL } from './support/bot-test.js';
import { demoLiteralsIn } from './support/demo-literals.js';
import { buildOtherTenant, type OtherPerson } from './support/other-tenant.js';

/**
 * The main answers on a tenant generated here from a seed, with its own ids, names, tags and people.
 * The bot gets only the tenant file: no tenant id, no digest reader, nothing from the demo. Every
 * expectation is computed from the generated file.
 */
const SEED = Number(process.env.ANY_TENANT_SEED ?? 4242);
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-any-tenant-'));
const other = buildOtherTenant(dir, { seed: SEED, reader: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { people } = other;
const tenant = other.tenant as unknown as Tenant & { principals: Json[]; resources: Json[] };
const test = botTestFor(other);

const readers: OtherPerson[] = [people.lead, people.auditor, people.developer, people.platform];
const registriesIn = (group: string): string[] =>
  tenant.resources
    .filter((r) => String(r.id).toLowerCase().startsWith(`${group.toLowerCase()}/providers/microsoft.containerregistry/registries/`) && /\/registries\/[^/]+$/i.test(String(r.id)))
    .map((r) => String(r.name));

describe(`a tenant nobody here wrote (seed ${SEED})`, () => {
  test('the tenant shares no id, name or person with the demo', () => {
    expect(demoLiteralsIn(readFileSync(other.file, 'utf8'))).toEqual([]);
  });

  test('the bot serves the tenant it was given: each person sees their own rights', async ({ say, stack }) => {
    expect(stack.emulator.tenantId).toBe(other.tenantId);
    const facts = tenantFacts(other.file);
    for (const who of [...readers, people.scoped]) {
      const reply = await say('whoami', { as: who });
      expect(reply.readable, who.name).not.toMatch(/did not accept your sign-in|something went wrong/i);
      for (const role of facts.roleNamesOf(who.aadObjectId)) expect(reply.readable, `${who.name}: ${role}`).toContain(role);
      for (const subscription of facts.subscriptionNamesOf(who.aadObjectId)) expect(reply.readable, `${who.name}: ${subscription}`).toContain(subscription);
    }
  });

  test.for(readers.map((p) => [p.role, p] as const))('findings: %s sees exactly the open findings their rights reach', async ([, who], { say, teams }) => {
    const expected = expectedMatches(expectedEstate(other.file, who.aadObjectId), ['Critical', 'High', 'Medium', 'Low']);
    expect(expected.length, `${who.name} can read images with findings`).toBeGreaterThan(0);
    const reply = await say('open findings', { as: who, timeoutMs: 30_000 });
    const card = await completeCard(teams, reply.card, who);
    expect(summaryCounts(card)).toEqual(totals(expected));
  });

  test('findings: someone with rights on one resource group sees that group’s registries only', async ({ say, teams }) => {
    const mine = registriesIn(other.scopedGroup);
    expect(mine.length).toBeGreaterThan(0);
    const all = expectedEstate(other.file, people.lead.aadObjectId);
    const expected = expectedMatches(all, ['Critical', 'High', 'Medium', 'Low']).filter((i) => mine.includes(i.registry));
    const reply = await say('open findings', { as: people.scoped, timeoutMs: 30_000 });
    const card = await completeCard(teams, reply.card, people.scoped);
    expect(summaryCounts(card)).toEqual(totals(expected));
    const rows = (await allPages(teams, card, people.scoped)).flatMap(imageRows);
    for (const row of rows) expect(mine).toContain(row.where.split(' · ')[0]);
  });

  test('findings: a person without any role is told so, with nothing of the estate named', async ({ say }) => {
    const reply = await say('open findings', { as: people.idle });
    expect(reply.readable).toMatch(/can['’]t read any Azure subscription/);
    for (const name of tenantFacts(other.file).subscriptions.values()) expect(reply.readable).not.toContain(name);
  });

  test('running: "where is it running?" names the container groups that run the image', async ({ say, teams }) => {
    const groups = tenant.resources.filter((r) => /\/containerGroups\/[^/]+$/i.test(String(r.id)));
    const reply = await say('critical and high findings', { as: people.lead, timeoutMs: 30_000 });
    const rows = (await allPages(teams, await completeCard(teams, reply.card, people.lead), people.lead)).flatMap(imageRows);
    const running = rows.find((row) => groups.some((g) => imagesOf(g).some((image) => image.endsWith(`/${row.name}`))));
    expect(running?.image, 'an image with findings runs somewhere').toBeDefined();
    const expected = groups.filter((g) => imagesOf(g).some((image) => image === `${loginServerOf(String(running?.where.split(' · ')[0]))}/${running?.name}`)).map((g) => String(g.name));
    expect(expected.length).toBeGreaterThan(0);

    const text = readableText(await clickForMessage(teams, 'where-running.show', { image: String(running?.image) }, people.lead));
    for (const name of expected) expect(text).toContain(name);
    for (const g of groups.filter((x) => !expected.includes(String(x.name)))) expect(text).not.toContain(`${String(g.name)} `);
  });

  test('posture: every production registry, and each checklist row counted from the registry bodies', async ({ say, teams }) => {
    const estate = estateFacts(tenant);
    const readable = estate.readableBy(people.lead.aadObjectId);
    const prod = estate.registries.filter((r) => estate.environmentOf(r.id, r.tags) === 'prod' && readable.has(estate.subscriptionOf(r.id)));
    expect(prod.length).toBeGreaterThan(0);
    const first = await say('audit registries in prod', { as: people.lead });
    if (prod.length === 1) {
      // One registry is answered with its own checklist.
      const only = prod[0] as (typeof prod)[number];
      expect(first.readable).toContain(`${only.name} · registry posture`);
      for (const [title, passes] of Object.entries(RAW_RULES)) expect(first.readable, title).toMatch(new RegExp(`${passes(only) ? 'Pass' : 'Fail'}\n\\*\\*${title}\\*\\*`));
      return;
    }
    expect(first.readable).toContain(`${prod.length} registries in`);
    const text = (await allPages(teams, first.card, people.lead)).map((card) => readableText({ attachments: [{ contentType: ADAPTIVE_CARD, content: card }] })).join('\n');
    for (const r of prod) expect(text).toContain(r.name);
    for (const [title, passes] of Object.entries(RAW_RULES)) expect(first.readable, title).toContain(`${title}\n${prod.filter(passes).length} of ${prod.length} pass`);
  });

  test.for([...readers, people.scoped].map((p) => [p.role, p] as const))('posture: %s is audited exactly the registries they can read', async ([, who], { say }) => {
    const estate = estateFacts(tenant);
    const readable = estate.readableBy(who.aadObjectId);
    const names = (who === people.scoped ? registriesIn(other.scopedGroup) : estate.registries.filter((r) => readable.has(estate.subscriptionOf(r.id))).map((r) => r.name)).sort();
    expect(names.length, `${who.name} can read registries`).toBeGreaterThan(0);
    const reply = await say('audit registries', { as: who });
    expect(reply.readable).not.toMatch(INTERNAL);
    if (names.length === 1) expect(reply.readable).toContain(`${names[0]} · registry posture`);
    else expect(reply.readable).toContain(`${names.length} registries in`);
    const hidden = estate.registries.map((r) => r.name).filter((n) => !names.includes(n));
    for (const name of hidden) expect(reply.readable, `${who.name} must not see ${name}`).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  test('compliance: counts per assignment are Policy Insights’ own for the resource group, read as the auditor', async ({ say, stack }) => {
    const group = tenant.resources.find((r) => /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(String(r.id)) && registriesIn(String(r.id)).length > 0);
    const [, , sub = '', , rg = ''] = String(group?.id).split('/');
    const client = new PolicyInsightsClient(await credentialOf(stack, people.auditor), sub, clientOptionsOf(stack));
    const assignments = (await client.policyStates.summarizeForResourceGroup('latest', sub, rg)).value?.[0]?.policyAssignments ?? [];
    expect(assignments.length).toBeGreaterThan(0);

    // Group names here follow no "rg-" convention, so the question names it as a resource group.
    const reply = await say(`ACR policy compliance in resource group ${rg}`, { as: people.auditor });
    expect(reply.readable).toContain(`resource group ${rg}`);
    for (const a of assignments) {
      const count = (state: string) => a.results?.resourceDetails?.find((d) => d.complianceState === state)?.count ?? 0;
      expect(reply.readable).toContain(`${count('noncompliant')} non-compliant · ${count('compliant')} compliant`);
    }
  });

  test('guardrails: the one-guardrail questions list exactly the workloads the tenant says', async ({ say, teams }) => {
    const expected = expectedGroups(tenant, people.lead.aadObjectId);
    expect(expected.length).toBeGreaterThan(0);
    const ask = async (text: string): Promise<string[]> =>
      (await allGuardrailPages(teams, (await say(text, { as: people.lead })).card, people.lead)).flatMap(guardrailRows).map((r) => r.name).sort();
    const publicClusters = expectedClusters(tenant, people.lead.aadObjectId).filter((c) => c.access === 'public').map((c) => c.name);
    expect(await ask('which containers are exposed to the internet')).toEqual([...expected.filter((g) => g.network !== 'pass').map((g) => g.name), ...publicClusters].sort());
    expect(await ask('secrets in plain environment variables')).toEqual(expected.filter((g) => g.plainSecrets.length > 0).map((g) => g.name).sort());
  });

  test.for([...readers, people.scoped].map((p) => [p.role, p] as const))('guardrails: %s is shown exactly the exposed container groups and AKS clusters they can read', async ([, who], { say, teams }) => {
    const publicClusters = expectedClusters(tenant, who.aadObjectId).filter((c) => c.access === 'public').map((c) => c.name);
    const expected = [...expectedGroups(tenant, who.aadObjectId).filter((g) => g.network !== 'pass').map((g) => g.name), ...publicClusters].sort();
    const reply = await say('which containers are exposed to the internet', { as: who });
    expect(reply.readable).not.toMatch(INTERNAL);
    const found = (await allGuardrailPages(teams, reply.card, who)).flatMap(guardrailRows).map((r) => r.name).sort();
    expect(found).toEqual(expected);
  });

  test('help names a registry and resource group the asker can read, or neutral placeholders', async ({ say }) => {
    const estate = estateFacts(tenant);
    const readable = estate.readableBy(people.lead.aadObjectId);
    const leadFirst = estate.registries.filter((r) => readable.has(estate.subscriptionOf(r.id))).sort((a, b) => a.name.localeCompare(b.name))[0];
    const scopedFirst = [...registriesIn(other.scopedGroup)].sort()[0];
    for (const [who, registry] of [[people.lead, leadFirst?.name], [people.scoped, scopedFirst]] as const) {
      const reply = await say('help', { as: who });
      expect(reply.readable, who.name).toContain(`registry ${registry}`);
      expect(reply.readable, who.name).toContain(`resource group ${String(registry === scopedFirst ? other.scopedGroup.split('/').pop() : leadFirst?.id.split('/')[4])}`);
      expect(reply.readable, who.name).not.toContain('myregistry');
    }
    const idle = await say('help', { as: people.idle });
    expect(idle.readable).toContain('registry myregistry');
    for (const r of estate.registries) expect(idle.readable).not.toContain(r.name);
  });

  test('a tried example runs with the clicker’s own names, as help showed it', async ({ teams }) => {
    const mine = [...registriesIn(other.scopedGroup)].sort();
    const text = readableText(await clickForMessage(teams, 'help.try', { command: 'findings', example: 1 }, people.scoped));
    expect(text).not.toMatch(/myregistry|No registry/i);
    expect(text).toContain(mine[0]);
  });

  test('approvals: the auditor asks, someone with write approves, Azure records the approver', async ({ teams, stack }) => {
    const change = registryChange();
    const reply = await teams.say(`${change.ask} on registry ${change.registry} because it is shared`, { as: people.auditor, in: 'groupChat' });
    expect(reply.readable).toContain(change.registry);
    const body = await teams.click('approval.approve', { approvalId: approvalIdOf(reply.card) }, { as: change.approver, in: 'groupChat', replyToId: messageIdOf(reply) });
    expect(readableText({ attachments: [{ contentType: ADAPTIVE_CARD, content: invokeCard(body) }] })).toMatch(new RegExp(`Done: approved by ${change.approver.name}`));

    const [, , sub = '', , rg = ''] = change.id.split('/');
    const client = new ContainerRegistryManagementClient(await credentialOf(stack, change.approver), sub, clientOptionsOf(stack));
    const registry = await client.registries.get(rg, change.registry);
    expect(change.applied(registry)).toBe(true);
    expect(registry.systemData?.lastModifiedBy).toBe(change.approver.aadObjectId);
  });
});

function imagesOf(group: Json): string[] {
  const containers = ((group.properties as Json | undefined)?.containers ?? []) as Json[];
  return containers.map((c) => String((c.properties as Json | undefined)?.image ?? ''));
}

function loginServerOf(registryName: string): string {
  const registry = tenant.resources.find((r) => /\/registries\/[^/]+$/i.test(String(r.id)) && r.name === registryName);
  return String((registry?.properties as Json | undefined)?.loginServer);
}

/** A registry change the tenant makes possible, on a registry in a group someone other than the auditor may write. */
function registryChange(): { id: string; registry: string; ask: string; approver: OtherPerson; applied: (r: { adminUserEnabled?: boolean; publicNetworkAccess?: string; dataEndpointEnabled?: boolean }) => boolean } {
  const writable = tenant.resources
    .filter((r) => /\/roleAssignments\/[^/]+$/i.test(String(r.id)) && String((r.properties as Json).roleDefinitionId).endsWith('b24988ac-6180-42a0-ab88-20f7382dd24c'))
    .map((r) => ({ scope: String((r.properties as Json).scope).toLowerCase(), approver: [people.lead, people.platform].find((p) => p.aadObjectId === (r.properties as Json).principalId) }))
    .filter((w): w is { scope: string; approver: OtherPerson } => w.approver !== undefined);
  for (const w of writable) {
    for (const r of tenant.resources.filter((x) => String(x.id).toLowerCase().startsWith(`${w.scope}/providers/microsoft.containerregistry/registries/`))) {
      const props = r.properties as Json;
      const base = { id: String(r.id), registry: String(r.name), approver: w.approver };
      if (props.adminUserEnabled === true) return { ...base, ask: 'disable the admin user', applied: (x) => x.adminUserEnabled === false };
      if (props.publicNetworkAccess === 'Enabled' && (r.sku as Json | undefined)?.name === 'Premium') {
        return { ...base, ask: 'disable public network access', applied: (x) => x.publicNetworkAccess === 'Disabled' };
      }
      // A locked-down Premium registry still has a setting to change either way.
      if ((r.sku as Json | undefined)?.name === 'Premium') {
        const on = props.dataEndpointEnabled === true;
        return { ...base, ask: `${on ? 'disable' : 'enable'} dedicated data endpoints`, applied: (x) => x.dataEndpointEnabled === !on };
      }
    }
  }
  throw new Error(`seed ${SEED}: no registry setting to change in a group someone other than the auditor may write; try another seed`);
}
