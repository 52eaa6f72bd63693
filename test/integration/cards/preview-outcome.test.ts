import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POLICY_TOPICS, policyCatalog, type PolicyDefinitionInfo } from '../../../src/domain/policy-catalog.js';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { cardText } from '../../harness/cards.js';
import { allPages } from '../findings/support/read-card.js';
import { botTest } from '../../harness/fixture.js';
import { personas, readTenant } from '../../harness/personas.js';
import { startStack, type Stack } from '../../harness/stack.js';
import { complianceOf, previewOf, registriesIn, requestAndApprove } from './support/preview.js';

/**
 * The approval card's preview is the compliance answer after approval: for each built-in that
 * evaluates registries and each resource in scope, what the card says the assignment would report
 * is what "policy compliance" reports once it exists. On the demo tenant and two generated ones.
 */

/** Built-ins whose rule evaluates registries and that need no parameter without a default. */
const REGISTRY_POLICIES = policyCatalog().filter((d) => d.category === 'Container Registry' && d.requiredParameters.length === 0 && !/Token|PTC/.test(d.id));

/** How a person asks for it: the topic's own words, "configure" for the definition that changes resources. */
function askFor(policy: PolicyDefinitionInfo): string {
  const words = POLICY_TOPICS[policy.topic].aliases[0] ?? policy.topicLabel;
  return policy.kind === 'modify' || policy.kind === 'deploy' ? `configure ${words}: assign that policy` : `assign the ${words} policy`;
}

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
      await generateTenant({ out: tenantFile, subscriptions: 3, registries: 9, images: 30, findings: 100, seed });
      // Every built-in asked and approved in a row: more than a person's per-minute allowance.
      stack = await startStack({ tenantFile, env: { RATE_LIMIT_PER_MINUTE: '0' } });
    }, 60_000);
    afterAll(async () => {
      await stack?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test.for(REGISTRY_POLICIES.map((d) => d.displayName))('%s: the preview is the compliance answer after approval', { timeout: 60_000 }, async (displayName) => {
      const policy = REGISTRY_POLICIES.find((d) => d.displayName === displayName) as PolicyDefinitionInfo;
      const group = readTenant(tenantFile).resources.map((r) => /\/resourceGroups\/(rg-registries-[^/]+)\//i.exec(String(r.id))?.[1]).find((g) => g !== undefined) ?? '';
      const registries = registriesIn(tenantFile, group);
      expect(registries.length).toBeGreaterThan(0);

      const preview = previewOf(await requestAndApprove(stack, `${askFor(policy)} to ${group}`, displayName), registries);
      expect(Object.keys(preview).sort()).toEqual([...registries].sort());

      const after = await stack.teams.say(`ACR policy compliance in ${group}`, { as: personas.priya, timeoutMs: 30_000 });
      const pages = await allPages(stack.teams, after.card, personas.priya);
      const actual = complianceOf(pages.map((card) => cardText(card)).join('\n'), displayName);
      expect(actual.nonCompliant).toEqual(registries.filter((r) => preview[r] === 'non-compliant').sort());
      expect(actual.compliant).toBe(registries.filter((r) => preview[r] === 'compliant').length);
    });
  });
}
