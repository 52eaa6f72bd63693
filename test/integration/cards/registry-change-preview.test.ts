import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { cardText } from '../../harness/cards.js';
import { personas, readTenant } from '../../harness/personas.js';
import { startStack, type Stack } from '../../harness/stack.js';
import { allPages } from '../findings/support/read-card.js';
import { complianceOf, requestAndApprove } from './support/preview.js';

/**
 * A registry setting change previews what Azure would do with it (refuse it for the SKU) and what
 * each registry policy in force would report after it; approved, the outcome is what was previewed.
 */
type Json = Record<string, unknown>;
const o = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const ADMIN_POLICY = 'Container registries should have local admin account disabled';

for (const seed of [4_2026, 9_2026]) {
  describe(`a generated tenant (seed ${seed})`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-registry-preview-'));
    const tenantFile = path.join(dir, 'tenant.json');
    let stack: Stack;
    const registries = (): { name: string; group: string; sku: string; admin: boolean }[] =>
      readTenant(tenantFile).resources
        .filter((r) => /\/registries\/[^/]+$/i.test(String(r.id)))
        .map((r) => ({ name: String(r.name), group: String(r.id).split('/')[4] ?? '', sku: String(o(r.sku).name), admin: o(r.properties).adminUserEnabled === true }));
    beforeAll(async () => {
      await generateTenant({ out: tenantFile, subscriptions: 3, registries: 9, images: 30, findings: 100, seed });
      // The approver needs write on registries: Contributor for Priya on each subscription.
      const tenant = JSON.parse(readFileSync(tenantFile, 'utf8')) as { resources: Json[] };
      const subs = tenant.resources.filter((r) => /^\/subscriptions\/[^/]+$/i.test(String(r.id))).map((r) => String(r.id));
      subs.forEach((scope, i) => {
        const name = `c0c0c0c0-0000-4000-8000-${String(i).padStart(12, '0')}`;
        tenant.resources.push({
          id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
          type: 'Microsoft.Authorization/roleAssignments',
          name,
          properties: { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c', principalId: personas.priya.aadObjectId, principalType: 'User', scope },
        });
      });
      writeFileSync(tenantFile, JSON.stringify(tenant));
      stack = await startStack({ tenantFile, env: { RATE_LIMIT_PER_MINUTE: '0' } });
    }, 60_000);
    afterAll(async () => {
      await stack?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('turning off public network access below Premium is refused before anyone is asked to approve it', async () => {
      const small = registries().find((r) => r.sku !== 'Premium');
      expect(small, 'the tenant has a registry below Premium').toBeDefined();
      const reply = await stack.teams.say(`disable public network access on ${small?.name ?? ''}`, { as: personas.mei, in: 'groupChat', timeoutMs: 30_000 });
      expect(reply.readable).toContain(`${small?.name ?? ''} is on the ${small?.sku ?? ''} SKU: Azure allows this only on Premium registries.`);
      expect(JSON.stringify(reply.card)).not.toContain('approval.approve');
    });

    test('turning off the admin user: the preview is the admin-user policy\'s answer after approval', async () => {
      const target = registries().find((r) => r.admin) ?? registries()[0];
      const group = target?.group ?? '';
      await requestAndApprove(stack, `assign the admin user policy to ${group}`, ADMIN_POLICY);
      const text = await requestAndApprove(stack, `disable the admin user on registry ${target?.name ?? ''}`, target?.name ?? '');
      expect(text).toMatch(new RegExp(`After this change ${target?.name ?? ''} would be non-compliant with \\d+ of \\d+ registry polic`));
      const line = text.split('\n').findIndex((l) => l.startsWith(ADMIN_POLICY));
      const previewed = text.split('\n')[line + 1] ?? '';
      expect(previewed).toMatch(/(compliant today, compliant after|stays compliant)$/);

      const after = await stack.teams.say(`ACR policy compliance in ${group}`, { as: personas.priya, timeoutMs: 30_000 });
      const pages = await allPages(stack.teams, after.card, personas.priya);
      expect(complianceOf(pages.map((card) => cardText(card)).join('\n'), ADMIN_POLICY).nonCompliant).not.toContain(target?.name);
    });
  });
}
