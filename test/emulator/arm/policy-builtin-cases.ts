import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * For every built-in definition in the contracts folder: resources it must find compliant, resources it
 * must find non-compliant, and resources it must not judge at all. Each case builds its resources in a
 * resource group of its own, so the same table runs against the evaluator and against the emulator.
 */

type Json = Record<string, unknown>;
export type Resource = Json & { id: string };
export type Expected = 'Compliant' | 'NonCompliant' | 'NotApplicable';

export interface BuiltInCase {
  label: string;
  /** The judged resource first, then related ones (assessments, children, findings). */
  build(rg: string): Resource[];
  expected: Expected;
  parameters?: Json;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const CONTRACT_POLICIES = path.resolve(here, '../../fixtures/contracts/azure-policy');

/** `ACR_AdminAccountDisabled_AuditDeny` → the definition's GUID name, read from the contract file. */
export function contractDefinitions(): Array<{ file: string; name: string; definition: Json }> {
  return readdirSync(CONTRACT_POLICIES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(CONTRACT_POLICIES, d.name)).map((f) => path.join(d.name, f)))
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const definition = JSON.parse(readFileSync(path.join(CONTRACT_POLICIES, f), 'utf8')) as Json;
      return { file: path.basename(f, '.json'), name: String(definition.name), definition };
    });
}

const ACR = 'Microsoft.ContainerRegistry/registries';

function registry(rg: string, properties: Json = {}, sku = 'Premium'): Resource {
  return {
    id: `${rg}/providers/${ACR}/reg`,
    name: 'reg',
    type: ACR,
    location: 'westeurope',
    sku: { name: sku, tier: sku },
    properties: {
      adminUserEnabled: false,
      networkRuleSet: { defaultAction: 'Allow', ipRules: [] },
      policies: { quarantinePolicy: { status: 'disabled' }, trustPolicy: { type: 'Notary', status: 'disabled' }, exportPolicy: { status: 'enabled' } },
      encryption: { status: 'disabled' },
      privateEndpointConnections: [],
      publicNetworkAccess: 'Enabled',
      ...properties,
    },
  };
}

function connection(rg: string, status: string): Json {
  return {
    id: `${rg}/providers/${ACR}/reg/privateEndpointConnections/pe-reg.1`,
    name: 'pe-reg.1',
    type: `${ACR}/privateEndpointConnections`,
    properties: { privateEndpoint: { id: `${rg}/providers/Microsoft.Network/privateEndpoints/pe-reg` }, privateLinkServiceConnectionState: { status } },
  };
}

const child = (rg: string, type: string, properties: Json = {}): Resource => ({ id: `${rg}/providers/${ACR}/reg/${type}/one`, name: 'one', type: `${ACR}/${type}`, properties });

function assessment(resourceId: string, key: string, code: string): Resource {
  return { id: `${resourceId}/providers/Microsoft.Security/assessments/${key}`, name: key, type: 'Microsoft.Security/assessments', properties: { status: { code } } };
}

/** An AKS cluster; Kubernetes policies judge it only while the Azure Policy add-on runs. */
function cluster(rg: string, policyAddon = true): Resource {
  return {
    id: `${rg}/providers/Microsoft.ContainerService/managedClusters/aks`, name: 'aks', type: 'Microsoft.ContainerService/managedClusters', location: 'westeurope',
    properties: { addonProfiles: { azurepolicy: { enabled: policyAddon } } },
  };
}

/** A Defender running-image finding telling which containers run on the cluster. */
function runningImage(rg: string, namespace: string, image: string, privileged = false): Resource {
  const clusterId = cluster(rg).id;
  const name = `${namespace}-${image.replace(/[^a-z0-9]/gi, '')}`.slice(0, 60);
  return {
    id: `${clusterId}/providers/Microsoft.Security/assessments/c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5/subAssessments/${name}`,
    name,
    type: 'Microsoft.Security/assessments/subAssessments',
    properties: {
      status: { code: 'Unhealthy', severity: 'High' },
      resourceDetails: { id: `/namespaces/${namespace}/deployments/app/containers/app`, source: 'Azure' },
      additionalData: {
        assessedResourceType: 'AzureContainerVulnerability',
        kubernetesContext: {
          workloads: [{ name: 'app', kind: 'Deployment', namespace, containers: [{ name: 'app', image, ...(privileged ? { securityContext: { privileged: true } } : {}) }] }],
        },
      },
    },
  };
}

