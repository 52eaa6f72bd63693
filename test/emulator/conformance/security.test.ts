import { SecurityCenter } from '@azure/arm-security';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertValid, exampleBody, openApiValidator, readContract } from './support/contracts.js';
import { all, caught } from './support/calls.js';
import { startTestEmulator, type TestEmulator } from './support/emulator.js';
import { registry, resourceGroup, ROLE, roleAssignment, SUB, subscription, tenantOf, WHO, type Resource } from './support/tenant.js';

/** Defender for Cloud assessments and sub-assessments through @azure/arm-security. */

const OPENAPI = 'security/subAssessments_2019-01-01-preview_openapi.json';
// Defender's MDVM findings use an assessedResourceType newer than the 2019 document's enum.
const validFinding = openApiValidator(OPENAPI, 'SecuritySubAssessment', ['assessedResourceType']);
const validFindingList = openApiValidator(OPENAPI, 'SecuritySubAssessmentList', ['assessedResourceType']);

const getExample = exampleBody<Resource>('security/subAssessments_Get_GetSubAssessment_example.json');
const listExample = exampleBody<{ value: Resource[] }>('security/subAssessments_List_ListSubAssessments_example.json');
const listAllExample = exampleBody<{ value: Resource[] }>('security/subAssessments_ListAll_ListSubscriptionSubAssessments_example.json');
const assessmentExample = exampleBody<Resource>('security/assessments_Get_GetAssessment_example.json');
const assessmentList = exampleBody<{ value: Resource[] }>('security/assessments_List_ListAssessments_example.json');

const RG = `/subscriptions/${SUB.security}/resourceGroups/myRg`;
const REGISTRY = `${RG}/providers/Microsoft.ContainerRegistry/registries/myRegistry`;
const QUALYS_KEY = '21300918-b2e3-0346-785f-c77ff57d243b';
const MDVM_KEY = 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5';
const OTHER_REGISTRY = `/subscriptions/${SUB.security}/resourceGroups/otherRg/providers/Microsoft.ContainerRegistry/registries/other`;

/** The documented ARG row of an MDVM finding, as the ARM body it stands for (ARG-only columns dropped). */
function mdvmFinding(registryId: string, name: string): Resource {
  const [row] = readContract('security/mdvm_AzureContainerRegistryVulnerability_ARG_subassessment_row__defender-docs.json') as unknown as [Resource];
  return {
    id: `${registryId}/providers/Microsoft.Security/assessments/${MDVM_KEY}/subAssessments/${name}`,
    name,
    type: 'Microsoft.Security/assessments/subAssessments',
    properties: row.properties,
  };
}

const extraFindings = ['f1', 'f2', 'f3', 'f4', 'f5'].map((n) => mdvmFinding(REGISTRY, n));
const otherFinding = mdvmFinding(OTHER_REGISTRY, 'o1');

const tenant = tenantOf([
  subscription(SUB.security, 'Security'),
  resourceGroup(SUB.security, 'myRg'),
  resourceGroup(SUB.security, 'otherRg'),
  registry(SUB.security, 'myRg', 'myRegistry'),
  registry(SUB.security, 'otherRg', 'other'),
  getExample,
  ...listExample.value,
  ...extraFindings,
  otherFinding,
  ...assessmentList.value,
  roleAssignment(`/subscriptions/${SUB.security}`, WHO.reader, ROLE.reader),
  roleAssignment(`/subscriptions/${SUB.security}`, WHO.groupMember, ROLE.securityReader),
  roleAssignment(RG, WHO.rgReader, ROLE.reader),
]);

let env: TestEmulator;
beforeAll(async () => {
  env = await startTestEmulator(tenant, { pageSize: 2 });
});
afterAll(async () => env?.close());

const client = async (who: string) => new SecurityCenter(await env.user(who), SUB.security, env.clientOptions);



