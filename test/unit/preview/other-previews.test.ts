import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { previewSummary } from '../../../src/azure/changes/policy-preview-words.js';
import { previewPolicy, type ClusterView, type ProposedDefinition, type RunningContainer } from '../../../src/domain/preview/index.js';

/** Previews of the built-ins beyond registry settings: Kubernetes, Defender assessments, tokens, DeployIfNotExists. */

const ROOT = path.resolve('src/emulator/builtins/policy-definitions');
const ACR = 'Microsoft.ContainerRegistry/registries';
const AKS = 'Microsoft.ContainerService/managedClusters';
type Json = Record<string, unknown>;

function definition(folder: string, file: string): ProposedDefinition {
  const d = JSON.parse(readFileSync(path.join(ROOT, folder, `${file}.json`), 'utf8')) as { properties: ProposedDefinition };
  return d.properties;
}

const registry = (name: string, sku: string, properties: Json = {}): Json => ({ id: `/subscriptions/s/resourceGroups/g/providers/${ACR}/${name}`, name, type: ACR, sku: { name: sku }, properties });
const aks = (name: string): Json => ({ id: `/subscriptions/s/resourceGroups/g/providers/${AKS}/${name}`, name, type: AKS, properties: {} });
const running = (namespace: string, image: string, privileged = false): RunningContainer => ({ namespace, workload: 'app', container: 'main', image, privileged });
const view = (name: string, policyAddon: boolean, containers: RunningContainer[]): ClusterView => ({ id: String(aks(name).id), name, policyAddon, containers });

describe('Kubernetes built-ins', () => {
  const clusters = [
    view('off', false, [running('web', 'docker.io/library/nginx:1')]),
    view('mixed', true, [running('web', 'contoso.azurecr.io/web:1'), running('web', 'docker.io/library/nginx:1', true)]),
    view('clean', true, [running('web', 'contoso.azurecr.io/web:1')]),
    view('system-only', true, [running('kube-system', 'mcr.microsoft.com/oss/kube-proxy:1', true)]),
    view('unseen', true, []),
  ];
  const resources = clusters.map((c) => aks(c.name));
  const outcomes = (d: ProposedDefinition, params: Json): Record<string, string> => {
    const preview = previewPolicy(d, params, resources, undefined, { clusters });
    if (preview.kind !== 'evaluated') throw new Error(preview.kind);
    return Object.fromEntries(preview.resources.map((r) => [r.name, r.outcome]));
  };

  test('allowed images: the regex against running images; no add-on or nothing visible reports nothing; kube-system is excluded by default', () => {
    expect(outcomes(definition('Kubernetes', 'ContainerAllowedImages'), { allowedContainerImagesRegex: '^[^/]+\\.azurecr\\.io/.+$' })).toEqual({
      off: 'not-reported', mixed: 'non-compliant', clean: 'compliant', 'system-only': 'not-reported', unseen: 'not-reported',
    });
  });

  test('no privilege: privileged flags where the running data carries them', () => {
    expect(outcomes(definition('Kubernetes', 'ContainerNoPrivilege'), {})).toEqual({
      off: 'not-reported', mixed: 'non-compliant', clean: 'compliant', 'system-only': 'not-reported', unseen: 'not-reported',
    });
  });

  test('the card says what the preview cannot see: unscanned containers, unreported privileged flags, pod labels', () => {
    const d = definition('Kubernetes', 'ContainerNoPrivilege');
    const inputs = { judged: resources, context: { clusters }, noun: { one: 'cluster', many: 'clusters' }, names: new Map<string, string>() };
    const plain = previewPolicy(d, {}, resources, undefined, { clusters });
    if (plain.kind !== 'evaluated') throw new Error(plain.kind);
    const words = previewSummary(plain, inputs, d, {});
    expect(words.summary).toMatch(/5 clusters in scope\. Once assigned, 1 would be non-compliant with this policy \(mixed\)\. It would report nothing for off: the Azure Policy add-on is off, .+\. It would report nothing for system-only, unseen: no running container in scope is visible through Defender/);
    expect(words.summary).toMatch(/containers whose images Defender has not scanned, and privileged flags it does not report, are not visible to it/);
    expect(words.summary).not.toMatch(/labelSelector/);
    const labelled = { labelSelector: { matchLabels: { team: 'payments' } } };
    expect(previewSummary(plain, inputs, d, labelled).summary).toMatch(/The labelSelector is not applied in the preview/);
  });

  test('a cluster without the add-on says why and what it needs', () => {
    const preview = previewPolicy(definition('Kubernetes', 'ContainerNoPrivilege'), {}, resources, undefined, { clusters });
    const off = preview.kind === 'evaluated' ? preview.resources.find((r) => r.name === 'off') : undefined;
    expect(off?.why).toMatch(/Azure Policy add-on is off/);
    expect(off?.blocked).toMatch(/needs the Azure Policy add-on/);
  });
});