function privateEndpoint(rg: string, groupIds: string[], withZoneGroup: boolean): Resource[] {
  const id = `${rg}/providers/Microsoft.Network/privateEndpoints/pe`;
  const pe: Resource = { id, name: 'pe', type: 'Microsoft.Network/privateEndpoints', location: 'westeurope', properties: { privateLinkServiceConnections: [{ name: 'c', properties: { groupIds } }] } };
  const zone: Resource = { id: `${id}/privateDnsZoneGroups/deployedByPolicy`, name: 'deployedByPolicy', type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups', properties: {} };
  return withZoneGroup ? [pe, zone] : [pe];
}

const aad = (status?: string) => ({ policies: { azureADAuthenticationAsArmPolicy: status === undefined ? {} : { status } } });
const ARM_TOKENS: BuiltInCase[] = [
  { label: 'policy absent', build: (rg) => [registry(rg)], expected: 'NonCompliant' },
  { label: 'status absent', build: (rg) => [registry(rg, aad())], expected: 'NonCompliant' },
  { label: 'status enabled', build: (rg) => [registry(rg, aad('enabled'))], expected: 'NonCompliant' },
  { label: 'status disabled', build: (rg) => [registry(rg, aad('disabled'))], expected: 'Compliant' },
];
const ADMIN: BuiltInCase[] = [
  { label: 'admin user on', build: (rg) => [registry(rg, { adminUserEnabled: true })], expected: 'NonCompliant' },
  { label: 'admin user off', build: (rg) => [registry(rg, { adminUserEnabled: false })], expected: 'Compliant' },
];
const ANONYMOUS: BuiltInCase[] = [
  { label: 'anonymous pull on', build: (rg) => [registry(rg, { anonymousPullEnabled: true })], expected: 'NonCompliant' },
  { label: 'anonymous pull off', build: (rg) => [registry(rg, { anonymousPullEnabled: false })], expected: 'Compliant' },
  { label: 'anonymousPullEnabled absent (older api-version)', build: (rg) => [registry(rg)], expected: 'Compliant' },
];
const PUBLIC: BuiltInCase[] = [
  { label: 'public network Enabled', build: (rg) => [registry(rg)], expected: 'NonCompliant' },
  { label: 'public network Disabled', build: (rg) => [registry(rg, { publicNetworkAccess: 'Disabled' })], expected: 'Compliant' },
  { label: 'public network "disabled" (other casing)', build: (rg) => [registry(rg, { publicNetworkAccess: 'disabled' })], expected: 'Compliant' },
];
const TOKENS: BuiltInCase[] = [
  { label: 'scoped token enabled', build: (rg) => [child(rg, 'tokens', { status: 'enabled' }), registry(rg)], expected: 'NonCompliant' },
  { label: 'scoped token disabled', build: (rg) => [child(rg, 'tokens', { status: 'disabled' }), registry(rg)], expected: 'Compliant' },
];
const assessed = (type: 'registry' | 'cluster', key: string): BuiltInCase[] => {
  const target = (rg: string) => (type === 'registry' ? registry(rg) : cluster(rg));
  return [
    { label: 'assessment Unhealthy', build: (rg) => [target(rg), assessment(target(rg).id, key, 'Unhealthy')], expected: 'NonCompliant' },
    { label: 'assessment Healthy', build: (rg) => [target(rg), assessment(target(rg).id, key, 'Healthy')], expected: 'Compliant' },
    { label: 'assessment NotApplicable', build: (rg) => [target(rg), assessment(target(rg).id, key, 'NotApplicable')], expected: 'Compliant' },
    { label: 'no assessment', build: (rg) => [target(rg)], expected: 'NonCompliant' },
  ];
};
const IF_NOT_EXISTS = { effect: 'AuditIfNotExists' };
const ALLOWED = { allowedContainerImagesRegex: '^contoso\\.azurecr\\.io/.+$', effect: 'Audit' };

/** Cases by contract file name; a definition without cases fails the coverage test. */
export const BUILT_IN_CASES: Readonly<Record<string, BuiltInCase[]>> = {
  ACR_AADAuthenticationAsArmDisabled_Modify: ARM_TOKENS,
  ACR_AADAuthenticationAsArmPolicy_AuditDeny: ARM_TOKENS,
  ACR_AdminAccountDisabled_AuditDeny: ADMIN,
  ACR_AdminAccountDisabled_Modify: ADMIN,
  ACR_AnonymousPullDisabled_AuditDeny: ANONYMOUS,
  ACR_AnonymousPullDisabled_Modify: ANONYMOUS,
  ACR_CMKEncryptionEnabled_Audit: [
    { label: 'encryption disabled', build: (rg) => [registry(rg)], expected: 'NonCompliant' },
    { label: 'encryption enabled', build: (rg) => [registry(rg, { encryption: { status: 'enabled', keyVaultProperties: { keyIdentifier: 'https://kv.vault.azure.net/keys/k' } } })], expected: 'Compliant' },
    { label: 'encryption absent', build: (rg) => [registry(rg, { encryption: undefined })], expected: 'NonCompliant' },
  ],
  ACR_ExportPolicy_AuditDeny: [
    { label: 'exports on, public on', build: (rg) => [registry(rg)], expected: 'NonCompliant' },
    { label: 'exports off, public on', build: (rg) => [registry(rg, { policies: { exportPolicy: { status: 'disabled' } } })], expected: 'NonCompliant' },
    { label: 'exports "disabled", public Disabled', build: (rg) => [registry(rg, { policies: { exportPolicy: { status: 'disabled' } }, publicNetworkAccess: 'Disabled' })], expected: 'Compliant' },
  ],
  ACR_NetworkRulesExist_AuditDeny: [
    { label: 'default Allow, public Enabled', build: (rg) => [registry(rg)], expected: 'NonCompliant' },
    { label: 'no network rules, no public setting', build: (rg) => [registry(rg, { networkRuleSet: undefined, publicNetworkAccess: undefined })], expected: 'NonCompliant' },
    { label: 'default Deny', build: (rg) => [registry(rg, { networkRuleSet: { defaultAction: 'Deny', ipRules: [] } })], expected: 'Compliant' },
    { label: 'public Disabled', build: (rg) => [registry(rg, { publicNetworkAccess: 'Disabled' })], expected: 'Compliant' },
  ],
  ACR_PTCDisabled_AuditDeny: [
    { label: 'a cache rule', build: (rg) => [child(rg, 'cacheRules', { sourceRepository: 'docker.io/library/nginx' }), registry(rg)], expected: 'NonCompliant' },
    { label: 'a registry is not judged', build: (rg) => [registry(rg)], expected: 'NotApplicable' },
  ],
  ACR_PrivateDNSZone_DINE: [
    { label: 'registry endpoint without DNS zone group', build: (rg) => privateEndpoint(rg, ['registry'], false), expected: 'NonCompliant' },
    { label: 'registry endpoint with DNS zone group', build: (rg) => privateEndpoint(rg, ['registry'], true), expected: 'Compliant' },
    { label: 'blob endpoint is not judged', build: (rg) => privateEndpoint(rg, ['blob'], false), expected: 'NotApplicable' },
  ],
  ACR_PrivateEndpointEnabled_Audit: [
    { label: 'no private endpoint', build: (rg) => [registry(rg)], expected: 'NonCompliant' },
    { label: 'only a Pending connection', build: (rg) => [registry(rg, { privateEndpointConnections: [connection(rg, 'Pending')] })], expected: 'NonCompliant' },
    { label: 'an Approved connection', build: (rg) => [registry(rg, { privateEndpointConnections: [connection(rg, 'Pending'), connection(rg, 'Approved')] })], expected: 'Compliant' },
  ],
  ACR_PrivateEndpoint_DINE: [
    { label: 'Premium without approved endpoint', build: (rg) => [registry(rg, { privateEndpointConnections: [connection(rg, 'Rejected')] })], expected: 'NonCompliant' },
    { label: 'Premium with approved endpoint', build: (rg) => [registry(rg, { privateEndpointConnections: [connection(rg, 'Approved')] })], expected: 'Compliant' },
    { label: 'Standard is not judged', build: (rg) => [registry(rg, {}, 'Standard')], expected: 'NotApplicable' },
  ],
  ACR_PublicNetworkAccess_AuditDeny: PUBLIC,
  ACR_PublicNetworkAccess_Modify: PUBLIC,
  ACR_SkuSupportsPrivateEndpoints_AuditDeny: [
    { label: 'Basic', build: (rg) => [registry(rg, {}, 'Basic')], expected: 'NonCompliant' },
    { label: 'Standard', build: (rg) => [registry(rg, {}, 'Standard')], expected: 'NonCompliant' },
    { label: 'Premium', build: (rg) => [registry(rg, {}, 'Premium')], expected: 'Compliant' },
  ],
  ACR_TokenDisabled_AuditDeny: TOKENS,
  ACR_TokenDisabled_Modify: TOKENS,
  ContainerAllowedImages: [
    { label: 'an image from elsewhere', build: (rg) => [cluster(rg), runningImage(rg, 'web', 'contoso.azurecr.io/web:1'), runningImage(rg, 'web', 'docker.io/library/nginx:1.25')], expected: 'NonCompliant', parameters: ALLOWED },
    { label: 'only allowed images', build: (rg) => [cluster(rg), runningImage(rg, 'web', 'contoso.azurecr.io/web:1')], expected: 'Compliant', parameters: ALLOWED },
    { label: 'outsiders only in kube-system', build: (rg) => [cluster(rg), runningImage(rg, 'kube-system', 'mcr.microsoft.com/oss/kube-proxy:1'), runningImage(rg, 'web', 'contoso.azurecr.io/web:1')], expected: 'Compliant', parameters: ALLOWED },
    { label: 'no known containers', build: (rg) => [cluster(rg)], expected: 'NotApplicable', parameters: ALLOWED },
    { label: 'an outsider on a cluster without the Azure Policy add-on', build: (rg) => [cluster(rg, false), runningImage(rg, 'web', 'docker.io/library/nginx:1.25')], expected: 'NotApplicable', parameters: ALLOWED },
  ],
  ContainerNoPrivilege: [
    { label: 'a privileged container', build: (rg) => [cluster(rg), runningImage(rg, 'tools', 'contoso.azurecr.io/debug:1', true)], expected: 'NonCompliant', parameters: { effect: 'Audit' } },
    { label: 'no privileged container', build: (rg) => [cluster(rg), runningImage(rg, 'web', 'contoso.azurecr.io/web:1')], expected: 'Compliant', parameters: { effect: 'Audit' } },
    { label: 'privileged on a cluster without the Azure Policy add-on', build: (rg) => [cluster(rg, false), runningImage(rg, 'tools', 'contoso.azurecr.io/debug:1', true)], expected: 'NotApplicable', parameters: { effect: 'Audit' } },
    { label: 'privileged only in kube-system', build: (rg) => [cluster(rg), runningImage(rg, 'kube-system', 'mcr.microsoft.com/oss/cni:1', true)], expected: 'NotApplicable', parameters: { effect: 'Audit' } },
  ],
  ASC_ContainerRegistryVulnerabilityAssessment_Audit: assessed('registry', 'dbd0cb49-b563-45e7-9724-889e799fa648').map((c) => ({ ...c, parameters: IF_NOT_EXISTS })),
  ASC_KuberenetesRuningImagesVulnerabilityAssessment_Audit: assessed('cluster', '41503391-efa5-47ee-9282-4eff6131462c').map((c) => ({ ...c, parameters: IF_NOT_EXISTS })),
  MDC_AzureContainerRegistryVulnerabilityAssessment_Audit: assessed('registry', 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5'),
  MDC_K8sRuningImagesVulnerabilityAssessmentBasedOnMDVM_Audit: assessed('cluster', 'c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5'),
};
