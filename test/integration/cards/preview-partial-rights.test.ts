import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { SECURITY_AUDITORS_GROUP } from '../../../src/emulator/generate/personas.js';
import { personas } from '../../harness/personas.js';
import { startStack, type Stack } from '../../harness/stack.js';

/**
 * A requester who may read a subscription's clusters but not what Defender reports about them: the
 * Kubernetes preview cannot judge the running containers and says exactly which read failed and why,
 * instead of guessing or showing a verdict.
 */

type Json = Record<string, unknown>;
const CUSTOM = '7c0ffee0-0000-4000-8000-00000000c0de';

describe('a Kubernetes preview for someone who cannot read Defender findings', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-preview-rights-'));
  const tenantFile = path.join(dir, 'tenant.json');
  let stack: Stack;
  let group = '';

  beforeAll(async () => {
    await generateTenant({ out: tenantFile, subscriptions: 2, registries: 2, images: 6, findings: 20, seed: 7_2027, clusters: 2 });
    const tenant = JSON.parse(readFileSync(tenantFile, 'utf8')) as { resources: Json[] };
    const cluster = tenant.resources.find((r) => /\/managedClusters\/[^/]+$/i.test(String(r.id)));
    const [, sub = '', rg = ''] = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(String(cluster?.id)) ?? [];
    group = rg;
    const scope = `/subscriptions/${sub}`;
    // Mei's group keeps what a request needs on this subscription, but no Microsoft.Security read.
    tenant.resources = tenant.resources.filter((r) => {
      const p = (r.properties ?? {}) as Json;
      return !(String(r.type) === 'Microsoft.Authorization/roleAssignments' && p.principalId === SECURITY_AUDITORS_GROUP && String(p.scope) === scope);
    });
    tenant.resources.push(
      {
        id: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM}`, name: CUSTOM, type: 'Microsoft.Authorization/roleDefinitions',
        properties: {
          roleName: 'Cluster reader without Defender', type: 'CustomRole', assignableScopes: [scope],
          permissions: [{ actions: ['*/read'], notActions: ['Microsoft.Security/*'] }],
        },
      },
      {
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/7c0ffee0-0000-4000-8000-0000000a0001`, name: '7c0ffee0-0000-4000-8000-0000000a0001', type: 'Microsoft.Authorization/roleAssignments',
        properties: { roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM}`, principalId: SECURITY_AUDITORS_GROUP, principalType: 'Group', scope },
      },
    );
    writeFileSync(tenantFile, JSON.stringify(tenant));
    stack = await startStack({ tenantFile });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the card names the read that failed and shows no verdict', { timeout: 60_000 }, async () => {
    const reply = await stack.teams.say(`assign the privileged container policy to ${group}`, { as: personas.mei, in: 'groupChat', timeoutMs: 30_000 });
    expect(reply.readable).toContain('Kubernetes cluster should not allow privileged containers');
    expect(reply.readable).toMatch(
      /ShipShape cannot preview what this assignment would report: the Azure Policy add-on and running containers of the clusters in scope could not be read \(no permission to read it \(AuthorizationFailed\)\)\./,
    );
    expect(reply.readable).not.toMatch(/would be (non-)?compliant|would report nothing/);
  });
});
