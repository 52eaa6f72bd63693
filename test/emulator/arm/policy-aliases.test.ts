import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { KNOWN_ALIASES, resolveField, splitPath } from '../../../src/emulator/arm/policy-aliases.js';
import type { ArmResource } from '../../../src/emulator/http/types.js';
import { CONTRACT_POLICIES, contractDefinitions } from './policy-builtin-cases.js';

/**
 * Every alias the built-in definitions use resolves through the catalogue (never the fallback rule),
 * and the registry aliases lead to properties ACR's OpenAPI definitions (2025-04-01) declare, except
 * those that newer api-versions added and the 2025-04-01 schema lacks.
 */

type Json = Record<string, unknown>;

/** `field` values anywhere in a policy rule (conditions, counts, operations), except `type`. */
function fieldsOf(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => fieldsOf(n, out));
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k.toLowerCase() === 'field' && typeof v === 'string' && !v.startsWith('[') && v.toLowerCase() !== 'type') out.add(v);
      else if (k !== 'deployment') fieldsOf(v, out);
    }
  }
  return out;
}

const schema = JSON.parse(
  `{${readFileSync(path.resolve(CONTRACT_POLICIES, '../containerregistry/containerregistry_2025-04-01_openapi_EXTRACT_registry_definitions.jsonfrag'), 'utf8')}}`,
) as Record<string, Json>;

/** Follows a body path through the OpenAPI definitions; undefined where the schema has no such property. */
function schemaAt(definition: string, segments: string[]): Json | undefined {
  let node: Json | undefined = schema[definition];
  for (const segment of segments) {
    const ref = typeof node?.$ref === 'string' ? node.$ref.split('/').pop() : undefined;
    if (ref) node = schema[ref];
    if (segment === '[*]') {
      node = node?.items as Json | undefined;
      continue;
    }
    node = (node?.properties as Record<string, Json> | undefined)?.[segment];
  }
  return node;
}

/** Registry properties the 2025-04-01 schema lacks: newer api-versions (the SDK sends 2025-11-01) return them. */
const NEWER_THAN_STABLE = ['properties.anonymousPullEnabled', 'properties.policies.azureADAuthenticationAsArmPolicy'];

function resourceOfAliasType(alias: string): ArmResource {
  const type = alias.slice(0, alias.lastIndexOf('/'));
  return { id: `/subscriptions/s/resourceGroups/rg/providers/${type}/x`, type };
}

describe('aliases', () => {
  const used = [...new Set(contractDefinitions().flatMap(({ definition }) => [...fieldsOf((definition.properties as Json).policyRule)]))].sort();

  test('the built-ins use the aliases the catalogue lists', () => {
    expect(used.length).toBeGreaterThan(10);
    const known = new Set(Object.keys(KNOWN_ALIASES).map((a) => a.toLowerCase()));
    expect(used.filter((a) => !known.has(a.toLowerCase()))).toEqual([]);
  });

  test.for(used)('%s resolves to an exact path on its own type only', (alias) => {
    const resolved = resolveField(resourceOfAliasType(alias), alias);
    expect(resolved?.exact).toBe(true);
    expect(resolveField({ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x', type: 'Microsoft.Storage/storageAccounts' }, alias)).toBeUndefined();
  });

  const registryAliases = Object.entries(KNOWN_ALIASES).filter(([a]) => a.toLowerCase().startsWith('microsoft.containerregistry/registries/') && !a.slice(39).includes('/'));
  test.for(registryAliases)('%s → %s exists in ACR’s schema', ([, target]) => {
    const segments = splitPath(target);
    const declared = schemaAt('Registry', segments);
    if (NEWER_THAN_STABLE.some((p) => target.startsWith(p))) expect(declared).toBeUndefined();
    else expect(declared, target).toBeDefined();
  });

  test('aliases and tag names ignore case; fields of other types do not exist here', () => {
    const reg: ArmResource = { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r', type: 'Microsoft.ContainerRegistry/registries' };
    expect(resolveField(reg, 'MICROSOFT.CONTAINERREGISTRY/REGISTRIES/ENCRYPTION.STATUS')?.segments).toEqual(['properties', 'encryption', 'status']);
    expect(resolveField(reg, "tags['Env']")?.segments).toEqual(['tags', 'Env']);
    expect(resolveField(reg, 'Microsoft.ContainerRegistry/registries/tokens/status')).toBeUndefined();
    expect(resolveField(reg, 'Microsoft.ContainerRegistry/registries/somethingNew.value')).toEqual({ segments: ['properties', 'somethingNew', 'value'], exact: false });
  });
});