describe('AuditIfNotExists over Defender assessments', () => {
  const key = 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5';
  const assessed: Record<string, string | undefined> = { healthy: 'Healthy', unhealthy: 'Unhealthy', none: undefined, exempt: 'NotApplicable' };
  const related = (resource: Json): Json[] => {
    const code = assessed[String(resource.name)];
    return code ? [{ id: `${String(resource.id)}/providers/Microsoft.Security/assessments/${key}`, name: key, type: 'Microsoft.Security/assessments', properties: { status: { code } } }] : [];
  };

  test('healthy or not applicable complies; unhealthy and not assessed do not', () => {
    const preview = previewPolicy(definition('SecurityCenter', 'MDC_AzureContainerRegistryVulnerabilityAssessment_Audit'), {}, Object.keys(assessed).map((n) => registry(n, 'Premium')), undefined, { related });
    expect(preview.kind === 'evaluated' && Object.fromEntries(preview.resources.map((r) => [r.name, r.outcome]))).toEqual({
      healthy: 'compliant', unhealthy: 'non-compliant', none: 'non-compliant', exempt: 'compliant',
    });
  });

  test('a resource Defender has not assessed cannot comply through the assignment alone', () => {
    const preview = previewPolicy(definition('SecurityCenter', 'MDC_AzureContainerRegistryVulnerabilityAssessment_Audit'), {}, [registry('none', 'Basic'), registry('unhealthy', 'Basic')], undefined, { related });
    expect(preview.kind === 'evaluated' && preview.resources.map((r) => [r.name, r.why, r.blocked])).toEqual([
      ['none', 'no Defender assessment exists', 'needs Defender for Cloud to assess it first'],
      ['unhealthy', 'its Defender assessment is Unhealthy', undefined],
    ]);
  });

  test('without the assessments read, it says it cannot tell', () => {
    expect(previewPolicy(definition('SecurityCenter', 'MDC_AzureContainerRegistryVulnerabilityAssessment_Audit'), {}, [registry('a', 'Basic')]).kind).toBe('not-previewable');
  });
});

describe('tokens, judged as resources of their own', () => {
  test('an enabled token is non-compliant, a disabled one compliant', () => {
    const token = (name: string, status: string): Json => ({ id: `${String(registry('r', 'Premium').id)}/tokens/${name}`, name, type: `${ACR}/tokens`, properties: { status } });
    const preview = previewPolicy(definition('ContainerRegistry', 'ACR_TokenDisabled_AuditDeny'), {}, [token('on', 'enabled'), token('off', 'disabled')]);
    expect(preview.kind === 'evaluated' && preview.resources.map((r) => r.outcome)).toEqual(['non-compliant', 'compliant']);
  });
});

