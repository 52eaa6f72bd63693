import { PolicyInsightsClient } from '@azure/arm-policyinsights';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { caught } from './support/calls.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { registry, resourceGroup, ROLE, roleAssignment, subscription, tenantOf, WHO, type Resource } from './support/tenant.js';

/**
 * Policy Insights pages `queryResults` at 1,000 rows and serves the next page only to a POST on
 * `@odata.nextLink`; a GET there is answered 404 `ResourceTypeNotSupported` (what
 * @azure/arm-policyinsights 6.0.0 meets in Azure: Azure/azure-sdk-for-js#36686, azure-rest-api-specs#15136).
 * A scope of 2,500 states, through the SDK and raw.
 */

const S = '5ca1e000-0000-4000-8000-000000002500';
const REGISTRIES = 2500;
const ASSIGNMENT = `/subscriptions/${S}/providers/Microsoft.Authorization/policyAssignments/admin-account-audit`;

function scaleTenant() {
  const resources: Resource[] = [subscription(S, 'Scale'), resourceGroup(S, 'rg-many'), roleAssignment(`/subscriptions/${S}`, WHO.reader, ROLE.reader)];
  for (let i = 0; i < REGISTRIES; i++) resources.push(registry(S, 'rg-many', `reg${String(i).padStart(4, '0')}`, { adminUserEnabled: i % 5 !== 0 }));
  resources.push({
    id: ASSIGNMENT,
    name: 'admin-account-audit',
    type: 'Microsoft.Authorization/policyAssignments',
    properties: { displayName: 'Admin account audit', policyDefinitionId: '/providers/Microsoft.Authorization/policyDefinitions/dc921057-6b28-4fbe-9b83-f7bec05db6c2', scope: `/subscriptions/${S}`, enforcementMode: 'Default', parameters: {}, notScopes: [] },
  });
  return tenantOf(resources);
}

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(scaleTenant());
});
afterAll(async () => env?.close());

const QUERY = `/subscriptions/${S}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=2024-10-01`;
type Page = { '@odata.nextLink': string | null; value: Array<{ resourceId: string; complianceState: string }> };

describe('queryResults paging', () => {
  test('pages hold 1,000 rows; the next page is fetched with POST; all 2,500 states arrive once each', async () => {
    const credential = await env.user(WHO.reader);
    const pages: Page[] = [];
    let next: string | null = QUERY;
    while (next !== null && pages.length < 10) {
      const answer = await env.arm(credential, 'POST', next.replace(env.baseUrl, ''));
      expect(answer.status).toBe(200);
      const page = answer.body as Page;
      pages.push(page);
      next = page['@odata.nextLink'];
    }
    expect(pages.map((p) => p.value.length)).toEqual([1000, 1000, 500]);
    const ids = new Set(pages.flatMap((p) => p.value.map((r) => r.resourceId.toLowerCase())));
    expect(ids.size).toBe(REGISTRIES);
    expect(pages.flatMap((p) => p.value).filter((r) => r.complianceState === 'NonCompliant')).toHaveLength(2000);
  });

  test('a GET on the nextLink is refused as Azure refuses it, and so is the SDK’s own paging', async () => {
    const credential = await env.user(WHO.reader);
    const first = (await env.arm(credential, 'POST', QUERY)).body as Page;
    const nextLink = first['@odata.nextLink'] ?? '';
    expect(nextLink).toMatch(/(\$|%24)skiptoken=/);
    const refused = await env.arm(credential, 'GET', nextLink.replace(env.baseUrl, ''));
    expect(refused).toEqual({
      status: 404,
      body: { error: { code: 'ResourceTypeNotSupported', message: "Unsupported resource type: 'Microsoft.PolicyInsights/policyStates/queryResults'." } },
    });

    // The SDK reads the first page (POST) and then fails on its GET of the second.
    const sdk = new PolicyInsightsClient(credential, S, env.clientOptions).policyStates;
    const seen: number[] = [];
    const failure = await caught(
      (async () => {
        for await (const page of sdk.listQueryResultsForSubscription('latest', S).byPage()) seen.push(page.length);
      })(),
    );
    expect(seen).toEqual([1000]);
    expect(failure.statusCode).toBe(404);
    expect(failure.code).toBe('ResourceTypeNotSupported');
  });

  test('the policyStatesPageSize knob pages smaller, still by POST', async () => {
    const credential = await env.user(WHO.reader);
    env.emulator.setFaults({ policyStatesPageSize: 600 });
    try {
      const sizes: number[] = [];
      let next: string | null = QUERY;
      while (next !== null && sizes.length < 10) {
        const page = (await env.arm(credential, 'POST', next.replace(env.baseUrl, ''))).body as Page;
        sizes.push(page.value.length);
        next = page['@odata.nextLink'];
      }
      expect(sizes).toEqual([600, 600, 600, 600, 100]);
    } finally {
      env.emulator.setFaults({});
    }
  });

  test('$top caps the whole answer; pages still stop at 1,000', async () => {
    const credential = await env.user(WHO.reader);
    const page = (await env.arm(credential, 'POST', `${QUERY}&$top=1200`)).body as Page;
    expect(page.value).toHaveLength(1000);
    const rest = (await env.arm(credential, 'POST', (page['@odata.nextLink'] ?? '').replace(env.baseUrl, ''))).body as Page;
    expect(rest.value).toHaveLength(200);
    expect(rest['@odata.nextLink']).toBeNull();
  });
});
