import { PolicyInsightsClient, type PolicyState } from '@azure/arm-policyinsights';
import { describe, expect } from 'vitest';
import { botTest as test } from '../../harness/fixture.js';
import { personas } from '../../harness/personas.js';
import type { Stack } from '../../harness/stack.js';
import { clientOptionsOf, credentialOf } from './support/azure.js';
import { estateFacts } from './support/estate.js';

/**
 * Compliance and assignments on the demo tenant, through the protocol. What Azure Policy says is read
 * with the official SDK as the same person; which resources are production comes from the tenant
 * file; the answer must agree with both.
 */

const estate = estateFacts();
const CONTAINER = /^\/?microsoft\.(containerregistry|containerservice|containerinstance|kubernetes)\//i;

async function failingStates(stack: Stack, who = personas.priya): Promise<PolicyState[]> {
  const credential = await credentialOf(stack, who);
  const rows: PolicyState[] = [];
  for (const sub of estate.readableBy(who.aadObjectId)) {
    const client = new PolicyInsightsClient(credential, sub, clientOptionsOf(stack));
    for await (const row of client.policyStates.listQueryResultsForSubscription('latest', sub, { queryOptions: { filter: 'IsCompliant eq false' } })) rows.push(row);
  }
  return rows.filter((r) => CONTAINER.test(r.resourceType ?? ''));
}

const nameOf = (id: string | undefined) => (id ?? '').split('/').pop() ?? '';
const tagsOf = (json: string | undefined): unknown => (json ? JSON.parse(json) : {});

describe('which resources violate policies', () => {
  test('Priya: the production resources Azure Policy finds non-compliant, each with every policy it fails and why', async ({ say, stack }) => {
    const prod = (await failingStates(stack)).filter((r) => estate.environmentOf(r.resourceId ?? '', tagsOf(r.resourceTags)) === 'prod');
    const expected = new Map<string, Set<string>>();
    for (const r of prod) expected.set(nameOf(r.resourceId), new Set([...(expected.get(nameOf(r.resourceId)) ?? []), r.policyAssignmentId ?? '']));
    expect(expected.size, 'the demo tenant has non-compliant production resources').toBeGreaterThan(2);

    const reply = await say('which registries violate policies in prod', { as: personas.priya });
    const listed = [...reply.readable.matchAll(/^\[([\w-]+)\]\(https:\/\/portal/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...expected.keys()].sort());
    for (const [name, assignments] of expected) {
      expect(reply.readable).toMatch(new RegExp(`\\[${name}\\][^\\n]*\\n[^\\n]*\\n(?:[✗!✓]\\n)?Violates ${assignments.size} polic`));
    }
    // Reasons come from Azure Policy's evaluation details, not from the assignment's name.
    expect(reply.readable).toContain('admin user enabled is true');
    expect(reply.readable).toContain('public network access is Enabled (should be Disabled)');
  });

  test('Diego: only what his subscription holds; a production-tagged registry there counts as production', async ({ say, stack }) => {
    const readable = estate.readableBy(personas.diego.aadObjectId);
    const states = await failingStates(stack, personas.diego);
    expect(states.every((s) => readable.has((s.subscriptionId ?? '').toLowerCase()))).toBe(true);
    const reply = await say('which registries violate policies in prod', { as: personas.diego });
    for (const r of estate.registries.filter((x) => !readable.has(estate.subscriptionOf(x.id)))) expect(reply.readable).not.toContain(r.name);
    const theirs = states.filter((s) => estate.environmentOf(s.resourceId ?? '', tagsOf(s.resourceTags)) === 'prod').map((s) => nameOf(s.resourceId));
    for (const name of theirs) expect(reply.readable).toContain(`[${name}]`);
  });

  test('Sam gets a plain message', async ({ say }) => {
    const reply = await say('which registries violate policies in prod', { as: personas.sam });
    expect(reply.readable).toMatch(/can’t read any Azure subscription/);
  });
});

describe('compliance per assignment', () => {
  test('Mei (through her group): counts per assignment are Policy Insights’ summarize for the resource group', async ({ say, stack }) => {
    const rg = 'rg-registries-prod';
    const sub = estate.subscriptionOf(estate.registries.find((r) => r.id.includes(`/resourceGroups/${rg}/`))?.id ?? '');
    const client = new PolicyInsightsClient(await credentialOf(stack, personas.mei), sub, clientOptionsOf(stack));
    const summary = await client.policyStates.summarizeForResourceGroup('latest', sub, rg);
    const assignments = summary.value?.[0]?.policyAssignments ?? [];
    expect(assignments.length).toBeGreaterThan(0);

    const reply = await say(`ACR policy compliance in ${rg}`, { as: personas.mei });
    for (const a of assignments) {
      const count = (state: string) => a.results?.resourceDetails?.find((d) => d.complianceState === state)?.count ?? 0;
      expect(reply.readable).toContain(`${count('noncompliant')} non-compliant · ${count('compliant')} compliant`);
    }
    expect(reply.readable).toContain(`resource group ${rg}`);
  });

  test('the Kubernetes policies the guidance names are included where they are assigned', async ({ say }) => {
    const reply = await say('which policies are assigned to rg-aks-prod', { as: personas.priya });
    expect(reply.readable).toContain('Kubernetes cluster containers should only use allowed images');
    expect(reply.readable).toContain('Kubernetes cluster should not allow privileged containers');
  });
});

describe('assignments', () => {
  test('at the resource group and inherited from its subscription, with effect, enforcement, creator and date', async ({ say }) => {
    const rg = '/resourceGroups/rg-aks-prod';
    const rgId = estate.resources.map((r) => String(r.id)).find((id) => id.toLowerCase().endsWith(rg.toLowerCase())) ?? '';
    const subId = rgId.split('/').slice(0, 3).join('/');
    const assigned = estate.resources.filter((r) => /\/policyAssignments\/[^/]+$/i.test(String(r.id)));
    const here = assigned.filter((a) => String((a.properties as { scope?: string }).scope).toLowerCase() === rgId.toLowerCase());
    const above = assigned.filter((a) => String((a.properties as { scope?: string }).scope).toLowerCase() === subId.toLowerCase());
    expect(here.length).toBeGreaterThan(0);

    const reply = await say('which policies are assigned to rg-aks-prod', { as: personas.priya });
    expect(reply.readable).toContain(`${here.length + above.length} assignments (${above.length} inherited)`);
    for (const a of [...here, ...above]) {
      const p = a.properties as { displayName: string; metadata?: { assignedBy?: string; createdOn?: string } };
      expect(reply.readable).toContain(p.displayName);
      if (p.metadata?.assignedBy && p.metadata.createdOn) expect(reply.readable).toContain(`Assigned by ${p.metadata.assignedBy} on ${p.metadata.createdOn.slice(0, 10)}`);
    }
    expect(reply.readable).toMatch(/Effect Deny · enforced/);
  });
});
