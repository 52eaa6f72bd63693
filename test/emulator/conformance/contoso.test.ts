import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { PolicyInsightsClient } from '@azure/arm-policyinsights';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { SecurityCenter } from '@azure/arm-security';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { all, caught } from './support/calls.js';
import { assertValid, openApiValidator } from './support/contracts.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';

/**
 * The demo tenant (src/emulator/tenants/contoso.json) served to the demo personas through the SDKs:
 * who sees which subscription, and every registry and finding the bot will read matches the contracts.
 */

const TENANT_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/emulator/tenants/contoso.json');
const contoso = JSON.parse(readFileSync(TENANT_FILE, 'utf8')) as { resources: Array<{ id: string; type?: string }> };

const PERSONA = {
  priya: '3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a51',
  diego: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d02',
  mei: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c03',
  sam: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f05',
};
const SUBS = { prod: '1d6e3a2b-7c4f-4e5d-9a8b-000000000001', staging: '1d6e3a2b-7c4f-4e5d-9a8b-000000000002', dev: '1d6e3a2b-7c4f-4e5d-9a8b-000000000003' };
const DIGEST = { appId: '0c0ffee0-0000-4000-8000-0000d16e57e0', secret: 'local-digest-reader' };

const validRegistry = openApiValidator('containerregistry/containerregistry_2025-04-01_openapi_EXTRACT_registry_definitions.jsonfrag', 'Registry');
const validFinding = openApiValidator('security/subAssessments_2019-01-01-preview_openapi.json', 'SecuritySubAssessment', ['assessedResourceType']);

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(contoso);
});
afterAll(async () => env?.close());

async function subscriptionIds(who: string): Promise<string[]> {
  const client = new SubscriptionClient(await env.user(who), env.clientOptions);
  return (await all(client.subscriptions.list())).map((s) => s.subscriptionId ?? '').sort();
}

describe('Contoso demo tenant', () => {
  test('each persona sees the subscriptions the plan gives them', async () => {
    expect(await subscriptionIds(PERSONA.priya)).toEqual(Object.values(SUBS).sort());
    expect(await subscriptionIds(PERSONA.mei)).toEqual(Object.values(SUBS).sort());
    expect(await subscriptionIds(PERSONA.diego)).toEqual([SUBS.dev]);
    expect(await subscriptionIds(PERSONA.sam)).toEqual([]);
    const digest = new SubscriptionClient(env.app(DIGEST.appId, DIGEST.secret), env.clientOptions);
    expect((await all(digest.subscriptions.list())).length).toBe(3);
  });

  test('every registry reads back as stored and matches the Registry schema', async () => {
    const stored = contoso.resources.filter((r) => r.type?.toLowerCase() === 'microsoft.containerregistry/registries');
    expect(stored.length).toBeGreaterThan(0);
    const seen = [];
    for (const sub of Object.values(SUBS)) {
      const client = new ContainerRegistryManagementClient(await env.user(PERSONA.priya), sub, env.clientOptions);
      seen.push(...(await all(client.registries.list())));
    }
    expect(seen.map((r) => r.id?.toLowerCase()).sort()).toEqual(stored.map((r) => r.id.toLowerCase()).sort());
    for (const r of stored) assertValid(validRegistry, r, r.id);
  });

  test('Diego reads findings in dev only; Sam is refused', async () => {
    const findings = contoso.resources.filter((r) => r.type?.toLowerCase() === 'microsoft.security/assessments/subassessments');
    for (const f of findings) assertValid(validFinding, f, f.id);
    const dev = new SecurityCenter(await env.user(PERSONA.diego), SUBS.dev, env.clientOptions);
    const devFindings = await all(dev.subAssessments.listAll(`subscriptions/${SUBS.dev}`));
    expect(devFindings.length).toBe(findings.filter((f) => f.id.toLowerCase().startsWith(`/subscriptions/${SUBS.dev}/`)).length);
    const prod = new SecurityCenter(await env.user(PERSONA.diego), SUBS.prod, env.clientOptions);
    expect((await caught(all(prod.subAssessments.listAll(`subscriptions/${SUBS.prod}`)))).statusCode).toBe(403);
    const sam = new SecurityCenter(await env.user(PERSONA.sam), SUBS.prod, env.clientOptions);
    expect((await caught(all(sam.subAssessments.listAll(`subscriptions/${SUBS.prod}`)))).code).toBe('AuthorizationFailed');
  });

  test('policy states for each subscription judge only resources that exist', async () => {
    const ids = new Set(contoso.resources.map((r) => r.id.toLowerCase()));
    for (const sub of Object.values(SUBS)) {
      const client = new PolicyInsightsClient(await env.user(PERSONA.priya), sub, env.clientOptions);
      const rows = await all(client.policyStates.listQueryResultsForSubscription('latest', sub));
      for (const row of rows) {
        expect(ids.has((row.resourceId ?? '').toLowerCase())).toBe(true);
        expect(['Compliant', 'NonCompliant', 'Exempt']).toContain(row.complianceState);
      }
      const summary = await client.policyStates.summarizeForSubscription('latest', sub);
      const nonCompliant = new Set(rows.filter((r) => r.complianceState === 'NonCompliant').map((r) => r.resourceId?.toLowerCase()));
      expect(summary.value?.[0]?.results?.nonCompliantResources).toBe(nonCompliant.size);
    }
  });
});
