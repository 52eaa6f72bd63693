import { describe, expect, test } from 'vitest';
import { byAssignment, byResource, filterStates, reasonFor, resourcesToExplain, withEvidence, type PolicyStateView } from '../../../src/domain/compliance/index.js';

/** Grouping policy states per assignment and per resource, and the reason each failing one gives. */

const SUB = '/subscriptions/1d6e3a2b-7c4f-4e5d-9a8b-000000000001';
const reg = (name: string, rg = 'rg-a') => `${SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${name}`;
const ADMIN = { id: `${SUB}/providers/Microsoft.Authorization/policyAssignments/no-admin`, definition: 'dc921057-6b28-4fbe-9b83-f7bec05db6c2' };
const PUBLIC = { id: `${SUB}/providers/Microsoft.Authorization/policyAssignments/no-public`, definition: '0fdf0491-d080-4575-b627-ad0e843cba0f' };

function state(resourceId: string, assignment: { id: string; definition: string }, complianceState: string, extra: Partial<PolicyStateView> = {}): PolicyStateView {
  return {
    resourceId,
    resourceType: 'Microsoft.ContainerRegistry/registries',
    resourceGroup: resourceId.split('/')[4] ?? '',
    subscriptionId: '1d6e3a2b-7c4f-4e5d-9a8b-000000000001',
    environment: 'prod',
    assignmentId: assignment.id,
    assignmentName: assignment.id.split('/').pop() ?? '',
    assignmentScope: SUB,
    definitionId: `/providers/Microsoft.Authorization/policyDefinitions/${assignment.definition}`,
    definitionName: assignment.definition,
    effect: 'audit',
    state: complianceState,
    timestamp: '2026-11-20T10:00:00.000Z',
    ...extra,
  };
}

const field = (expression: string, value: unknown, target: unknown, operator: string, result = 'True') => ({ result, kind: 'Field', expression, value, target, operator });
const typeCheck = field('type', 'Microsoft.ContainerRegistry/registries', 'Microsoft.ContainerRegistry/registries', 'Equals');

describe('reasons', () => {
  test.for([
    ['a boolean that must not be true', [typeCheck, field('Microsoft.ContainerRegistry/registries/adminUserEnabled', true, true, 'Equals')], 'admin user enabled is true'],
    ['a value that must equal another', [typeCheck, field('Microsoft.ContainerRegistry/registries/publicNetworkAccess', 'Enabled', 'Disabled', 'NotEquals')], 'public network access is Enabled (should be Disabled)'],
    ['a missing setting', [typeCheck, field('Microsoft.ContainerRegistry/registries/policies.azureADAuthenticationAsArmPolicy', null, false, 'Exists')], 'ARM audience token authentication is not set'],
    ['a count below its minimum', [typeCheck, { result: 'True', kind: 'Count', expression: 'Microsoft.ContainerRegistry/registries/privateEndpointConnections[*]', value: 0, target: 1, operator: 'Less' }], 'no approved private endpoint connections (needs at least 1)'],
    ['conditions that did not hold are left out', [typeCheck, field('Microsoft.ContainerRegistry/registries/networkRuleSet.defaultAction', 'Allow', 'Allow', 'Equals'), field('Microsoft.ContainerRegistry/registries/publicNetworkAccess', 'Enabled', 'Enabled', 'Equals'), field('x', 1, 2, 'Equals', 'False')], 'network rule set default action is Allow; public network access is Enabled'],
  ] as const)('%s', ([, expressions, reason]) => {
    expect(reasonFor(state(reg('a'), ADMIN, 'NonCompliant', { evidence: { expressions: [...expressions] } }))).toBe(reason);
  });

  test('IfNotExists policies about Defender and Kubernetes components say what is missing or failing', () => {
    const mdvm = { id: ADMIN.id, definition: '090c7b07-b4ed-4561-ad20-e9075f3ccaff' };
    expect(reasonFor(state(reg('a'), mdvm, 'NonCompliant', { evidence: { expressions: [], ifNotExists: { resourceId: 'x', totalResources: 1 } } }))).toBe('Defender reports unresolved image vulnerabilities');
    expect(reasonFor(state(reg('a'), mdvm, 'NonCompliant', { evidence: { expressions: [], ifNotExists: { resourceId: '', totalResources: 0 } } }))).toBe('Defender has no vulnerability assessment for it');
    const components = [
      { id: 'web/app/app', name: 'docker.io/library/nginx:1.25', state: 'NonCompliant' },
      { id: 'web/api/api', name: 'contoso.azurecr.io/api:1', state: 'Compliant' },
    ];
    const k8s = { id: ADMIN.id, definition: 'febd0533-8e55-448f-b837-bd0e06f16469' };
    expect(reasonFor(state(reg('a'), k8s, 'NonCompliant', { evidence: { expressions: [], components } }))).toBe('1 of 2 containers fail: docker.io/library/nginx:1.25 (web/app/app)');
  });

  test('without details, the reason names what the built-in is about', () => {
    expect(reasonFor(state(reg('a'), ADMIN, 'NonCompliant'))).toBe('fails “Admin user”');
    expect(reasonFor(state(reg('a'), { id: ADMIN.id, definition: 'custom-thing' }, 'NonCompliant'))).toBe('does not meet the policy');
  });
});

