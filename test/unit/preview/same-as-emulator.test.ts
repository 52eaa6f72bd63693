import { describe, expect, test } from 'vitest';
import { containersFromFindings } from '../../../src/azure/changes/policy-preview-inputs.js';
import { previewPolicy, typesNamed, type ClusterView, type ProposedDefinition } from '../../../src/domain/preview/index.js';
import { BUILT_IN_CASES, contractDefinitions, type Expected, type Resource } from '../../emulator/arm/policy-builtin-cases.js';

/**
 * The preview evaluator on the very table the emulator's compliance evaluation is tested against
 * (test/emulator/arm/policy-builtin-cases.ts): for every built-in and every case, the preview reaches
 * the verdict the emulator records, so a preview and the compliance answer after approval agree.
 */

type Json = Record<string, unknown>;
const RG = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-case';
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the preview readers would hand over: related resources by type, clusters with add-on and running containers. */
function contextOf(judged: Resource, rest: readonly Resource[]): { related: (r: Json, type: string) => Json[]; clusters: ClusterView[] } {
  const related = (resource: Json, type: string): Json[] =>
    rest.filter((r) => String(r.type).toLowerCase() === type.toLowerCase() && r.id.toLowerCase().startsWith(`${String(resource.id).toLowerCase()}/`));
  const props = isObject(judged.properties) ? judged.properties : {};
  const profiles = isObject(props.addonProfiles) ? props.addonProfiles : {};
  const addon = isObject(profiles.azurepolicy) && profiles.azurepolicy.enabled === true;
  const findings = rest.filter((r) => String(r.type).toLowerCase() === 'microsoft.security/assessments/subassessments');
  return { related, clusters: [{ id: judged.id, name: String(judged.name), policyAddon: addon, containers: containersFromFindings(findings) }] };
}

function verdict(definition: ProposedDefinition, parameters: Json, resources: Resource[]): Expected {
  const [judged, ...rest] = resources as [Resource, ...Resource[]];
  // A resource of a type the rule does not select is never judged; the preview reads only the types it selects.
  if (!typesNamed((definition.policyRule as Json).if).includes(String(judged.type).toLowerCase())) return 'NotApplicable';
  const preview = previewPolicy(definition, parameters, [judged], undefined, contextOf(judged, rest));
  if (preview.kind === 'disabled') return 'NotApplicable';
  if (preview.kind !== 'evaluated') throw new Error(`not previewable: ${preview.reason}`);
  const outcome = preview.resources.find((r) => r.id === judged.id)?.outcome;
  return outcome === 'non-compliant' ? 'NonCompliant' : outcome === 'compliant' ? 'Compliant' : 'NotApplicable';
}

describe('the preview evaluator agrees with the emulator on every built-in case', () => {
  const rows = contractDefinitions().flatMap(({ file, definition }) => (BUILT_IN_CASES[file] ?? []).map((c) => ({ file, definition, c })));

  test('every contract definition has cases', () => {
    expect(rows.length).toBeGreaterThan(40);
  });

  test.for(rows.map((r) => [r.file, r.c.label] as const))('%s: %s', ([file, label]) => {
    const row = rows.find((r) => r.file === file && r.c.label === label);
    if (!row) throw new Error('no case');
    const properties = row.definition.properties as { policyRule: unknown; parameters: ProposedDefinition['parameters']; mode?: string };
    const definition: ProposedDefinition = { policyRule: properties.policyRule, parameters: properties.parameters, ...(properties.mode ? { mode: properties.mode } : {}) };
    expect(verdict(definition, row.c.parameters ?? {}, row.c.build(RG))).toBe(row.c.expected);
  });
});
