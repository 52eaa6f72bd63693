import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { severityFromCvss, toFindingRecord } from '../../../src/azure/findings/index.js';
import { FIXTURES } from '../cards/support/card-checks.js';

/** Defender's three sub-assessment shapes, from the wire contracts, mapped to findings. */

type Json = Record<string, unknown>;
const contract = (file: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, 'contracts', 'security', file), 'utf8'));
const REGISTRY = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myRegistry';

/** The MDVM ARG row as a sub-assessment list item (ARG puts the same `properties` under the row). */
function mdvmRow(): Json {
  const [row] = contract('mdvm_AzureContainerRegistryVulnerability_ARG_subassessment_row__defender-docs.json') as Json[];
  return structuredClone(row as Json);
}

function withStatus(row: Json, status: Json, severity?: string): Json {
  const props = row.properties as Json;
  props.status = status;
  if (severity) ((props.additionalData as Json).vulnerabilityDetails as Json).severity = severity;
  return row;
}

describe('MDVM registry findings', () => {
  test('the exempt row of the contract is not an open finding, but still names its image', () => {
    const record = toFindingRecord(mdvmRow(), { scanner: 'registry', assessedResourceId: REGISTRY });
    expect(record?.open).toBe(false);
    expect(record?.image).toEqual({
      registryHost: 'ptebic.azurecr.io',
      repository: 'public/azureml/aifx/stable-ubuntu2004-cu117-py39-torch200',
      digest: 'sha256:4af8e6f002401a965bbe753a381af308b40d8947fad2b9e1f6a369aa81abee59',
    });
    expect(record?.tags).toEqual(['biweekly.202309.1']);
    expect(record?.lastPushed).toBe('2023-09-04T16:05:32.8223098Z');
  });

  test.for([
    ['Unhealthy', true],
    ['Healthy', false],
    ['NotApplicable', false],
  ] as const)('status %s → open %s', ([code, open]) => {
    const record = toFindingRecord(withStatus(mdvmRow(), { code, severity: 'High' }), { scanner: 'registry', assessedResourceId: REGISTRY });
    expect(record?.open).toBe(open);
  });

  test('Critical lives only in vulnerabilityDetails: status.severity says High, the finding is Critical', () => {
    const record = toFindingRecord(withStatus(mdvmRow(), { code: 'Unhealthy', severity: 'High' }, 'Critical'), { scanner: 'registry', assessedResourceId: REGISTRY });
    expect(record?.severity).toBe('Critical');
  });

  test('package, versions, fix state and CVE come from softwareDetails and vulnerabilityDetails', () => {
    const row = withStatus(mdvmRow(), { code: 'Unhealthy', severity: 'High' });
    const software = ((row.properties as Json).additionalData as Json).softwareDetails as Json;
    software.fixedVersion = '1.11.1';
    const record = toFindingRecord(row, { scanner: 'registry', assessedResourceId: REGISTRY });
    expect(record).toMatchObject({ id: 'CVE-2022-42969', cveId: 'CVE-2022-42969', packageName: 'py', installedVersion: '1.11.0.0', fixedVersion: '1.11.1', fixable: true, cvss: 7.5 });
  });

  test('exploit data comes from exploitabilityAssessment, and is absent rather than "none" when the scan has none', () => {
    const row = withStatus(mdvmRow(), { code: 'Unhealthy', severity: 'High' });
    const details = ((row.properties as Json).additionalData as Json).vulnerabilityDetails as Json;
    expect(toFindingRecord(row, { scanner: 'registry', assessedResourceId: REGISTRY })?.exploit).toEqual({ published: false, verified: false, inExploitKit: false });
    details.exploitabilityAssessment = { exploitStepsPublished: true, exploitStepsVerified: false, isInExploitKit: true, exploitUris: [], types: ['Remote'] };
    expect(toFindingRecord(row, { scanner: 'registry', assessedResourceId: REGISTRY })?.exploit).toEqual({ published: true, verified: false, inExploitKit: true });
    delete details.exploitabilityAssessment;
    expect(toFindingRecord(row, { scanner: 'registry', assessedResourceId: REGISTRY })?.exploit).toBeUndefined();
  });
});

describe('the older Qualys shape', () => {
  const item = (): Json => structuredClone(((contract('subAssessments_ListAll_ListSubscriptionSubAssessments_example.json') as Json).responses as Json)['200'] as Json).body as Json;

  test('severity falls back to the CVSS v3 base score; the image comes from the registry and additionalData', () => {
    const [raw] = (item().value as Json[]);
    const record = toFindingRecord(raw, { scanner: 'qualys', assessedResourceId: REGISTRY, registryHost: 'myregistry.azurecr.io' });
    // status.severity says High; CVSS 3.0 base 10 makes it Critical.
    expect(record?.severity).toBe('Critical');
    expect(record?.open).toBe(true);
    expect(record?.fixable).toBe(true);
    expect(record?.cveId).toBe('CVE-2019-12345');
    expect(record?.image).toEqual({ registryHost: 'myregistry.azurecr.io', repository: 'myRepo', digest: 'c186fc44-3154-4ce2-ba18-b719d895c3b0' });
  });

  test.for([
    [9.8, 'Critical'],
    [9.0, 'Critical'],
    [8.9, 'High'],
    [7.0, 'High'],
    [6.9, 'Medium'],
    [4.0, 'Medium'],
    [3.9, 'Low'],
  ] as const)('CVSS %s is %s', ([score, severity]) => {
    expect(severityFromCvss(score)).toBe(severity);
  });

  test('without vulnerabilityDetails or CVSS, status.severity is used', () => {
    const [raw] = item().value as Json[];
    delete ((raw as Json).properties as { additionalData: Json }).additionalData.cvss;
    expect(toFindingRecord(raw, { scanner: 'qualys', assessedResourceId: REGISTRY, registryHost: 'r.azurecr.io' })?.severity).toBe('High');
  });
});

describe('running-image findings', () => {
  test('placements come from the Kubernetes context, else from the resource path', () => {
    const row = withStatus(mdvmRow(), { code: 'Unhealthy', severity: 'High' });
    const props = row.properties as Json;
    (props.additionalData as Json).kubernetesContext = {
      workloads: [{ name: 'payments-api', kind: 'Deployment', namespace: 'payments', containers: [{ name: 'api', image: 'x' }] }],
    };
    const cluster = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks';
    expect(toFindingRecord(row, { scanner: 'runtime', assessedResourceId: cluster })?.placements).toEqual([
      { namespace: 'payments', kind: 'Deployment', name: 'payments-api', container: 'api' },
    ]);
    delete (props.additionalData as Json).kubernetesContext;
    (props.resourceDetails as Json).id = '/namespaces/web/deployments/storefront/containers/web';
    expect(toFindingRecord(row, { scanner: 'runtime', assessedResourceId: cluster })?.placements).toEqual([
      { namespace: 'web', kind: 'deployment', name: 'storefront', container: 'web' },
    ]);
  });

  test('something that names no image is skipped', () => {
    expect(toFindingRecord({ properties: { status: { code: 'Unhealthy' } } }, { scanner: 'registry', assessedResourceId: REGISTRY })).toBeUndefined();
    expect(toFindingRecord('nonsense', { scanner: 'registry', assessedResourceId: REGISTRY })).toBeUndefined();
  });
});
