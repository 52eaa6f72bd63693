import { describe, expect, test } from 'vitest';
import { builtInPolicyDefinition } from '../../../src/emulator/builtins/policy-definitions.js';
import type { ArmResource, EmulatorContext } from '../../../src/emulator/http/types.js';
import { judge, judgedResources } from '../../../src/emulator/arm/policy-judge.js';
import type { AssignedPolicy } from '../../../src/emulator/arm/policy-members.js';
import { resolveExpression } from '../../../src/emulator/arm/policy-evaluator.js';
import { IndexedResourceStore } from '../../../src/emulator/tenant/resource-store.js';
import { BUILT_IN_CASES, contractDefinitions, type BuiltInCase } from './policy-builtin-cases.js';

/**
 * Every built-in definition of the contracts folder, judged by the emulator against resources that
 * must pass, must fail, or must not be judged. The definitions come from the contract files, so a
 * definition added there without cases fails the first test.
 */

const RG = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-case';
const definitions = contractDefinitions();

function contextWith(resources: ArmResource[]): EmulatorContext {
  const store = new IndexedResourceStore();
  for (const r of resources) store.put(r);
  return { store, now: () => new Date('2026-01-01T00:00:00Z') } as unknown as EmulatorContext;
}

function assigned(definition: ArmResource, parameters: Record<string, unknown> = {}): AssignedPolicy {
  const declared = (definition.properties as { parameters?: Record<string, { defaultValue?: unknown }> }).parameters ?? {};
  const effective: Record<string, unknown> = Object.fromEntries(Object.entries(declared).map(([k, v]) => [k, v.defaultValue]));
  Object.assign(effective, parameters);
  const rule = (definition.properties as { policyRule: { then: { effect: string } } }).policyRule;
  const effect = String(resolveExpression(rule.then.effect, { resource: { id: '' }, parameters: effective })).toLowerCase();
  const assignment = { id: `${RG}/providers/Microsoft.Authorization/policyAssignments/a`, properties: { scope: RG } };
  return { assignment, definition, groupNames: [], parameters: effective, effect };
}

function verdictOf(name: string, c: BuiltInCase): string {
  const definition = builtInPolicyDefinition(name);
  if (!definition) throw new Error(`the emulator does not ship ${name}`);
  const resources = c.build(RG) as ArmResource[];
  const ctx = contextWith(resources);
  const policy = assigned(definition, c.parameters);
  const judged = judgedResources(ctx, policy, RG);
  const target = resources[0] as ArmResource;
  if (!judged.some((r) => r.id === target.id)) return 'NotApplicable';
  return judge(ctx, policy, target)?.state ?? 'NotApplicable';
}

describe('the built-in definitions of the contracts folder', () => {
  test('every one has compliant and non-compliant cases, and the emulator ships it byte for byte', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(24);
    for (const { file, name, definition } of definitions) {
      const cases = BUILT_IN_CASES[file] ?? [];
      expect(cases.map((c) => c.expected), file).toContain('NonCompliant');
      expect(cases.map((c) => c.expected), file).toContain(file === 'ACR_PTCDisabled_AuditDeny' ? 'NotApplicable' : 'Compliant');
      expect(builtInPolicyDefinition(name)?.properties, file).toEqual(definition.properties);
    }
    expect(Object.keys(BUILT_IN_CASES).sort()).toEqual(definitions.map((d) => d.file).sort());
  });

  const rows = definitions.flatMap(({ file, name }) => (BUILT_IN_CASES[file] ?? []).map((c) => ({ file, name, c })));
  test.for(rows.map((r) => [r.file, r.c.label, r.c.expected, r] as const))('%s: %s → %s', ([, , expected, row]) => {
    expect(verdictOf(row.name, row.c)).toBe(expected);
  });
});

describe('evaluation details say why', () => {
  test('a failing Audit rule lists the expressions that matched, with paths and values', () => {
    const definition = builtInPolicyDefinition('dc921057-6b28-4fbe-9b83-f7bec05db6c2') as ArmResource;
    const [registry] = (BUILT_IN_CASES.ACR_AdminAccountDisabled_AuditDeny?.[0]?.build(RG) ?? []) as ArmResource[];
    const verdict = judge(contextWith([registry as ArmResource]), assigned(definition), registry as ArmResource, true);
    expect(verdict?.state).toBe('NonCompliant');
    expect(verdict?.details?.evaluatedExpressions).toEqual([
      { result: 'True', expressionKind: 'Field', expression: 'type', path: 'type', expressionValue: 'Microsoft.ContainerRegistry/registries', targetValue: 'Microsoft.ContainerRegistry/registries', operator: 'Equals' },
      { result: 'True', expressionKind: 'Field', expression: 'Microsoft.ContainerRegistry/registries/adminUserEnabled', path: 'properties.adminUserEnabled', expressionValue: true, targetValue: true, operator: 'Equals' },
    ]);
  });

  test('a count condition reports the count; an IfNotExists policy names what it looked for', () => {
    const privateLink = builtInPolicyDefinition('e8eef0a8-67cf-4eb4-9386-14b0e78733d4') as ArmResource;
    const [registry] = (BUILT_IN_CASES.ACR_PrivateEndpointEnabled_Audit?.[1]?.build(RG) ?? []) as ArmResource[];
    const count = judge(contextWith([registry as ArmResource]), assigned(privateLink), registry as ArmResource, true)?.details?.evaluatedExpressions.at(-1);
    expect(count).toMatchObject({ result: 'True', expressionKind: 'Count', expressionValue: 0, targetValue: 1, operator: 'Less' });

    const mdvm = builtInPolicyDefinition('090c7b07-b4ed-4561-ad20-e9075f3ccaff') as ArmResource;
    const built = (BUILT_IN_CASES.MDC_AzureContainerRegistryVulnerabilityAssessment_Audit?.[0]?.build(RG) ?? []) as ArmResource[];
    const verdict = judge(contextWith(built), assigned(mdvm), built[0] as ArmResource, true);
    expect(verdict?.details?.ifNotExistsDetails).toEqual({ resourceId: built[1]?.id, totalResources: 1 });
  });

  test('a Kubernetes policy names the containers it judged', () => {
    const allowed = builtInPolicyDefinition('febd0533-8e55-448f-b837-bd0e06f16469') as ArmResource;
    const c = BUILT_IN_CASES.ContainerAllowedImages?.[0] as BuiltInCase;
    const built = c.build(RG) as ArmResource[];
    const verdict = judge(contextWith(built), assigned(allowed, c.parameters), built[0] as ArmResource);
    expect(verdict?.components?.map((x) => `${x.name} ${x.complianceState}`).sort()).toEqual([
      'contoso.azurecr.io/web:1 Compliant',
      'docker.io/library/nginx:1.25 NonCompliant',
    ]);
  });
});
