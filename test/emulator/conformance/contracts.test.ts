import { describe, expect, test } from 'vitest';
import { exampleBody, openApiValidator } from './support/contracts.js';

/** The schema checks the conformance tests rely on accept the REST examples and reject broken bodies. */

type Json = Record<string, unknown>;

describe('OpenAPI validators', () => {
  test('Registry: the example passes; wrong types and unknown enum values fail', () => {
    const valid = openApiValidator('containerregistry/containerregistry_2025-04-01_openapi_EXTRACT_registry_definitions.jsonfrag', 'Registry');
    const example = exampleBody<Json>('containerregistry/Registries_Get_RegistryGet_2025-04-01.json');
    expect(valid(example)).toBe(true);
    expect(valid({ ...example, sku: { name: 42 } })).toBe(false);
    expect(valid({ ...example, properties: { ...(example.properties as Json), adminUserEnabled: 'yes' } })).toBe(false);
    expect(valid({ ...example, properties: { ...(example.properties as Json), publicNetworkAccess: 'Sometimes' } })).toBe(false);
  });

  test('SecuritySubAssessment: severity stays Low/Medium/High; newer assessedResourceTypes are accepted', () => {
    const valid = openApiValidator('security/subAssessments_2019-01-01-preview_openapi.json', 'SecuritySubAssessment', ['assessedResourceType']);
    const example = exampleBody<Json>('security/subAssessments_Get_GetSubAssessment_example.json');
    expect(valid(example)).toBe(true);
    const props = example.properties as Json;
    expect(valid({ ...example, properties: { ...props, status: { code: 'Unhealthy', severity: 'Critical' } } })).toBe(false);
    expect(valid({ ...example, properties: { ...props, additionalData: { assessedResourceType: 'AzureContainerRegistryVulnerability' } } })).toBe(true);
    expect(valid({ ...example, properties: { ...props, additionalData: {} } })).toBe(false);
  });

  test('PolicyAssignment: enforcementMode is checked', () => {
    const valid = openApiValidator('policy/policyAssignments_2025-03-01_openapi.json', 'PolicyAssignment');
    const example = exampleBody<Json>('policy/policyAssignments_Get_getPolicyAssignment_2025-03-01.json');
    expect(valid(example)).toBe(true);
    expect(valid({ ...example, properties: { ...(example.properties as Json), enforcementMode: 'Sometimes' } })).toBe(false);
  });
});
