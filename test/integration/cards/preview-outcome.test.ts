import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { POLICY_TOPICS, policyCatalog, type PolicyDefinitionInfo } from '../../../src/domain/policy-catalog.js';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { cardText, readableText } from '../../harness/cards.js';
import { allPages } from '../findings/support/read-card.js';
import { botTest } from '../../harness/fixture.js';
import { personas, readTenant } from '../../harness/personas.js';
import { startStack, type Stack } from '../../harness/stack.js';
import { approvalIdOf, invokeCard, messageIdOf } from '../approvals/support/cards.js';

/**
 * The approval card's preview is the compliance answer after approval: for each built-in that
 * evaluates registries and each resource in scope, what the card says the assignment would report
 * is what "policy compliance" reports once it exists. On the demo tenant and two generated ones.
 */

type Verdict = Record<string, 'non-compliant' | 'compliant'>;

/** "contosolegacy" / "would be non-compliant (…)" pairs of the card's blast radius. */
function previewOf(text: string, registries: readonly string[]): Verdict {
  const lines = text.split('\n');
  const out: Verdict = {};
  lines.forEach((line, i) => {
    const next = lines[i + 1] ?? '';
    if (registries.includes(line) && /^would be (non-)?compliant/.test(next)) out[line] = next.startsWith('would be non') ? 'non-compliant' : 'compliant';
  });
  return out;
}

/** The block of one assignment in the compliance answer: its counts and its non-compliant resources. */
function complianceOf(text: string, displayName: string): { nonCompliant: string[]; compliant: number } {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`[${displayName.replace(/\.$/, '')}`) && l.includes(']('));
  expect(start, `the compliance answer lists ${displayName}`).toBeGreaterThanOrEqual(0);
  const counts = lines.slice(start).find((l) => /^\d+ non-compliant · \d+ compliant$/.test(l)) ?? '';
  const at = lines.indexOf(counts, start);
  const nonCompliant: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('• ')) break;
    nonCompliant.push(l.slice(2).split(':')[0] ?? '');
  }
  const [bad = 0, good = 0] = counts.match(/\d+/g)?.map(Number) ?? [];
  expect(nonCompliant.length).toBe(bad);
  return { nonCompliant: nonCompliant.sort(), compliant: good };
}

/** Built-ins whose rule evaluates registries and that need no parameter without a default. */
const REGISTRY_POLICIES = policyCatalog().filter((d) => d.category === 'Container Registry' && d.requiredParameters.length === 0 && !/Token|PTC/.test(d.id));

/** How a person asks for it: the topic's own words, "configure" for the definition that changes resources. */
function askFor(policy: PolicyDefinitionInfo): string {
  const words = POLICY_TOPICS[policy.topic].aliases[0] ?? policy.topicLabel;
  return policy.kind === 'modify' || policy.kind === 'deploy' ? `configure ${words}: assign that policy` : `assign the ${words} policy`;
}

async function requestAndApprove(stack: Stack, ask: string, displayName: string, group: string): Promise<string> {
  const teams = stack.teams;
  const reply = await teams.say(`${ask} to ${group}`, { as: personas.mei, in: 'groupChat', timeoutMs: 30_000 });
  expect(reply.readable, 'the request names the definition asked for').toContain(displayName.replace(/\.$/, ''));
  const approvalId = approvalIdOf(reply.card);
  const body = await teams.click('approval.approve', { approvalId }, { as: personas.priya, in: 'groupChat', replyToId: messageIdOf(reply) });
  const done = readableText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: invokeCard(body) }] });
  expect(done, `${displayName} was assigned`).toMatch(/Done: approved by Priya Raman/);
  return reply.readable;
}

function registriesIn(tenantFile: string, group: string): string[] {
  return readTenant(tenantFile)
    .resources.filter((r) => new RegExp(`/resourceGroups/${group}/providers/Microsoft.ContainerRegistry/registries/[^/]+$`, 'i').test(String(r.id)))
    .map((r) => String(r.name));
}

botTest('private link on rg-shared-tools: contosolegacy would be non-compliant, needs Premium, and is non-compliant after approval', async ({ stack }) => {
  const text = await requestAndApprove(stack, 'assign the ACR private-link policy', 'Container registries should use private link', 'rg-shared-tools');
  expect(text).toMatch(/contosolegacy cannot comply through this assignment alone: private link needs the Premium SKU; it is Standard/);
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

      const preview = previewOf(await requestAndApprove(stack, askFor(policy), displayName, group), registries);
      expect(Object.keys(preview).sort()).toEqual([...registries].sort());

      const after = await stack.teams.say(`ACR policy compliance in ${group}`, { as: personas.priya, timeoutMs: 30_000 });
      const pages = await allPages(stack.teams, after.card, personas.priya);
      const actual = complianceOf(pages.map((card) => cardText(card)).join('\n'), displayName);
      expect(actual.nonCompliant).toEqual(registries.filter((r) => preview[r] === 'non-compliant').sort());
      expect(actual.compliant).toBe(registries.filter((r) => preview[r] === 'compliant').length);
    });
  });
}