describe('sub-assessments', () => {
  test('get: the REST example reads back identical and matches the OpenAPI document', async () => {
    const raw = await env.arm(await env.user(WHO.reader), 'GET', `/${String(getExample.id).slice(1)}?api-version=2019-01-01-preview`);
    expect(raw.body).toEqual(getExample);
    assertValid(validFinding, raw.body, 'sub-assessment');
    const sdk = await (await client(WHO.reader)).subAssessments.get(REGISTRY, QUALYS_KEY, '8c98f353-8b41-4e77-979b-6adeecd5d168');
    expect(sdk.status?.code).toBe('Unhealthy');
    expect(sdk.displayName).toBe("'Back Orifice' Backdoor");
  });

  test('list (one assessment key, scope above the resource) returns the example identical', async () => {
    const scope = `subscriptions/${SUB.security}`;
    const raw = await env.arm(await env.user(WHO.reader), 'GET', `/${scope}/providers/Microsoft.Security/assessments/82e20e14-edc5-4373-bfc4-f13121257c37/subAssessments?api-version=2019-01-01-preview`);
    expect(raw.body).toEqual(listExample);
    assertValid(validFindingList, raw.body, 'sub-assessment list');
  });

  test('list for one registry and key pages through its findings with the SDK', async () => {
    const found = await all((await client(WHO.reader)).subAssessments.list(REGISTRY, MDVM_KEY));
    expect(found.map((f) => f.name)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
    for (const f of found) expect(f.status?.cause).toBe('Exempt');
  });

  test('listAll at a subscription: every finding for a reader, only readable ones for others', async () => {
    const everything = await all((await client(WHO.reader)).subAssessments.listAll(`subscriptions/${SUB.security}`));
    expect(everything.map((f) => f.name)).toEqual(['8c98f353-8b41-4e77-979b-6adeecd5d168', '8fbe5054-e97c-3a7a-fda7-c8308ca8d3cf', 'f1', 'f2', 'f3', 'f4', 'f5', 'o1']);
    // Security Reader through a role at the subscription reads findings too.
    expect(await all((await client(WHO.groupMember)).subAssessments.listAll(`/subscriptions/${SUB.security}`))).toHaveLength(8);
    const partial = await all((await client(WHO.rgReader)).subAssessments.listAll(`subscriptions/${SUB.security}`));
    expect(partial.map((f) => f.name)).toEqual(['8c98f353-8b41-4e77-979b-6adeecd5d168', 'f1', 'f2', 'f3', 'f4', 'f5']);
    for (const f of partial) expect(f.id?.startsWith(RG)).toBe(true);
  });

  test('403 without any access, 403 outside one’s group, 404 for a missing finding', async () => {
    const none = await caught(all((await client(WHO.nobody)).subAssessments.listAll(`subscriptions/${SUB.security}`)));
    expect([none.statusCode, none.code]).toEqual([403, 'AuthorizationFailed']);
    const outside = await caught((await client(WHO.rgReader)).subAssessments.get(OTHER_REGISTRY, MDVM_KEY, 'o1'));
    expect(outside.statusCode).toBe(403);
    expect(outside.message).toContain("'Microsoft.Security/assessments/subAssessments/read'");
    const missing = await caught((await client(WHO.reader)).subAssessments.get(REGISTRY, MDVM_KEY, 'nope'));
    expect([missing.statusCode, missing.code]).toEqual([404, 'ResourceNotFound']);
  });
});

describe('sub-assessments listAll example', () => {
  // The listAll example describes the same finding id as the get example with other fields, so it gets its own tenant.
  let single: TestEmulator;
  beforeAll(async () => {
    single = await startTestEmulator(
      tenantOf([subscription(SUB.security, 'Security'), ...listAllExample.value, roleAssignment(`/subscriptions/${SUB.security}`, WHO.reader, ROLE.reader)]),
    );
  });
  afterAll(async () => single?.close());

  test('reads back identical', async () => {
    const raw = await single.arm(await single.user(WHO.reader), 'GET', `/subscriptions/${SUB.security}/providers/Microsoft.Security/subAssessments?api-version=2019-01-01-preview`);
    expect(raw.body).toEqual(listAllExample);
    assertValid(validFindingList, raw.body, 'listAll');
  });
});

describe('assessments', () => {
  test('get and list return the REST examples identical', async () => {
    const reader = await env.user(WHO.reader);
    const get = await env.arm(reader, 'GET', `${String(assessmentExample.id)}?api-version=2021-06-01`);
    expect(get.body).toEqual(assessmentExample);
    const list = await env.arm(reader, 'GET', `/subscriptions/${SUB.security}/providers/Microsoft.Security/assessments?api-version=2021-06-01`);
    expect(list.body).toEqual(assessmentList);
  });

  test('through the SDK, with read filtering by resource group', async () => {
    const vmss2 = `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss2`;
    const one = await (await client(WHO.reader)).assessments.get(vmss2, QUALYS_KEY);
    expect(one.status?.code).toBe('NotApplicable');
    const listed = await all((await client(WHO.rgReader)).assessments.list(`subscriptions/${SUB.security}/resourceGroups/myRg`));
    expect(listed).toHaveLength(2);
    const denied = await caught((await client(WHO.nobody)).assessments.get(vmss2, QUALYS_KEY));
    expect(denied.statusCode).toBe(403);
  });
});