describe('grouping', () => {
  const states = [
    state(reg('a'), ADMIN, 'NonCompliant'),
    state(reg('b'), ADMIN, 'Compliant'),
    state(reg('c', 'rg-b'), ADMIN, 'Exempt'),
    state(reg('a'), PUBLIC, 'NonCompliant'),
    state(reg('b'), PUBLIC, 'NonCompliant'),
    state(reg('d'), PUBLIC, 'NonCompliant', { environment: 'dev' }),
  ];

  test('per assignment: counts from the states, failing resources with reasons, most failures first', () => {
    const reports = byAssignment(states, [], undefined);
    expect(reports.map((r) => [r.displayName, r.nonCompliant, r.compliant, r.exempt])).toEqual([
      ['Public network access should be disabled for Container registries', 3, 0, 0],
      ['Container registries should have local admin account disabled.', 1, 1, 1],
    ]);
    expect(reports[1]?.failing.map((f) => `${f.name}: ${f.reason}`)).toEqual(['a: fails “Admin user”']);
  });

  test('per assignment: summarize counts win when they describe the whole scope', () => {
    const reports = byAssignment(states, [], [{ assignmentId: ADMIN.id.toUpperCase(), compliant: 7, nonCompliant: 1, exempt: 0 }]);
    expect(reports.find((r) => r.assignmentId === ADMIN.id)).toMatchObject({ compliant: 7, nonCompliant: 1 });
  });

  test('per resource: every violated policy, most violations first; environments filter', () => {
    expect(byResource(states, []).map((v) => [v.name, v.violations.length])).toEqual([
      ['a', 2],
      ['b', 1],
      ['d', 1],
    ]);
    expect(filterStates(states, ['dev'], true).map((s) => s.resourceId)).toEqual([reg('d')]);
    const storage = state(`${SUB}/resourceGroups/rg-a/providers/Microsoft.Storage/storageAccounts/sa`, { id: ADMIN.id, definition: 'custom' }, 'NonCompliant', { resourceType: 'Microsoft.Storage/storageAccounts' });
    expect(filterStates([...states, storage], [], true)).toHaveLength(states.length);
  });

  test('ids join whatever their casing: Policy Insights lower-cases them, ARM keeps the spelling they were created with', () => {
    const lower = { id: ADMIN.id.toLowerCase(), definition: ADMIN.definition };
    // One assignment judging one resource twice (an initiative's members), spelled two ways.
    const twice = [state(reg('a'), ADMIN, 'NonCompliant'), state(reg('a').toLowerCase(), lower, 'NonCompliant', { definitionName: PUBLIC.definition })];
    expect(byResource(twice, []).map((v) => [v.name, v.violations.length])).toEqual([['a', 1]]);
    const assignment = { id: ADMIN.id, name: 'no-admin', displayName: 'No admin account', scope: `${SUB}/resourceGroups/RG-Mixed`, definitionId: ADMIN.definition, definitionDisplayName: undefined, effect: 'audit', enforcementMode: 'Default', createdBy: undefined, createdOn: undefined, description: undefined };
    const [report] = byAssignment([state(reg('a').toLowerCase(), lower, 'NonCompliant', { assignmentScope: assignment.scope.toLowerCase() })], [assignment], undefined);
    expect(report).toMatchObject({ displayName: 'No admin account', scope: assignment.scope });
  });

  test('evidence is attached to the matching state only', () => {
    const evidence = { expressions: [field('Microsoft.ContainerRegistry/registries/adminUserEnabled', true, true, 'Equals')] };
    const explained = new Map([[reg('a').toLowerCase(), [state(reg('a'), ADMIN, 'NonCompliant', { evidence })]]]);
    const merged = withEvidence(states, explained);
    expect(merged.filter((s) => s.evidence).map((s) => `${s.assignmentName} ${s.resourceId.split('/').pop() ?? ''}`)).toEqual(['no-admin a']);
    expect(resourcesToExplain(states, 2)).toEqual([reg('a'), reg('b')]);
  });
});