describe('private endpoints, DeployIfNotExists', () => {
  const dine = definition('ContainerRegistry', 'ACR_PrivateEndpoint_DINE');
  const approved = { privateEndpointConnections: [{ properties: { privateLinkServiceConnectionState: { status: 'Approved' } } }] };
  const resources = [registry('basic', 'Basic'), registry('bare', 'Premium'), registry('linked', 'Premium', approved)];
  const subnet = '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/pe';

  test('Premium registries without an approved endpoint would be non-compliant; others below Premium are not judged and need the SKU', () => {
    const preview = previewPolicy(dine, { privateEndpointSubnetId: subnet }, resources, 'private-link');
    expect(preview.kind === 'evaluated' && preview.resources.map((r) => [r.name, r.outcome, r.blocked])).toEqual([
      ['basic', 'not-reported', 'private link needs the Premium SKU; it is Basic'],
      ['bare', 'non-compliant', undefined],
      ['linked', 'compliant', undefined],
    ]);
  });

  test('the card says when DINE deploys, and refuses to hide a subnet id that cannot work', () => {
    const inputs = { judged: resources, context: {}, noun: { one: 'registry', many: 'registries' }, names: new Map<string, string>() };
    const good = previewPolicy(dine, { privateEndpointSubnetId: subnet }, resources, 'private-link');
    const bad = previewPolicy(dine, { privateEndpointSubnetId: 'vnet-1/pe' }, resources, 'private-link');
    if (good.kind !== 'evaluated' || bad.kind !== 'evaluated') throw new Error('not evaluated');
    const goodWords = previewSummary(good, inputs, dine, { privateEndpointSubnetId: subnet });
    expect(goodWords.summary).toMatch(/3 registries in scope\. Once assigned, 1 would be non-compliant with this policy \(bare\)\./);
    expect(goodWords.summary).toMatch(/through a remediation task, which ShipShape can start/);
    expect(goodWords.summary).not.toMatch(/is not a subnet id/);
    expect(previewSummary(bad, inputs, dine, { privateEndpointSubnetId: 'vnet-1/pe' }).summary).toMatch(/privateEndpointSubnetId “vnet-1\/pe” is not a subnet id, so every deployment it starts would fail\./);
  });
});

describe('private DNS zones, DeployIfNotExists over private endpoints', () => {
  const dns = definition('ContainerRegistry', 'ACR_PrivateDNSZone_DINE');
  const PE = 'Microsoft.Network/privateEndpoints';
  const endpoint = (name: string, groupIds: string[]): Json => ({
    id: `/subscriptions/s/resourceGroups/net/providers/${PE}/${name}`, name, type: PE,
    properties: { privateLinkServiceConnections: [{ name: 'c', properties: { groupIds } }] },
  });
  const zoned = new Set(['zoned']);
  const related = (resource: Json, type: string): Json[] | undefined =>
    type.toLowerCase() === `${PE}/privateDnsZoneGroups`.toLowerCase() ? (zoned.has(String(resource.name)) ? [{ id: `${String(resource.id)}/privateDnsZoneGroups/default`, name: 'default', type }] : []) : undefined;
  const zone = '/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/privateDnsZones/privatelink.azurecr.io';

  test('registry endpoints without a DNS zone group would be non-compliant; endpoints of other services are not judged', () => {
    const preview = previewPolicy(dns, { privateDnsZoneId: zone }, [endpoint('zoned', ['registry']), endpoint('bare', ['registry']), endpoint('blob', ['blob'])], 'private-dns', { related });
    expect(preview.kind === 'evaluated' && preview.resources.map((r) => [r.name, r.outcome])).toEqual([['zoned', 'compliant'], ['bare', 'non-compliant'], ['blob', 'not-reported']]);
  });

  test('a zone id that is not one, or the wrong zone, is called out', () => {
    const resources = [endpoint('bare', ['registry'])];
    const inputs = { judged: resources, context: { related }, noun: { one: 'private endpoint', many: 'private endpoints' }, names: new Map<string, string>() };
    const summary = (zoneId: string): string => {
      const preview = previewPolicy(dns, { privateDnsZoneId: zoneId }, resources, 'private-dns', { related });
      if (preview.kind !== 'evaluated') throw new Error(preview.kind);
      return previewSummary(preview, inputs, dns, { privateDnsZoneId: zoneId }).summary;
    };
    expect(summary(zone)).not.toMatch(/would fail|would not resolve/);
    expect(summary('privatelink.azurecr.io')).toMatch(/privateDnsZoneId “privatelink\.azurecr\.io” is not a private DNS zone id/);
    expect(summary(zone.replace('privatelink.azurecr.io', 'privatelink.blob.core.windows.net'))).toMatch(/the zone “privatelink\.blob\.core\.windows\.net” would not resolve them/);
  });
});
