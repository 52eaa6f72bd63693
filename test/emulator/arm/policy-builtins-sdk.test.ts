import { PolicyInsightsClient, type PolicyState } from '@azure/arm-policyinsights';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { all } from '../conformance/support/calls.js';
import { startTestEmulator, type TestEmulator } from '../conformance/support/emulator.js';
import { resourceGroup, ROLE, roleAssignment, subscription, tenantOf, WHO, type Resource } from '../conformance/support/tenant.js';
import { BUILT_IN_CASES, contractDefinitions } from './policy-builtin-cases.js';

/**
 * The same table as policy-builtins.test.ts, through the wire: each case in a resource group of its
 * own with the definition assigned there, read back with @azure/arm-policyinsights as a Reader.
 */

const S = '5a0c0000-0000-4000-8000-0000000000a1';
const sub = `/subscriptions/${S}`;

const cases = contractDefinitions().flatMap(({ file, name }) => (BUILT_IN_CASES[file] ?? []).map((c, i) => ({ file, name, c, rg: `rg-${file.toLowerCase().replace(/_/g, '-')}-${i}` })));

function tenant() {
  const resources: Resource[] = [subscription(S, 'Policy table'), roleAssignment(sub, WHO.reader, ROLE.reader)];
  for (const { name, c, rg } of cases) {
    const rgId = `${sub}/resourceGroups/${rg}`;
    resources.push(resourceGroup(S, rg), ...c.build(rgId));
    resources.push({
      id: `${rgId}/providers/Microsoft.Authorization/policyAssignments/case`,
      name: 'case',
      type: 'Microsoft.Authorization/policyAssignments',
      properties: {
        displayName: `${name} case`,
        policyDefinitionId: `/providers/Microsoft.Authorization/policyDefinitions/${name}`,
        parameters: Object.fromEntries(Object.entries(c.parameters ?? {}).map(([k, v]) => [k, { value: v }])),
        notScopes: [],
        enforcementMode: 'Default',
        scope: rgId,
      },
    });
  }
  return tenantOf(resources);
}

let env: TestEmulator;
let client: PolicyInsightsClient;
let rows: PolicyState[];
beforeAll(async () => {
  env = await startTestEmulator(tenant(), { pageSize: 50 });
  client = new PolicyInsightsClient(await env.user(WHO.reader), S, env.clientOptions);
  rows = await all(client.policyStates.listQueryResultsForSubscription('latest', S));
});
afterAll(async () => env?.close());

describe('every built-in, judged by the emulator and read through the SDK', () => {
  test('the table covers every definition', () => {
    expect(new Set(cases.map((c) => c.file)).size).toBe(contractDefinitions().length);
  });

  test.for(cases.map((x) => [x.file, x.c.label, x.c.expected, x] as const))('%s: %s → %s', async ([, , expected, x]) => {
    const target = x.c.build(`${sub}/resourceGroups/${x.rg}`)[0]?.id ?? '';
    const mine = rows.filter((r) => r.resourceGroup === x.rg && (r.resourceId ?? '').toLowerCase() === target.toLowerCase());
    if (expected === 'NotApplicable') {
      expect(mine).toEqual([]);
      return;
    }
    expect(mine.map((r) => r.complianceState)).toEqual([expected]);
    expect(mine[0]?.isCompliant).toBe(expected === 'Compliant');
    expect(mine[0]?.policyDefinitionName).toBe(x.name);
    // Why: Policy Insights explains one resource at a time ($expand on the resource's own query).
    const [row] = await all(client.policyStates.listQueryResultsForResource('latest', target, { queryOptions: { expand: 'PolicyEvaluationDetails,components' } }));
    expect(row?.complianceState).toBe(expected);
    if (x.file.startsWith('Container')) {
      // Kubernetes policies explain themselves through the containers they judged.
      expect(row?.components?.length).toBeGreaterThan(0);
    } else {
      expect(row?.policyEvaluationDetails?.evaluatedExpressions?.length, 'evaluation details').toBeGreaterThan(0);
    }
  });
});
