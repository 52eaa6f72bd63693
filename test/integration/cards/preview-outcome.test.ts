import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { policyCatalog, type PolicyDefinitionInfo } from '../../../src/domain/policy-catalog.js';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { cardText } from '../../harness/cards.js';
import { allPages } from '../findings/support/read-card.js';
import { botTest } from '../../harness/fixture.js';
import { personas, readTenant } from '../../harness/personas.js';
import { startStack, type Stack } from '../../harness/stack.js';
import { previewCases, subscriptionOfGroup } from './support/preview-cases.js';
import { complianceOf, previewOf, requestAndApprove } from './support/preview.js';

/**
 * The approval card's preview is the compliance answer after approval: for each built-in ShipShape
 * can assign and each resource its rule judges in scope (registries, their tokens and cache rules,
 * clusters), what the card says the assignment would report is what "policy compliance" reports once
 * it exists. On the demo tenant and two generated ones with clusters, tokens and cache rules.
 */

/** Every built-in ShipShape can assign: registry, token, cache-rule, Kubernetes and Defender-assessment ones. */
const POLICIES = policyCatalog();
const lastSegment = (name: string): string => name.split('/').pop() ?? name;

botTest('private link on rg-shared-tools: contosolegacy would be non-compliant, needs Premium, and is non-compliant after approval', async ({ stack }) => {
  const text = await requestAndApprove(stack, 'assign the ACR private-link policy to rg-shared-tools', 'Container registries should use private link');
  expect(text).toMatch(/contosolegacy cannot comply through this assignment alone: private link needs the Premium SKU; it is Basic/);
  expect(previewOf(text, ['contosolegacy'])).toEqual({ contosolegacy: 'non-compliant' });
  const after = await stack.teams.say('ACR policy compliance in rg-shared-tools', { as: personas.priya, timeoutMs: 30_000 });
  expect(complianceOf(after.readable, 'Container registries should use private link').nonCompliant).toEqual(['contosolegacy']);
});

for (const seed of [4_2026, 9_2026]) {
  describe(`a generated tenant (seed ${seed})`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-preview-'));
    const tenantFile = path.join(dir, 'tenant.json');
    let stack: Stack;
    beforeAll(async () => {
      await generateTenant({ out: tenantFile, subscriptions: 3, registries: 9, images: 30, findings: 100, seed, clusters: 6, registryChildren: true });
      // Every built-in asked and approved in a row: more than a person's per-minute allowance.
      stack = await startStack({ tenantFile, env: { RATE_LIMIT_PER_MINUTE: '0' } });
    }, 60_000);
    afterAll(async () => {
      await stack?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a rule over private endpoints, asked for a group without any, says none are in scope and reports nothing there', { timeout: 60_000 }, async () => {
      const dns = POLICIES.find((d) => d.topic === 'private-dns') as PolicyDefinitionInfo;
      const registries = POLICIES.find((d) => d.kind === 'audit' && d.category === 'Container Registry') as PolicyDefinitionInfo;
      const [withEndpoints] = previewCases(dns, tenantFile);
      const other = previewCases(registries, tenantFile).map((c) => c.group).find((g) => !previewCases(dns, tenantFile).some((c) => c.group === g));
      expect(withEndpoints && other, 'the tenant has a group with private endpoints and one without').toBeTruthy();
      const sub = subscriptionOfGroup(readTenant(tenantFile).resources, other ?? '');
      const ask = `configure private dns: assign that policy to ${other ?? ''} privateDnsZoneId=/subscriptions/${sub}/resourceGroups/${other ?? ''}/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`;
      const card = await requestAndApprove(stack, ask, dns.displayName);
      expect(card).toContain('No private endpoints in scope today: the assignment applies to ones created later.');
      const after = await stack.teams.say(`policy compliance in ${other ?? ''}`, { as: personas.priya, timeoutMs: 30_000 });
      const pages = await allPages(stack.teams, after.card, personas.priya);
      complianceOf(pages.map((c) => cardText(c)).join('\n'), dns.displayName, false);
    });

    test.for(POLICIES.map((d) => d.displayName))('%s: the preview is the compliance answer after approval', { timeout: 120_000 }, async (displayName) => {
      const policy = POLICIES.find((d) => d.displayName === displayName) as PolicyDefinitionInfo;
      const cases = previewCases(policy, tenantFile);
      expect(cases.length, `the tenant holds resources ${policy.id} judges`).toBeGreaterThan(0);
      for (const { ask, group, subjects } of cases) {
        const card = await requestAndApprove(stack, ask, displayName);
        if (policy.kind === 'modify' || policy.kind === 'deploy') expect(card, 'it says when the change acts').toMatch(/through a remediation task, which ShipShape can start/);
        if (policy.category === 'Kubernetes') expect(card, 'it says what it cannot see').toMatch(/containers whose images Defender has not scanned, and privileged flags it does not report, are not visible to it/);
        const preview = previewOf(card, subjects);
        expect(Object.keys(preview).sort(), `the card says what happens to each resource in ${group}`).toEqual([...subjects].sort());
        const judged = subjects.filter((r) => preview[r] !== 'not-reported');

        const after = await stack.teams.say(`policy compliance in ${group}`, { as: personas.priya, timeoutMs: 30_000 });
        const pages = await allPages(stack.teams, after.card, personas.priya);
        const actual = complianceOf(pages.map((c) => cardText(c)).join('\n'), displayName, judged.length > 0);
        expect(actual.nonCompliant, group).toEqual(subjects.filter((r) => preview[r] === 'non-compliant').map(lastSegment).sort());
        expect(actual.compliant, group).toBe(subjects.filter((r) => preview[r] === 'compliant').length);
      }
    });
  });
}
