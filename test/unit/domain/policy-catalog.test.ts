import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { POLICY_TOPICS, allowedEffect, findPolicy, policiesForTopic, policyCatalog } from '../../../src/domain/policy-catalog.js';

const SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/contracts/azure-policy');

interface Definition {
  name: string;
  properties: {
    displayName: string;
    version: string;
    mode: string;
    metadata: { category: string };
    parameters: Record<string, { defaultValue?: unknown; allowedValues?: string[] }>;
  };
}

/** The built-in definitions as published in Azure/azure-policy (byte-exact copies). */
const sources: { id: string; definition: Definition }[] = readdirSync(SOURCE).flatMap((dir) =>
  readdirSync(path.join(SOURCE, dir)).map((file) => ({
    id: file.replace(/\.json$/, ''),
    definition: JSON.parse(readFileSync(path.join(SOURCE, dir, file), 'utf8')) as Definition,
  })),
);

describe('the policy catalog matches the published definitions', () => {
  test('every source definition is in the catalog and nothing else', () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(policyCatalog().map((p) => p.id).sort()).toEqual(sources.map((s) => s.id).sort());
  });

  test.for(sources.map((s) => [s.id, s] as const))('%s', ([id, { definition }]) => {
    const entry = findPolicy(id);
    const props = definition.properties;
    expect(entry).toMatchObject({
      name: definition.name,
      displayName: props.displayName,
      version: props.version,
      mode: props.mode,
      category: props.metadata.category,
      defaultEffect: props.parameters.effect?.defaultValue,
      allowedEffects: props.parameters.effect?.allowedValues,
      definitionId: `/providers/Microsoft.Authorization/policyDefinitions/${definition.name}`,
    });
    const required = Object.entries(props.parameters).filter(([, p]) => p.defaultValue === undefined).map(([k]) => k);
    expect(entry?.requiredParameters).toEqual(required);
  });
});

describe('looking policies up', () => {
  test('by id, GUID or definition id, ignoring case', () => {
    const byId = findPolicy('acr_privateendpointenabled_audit');
    expect(byId?.name).toBe('e8eef0a8-67cf-4eb4-9386-14b0e78733d4');
    expect(findPolicy('E8EEF0A8-67CF-4EB4-9386-14B0E78733D4')).toBe(byId);
    expect(findPolicy('/providers/Microsoft.Authorization/policyDefinitions/e8eef0a8-67cf-4eb4-9386-14b0e78733d4')).toBe(byId);
    expect(findPolicy('nope')).toBeUndefined();
  });

  test('every topic has definitions and words', () => {
    for (const [topic, { aliases }] of Object.entries(POLICY_TOPICS)) {
      expect(policiesForTopic(topic as keyof typeof POLICY_TOPICS).length, topic).toBeGreaterThan(0);
      expect(aliases.length, topic).toBeGreaterThan(0);
    }
  });

  test('kinds follow the effects', () => {
    expect(findPolicy('ACR_AdminAccountDisabled_Modify')?.kind).toBe('modify');
    expect(findPolicy('ACR_PrivateEndpoint_DINE')?.kind).toBe('deploy');
    expect(findPolicy('MDC_AzureContainerRegistryVulnerabilityAssessment_Audit')?.kind).toBe('audit-if-not-exists');
    expect(findPolicy('ACR_AdminAccountDisabled_AuditDeny')?.kind).toBe('audit');
    expect(findPolicy('ASC_ContainerRegistryVulnerabilityAssessment_Audit')?.deprecated).toBe(true);
  });

  test('effects are spelled as the definition allows them', () => {
    const k8s = findPolicy('ContainerNoPrivilege');
    const acr = findPolicy('ACR_PrivateEndpointEnabled_Audit');
    if (!k8s || !acr) throw new Error('catalog incomplete');
    expect(allowedEffect(k8s, 'deny')).toBe('Deny');
    expect(allowedEffect(acr, 'AUDIT')).toBe('Audit');
    expect(allowedEffect(acr, 'deny')).toBeUndefined();
  });
});
