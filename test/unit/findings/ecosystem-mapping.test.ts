import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { toFindingRecord } from '../../../src/azure/findings/index.js';
import { FIXTURES } from '../cards/support/card-checks.js';

/** The package's ecosystem comes from MDVM's softwareDetails: `language` for language packages, `os` for distribution ones. */
type Json = Record<string, unknown>;
const REGISTRY = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myRegistry';

function row(): Json {
  const file = path.join(FIXTURES, 'contracts', 'security', 'mdvm_AzureContainerRegistryVulnerability_ARG_subassessment_row__defender-docs.json');
  const [first] = JSON.parse(readFileSync(file, 'utf8')) as Json[];
  return structuredClone(first as Json);
}

function software(r: Json): Json {
  return ((r.properties as Json).additionalData as Json).softwareDetails as Json;
}

describe('package ecosystems', () => {
  test('the contract row is a python package', () => {
    expect(toFindingRecord(row(), { scanner: 'registry', assessedResourceId: REGISTRY })?.ecosystem).toBe('python');
  });

  test('an OS package without a language is "os"; nothing said is nothing assumed', () => {
    const os = row();
    delete software(os).language;
    software(os).category = 'OS';
    expect(toFindingRecord(os, { scanner: 'registry', assessedResourceId: REGISTRY })?.ecosystem).toBe('os');
    const bare = row();
    delete software(bare).language;
    delete software(bare).category;
    expect(toFindingRecord(bare, { scanner: 'registry', assessedResourceId: REGISTRY })?.ecosystem).toBeUndefined();
  });
});
