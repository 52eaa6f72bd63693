import type { ArmResource } from '../http/types.js';
import aCRAADAuthenticationAsArmDisabledModify from './policy-definitions/ContainerRegistry/ACR_AADAuthenticationAsArmDisabled_Modify.json' with { type: 'json' };
import aCRAADAuthenticationAsArmPolicyAuditDeny from './policy-definitions/ContainerRegistry/ACR_AADAuthenticationAsArmPolicy_AuditDeny.json' with { type: 'json' };
import aCRAdminAccountDisabledAuditDeny from './policy-definitions/ContainerRegistry/ACR_AdminAccountDisabled_AuditDeny.json' with { type: 'json' };
import aCRAdminAccountDisabledModify from './policy-definitions/ContainerRegistry/ACR_AdminAccountDisabled_Modify.json' with { type: 'json' };
import aCRAnonymousPullDisabledAuditDeny from './policy-definitions/ContainerRegistry/ACR_AnonymousPullDisabled_AuditDeny.json' with { type: 'json' };
import aCRAnonymousPullDisabledModify from './policy-definitions/ContainerRegistry/ACR_AnonymousPullDisabled_Modify.json' with { type: 'json' };
import aCRCMKEncryptionEnabledAudit from './policy-definitions/ContainerRegistry/ACR_CMKEncryptionEnabled_Audit.json' with { type: 'json' };
import aCRExportPolicyAuditDeny from './policy-definitions/ContainerRegistry/ACR_ExportPolicy_AuditDeny.json' with { type: 'json' };
import aCRNetworkRulesExistAuditDeny from './policy-definitions/ContainerRegistry/ACR_NetworkRulesExist_AuditDeny.json' with { type: 'json' };
import aCRPTCDisabledAuditDeny from './policy-definitions/ContainerRegistry/ACR_PTCDisabled_AuditDeny.json' with { type: 'json' };
import aCRPrivateDNSZoneDINE from './policy-definitions/ContainerRegistry/ACR_PrivateDNSZone_DINE.json' with { type: 'json' };
import aCRPrivateEndpointEnabledAudit from './policy-definitions/ContainerRegistry/ACR_PrivateEndpointEnabled_Audit.json' with { type: 'json' };
import aCRPrivateEndpointDINE from './policy-definitions/ContainerRegistry/ACR_PrivateEndpoint_DINE.json' with { type: 'json' };
import aCRPublicNetworkAccessAuditDeny from './policy-definitions/ContainerRegistry/ACR_PublicNetworkAccess_AuditDeny.json' with { type: 'json' };
import aCRPublicNetworkAccessModify from './policy-definitions/ContainerRegistry/ACR_PublicNetworkAccess_Modify.json' with { type: 'json' };
import aCRSkuSupportsPrivateEndpointsAuditDeny from './policy-definitions/ContainerRegistry/ACR_SkuSupportsPrivateEndpoints_AuditDeny.json' with { type: 'json' };
import aCRTokenDisabledAuditDeny from './policy-definitions/ContainerRegistry/ACR_TokenDisabled_AuditDeny.json' with { type: 'json' };
import aCRTokenDisabledModify from './policy-definitions/ContainerRegistry/ACR_TokenDisabled_Modify.json' with { type: 'json' };
import containerAllowedImages from './policy-definitions/Kubernetes/ContainerAllowedImages.json' with { type: 'json' };
import containerNoPrivilege from './policy-definitions/Kubernetes/ContainerNoPrivilege.json' with { type: 'json' };
import aSCContainerRegistryVulnerabilityAssessmentAudit from './policy-definitions/SecurityCenter/ASC_ContainerRegistryVulnerabilityAssessment_Audit.json' with { type: 'json' };
import aSCKuberenetesRuningImagesVulnerabilityAssessmentAudit from './policy-definitions/SecurityCenter/ASC_KuberenetesRuningImagesVulnerabilityAssessment_Audit.json' with { type: 'json' };
import mDCAzureContainerRegistryVulnerabilityAssessmentAudit from './policy-definitions/SecurityCenter/MDC_AzureContainerRegistryVulnerabilityAssessment_Audit.json' with { type: 'json' };
import mDCK8sRuningImagesVulnerabilityAssessmentBasedOnMDVMAudit from './policy-definitions/SecurityCenter/MDC_K8sRuningImagesVulnerabilityAssessmentBasedOnMDVM_Audit.json' with { type: 'json' };
import allowedStorageSkusDeny from './policy-definitions/Storage/AllowedStorageSkus_Deny.json' with { type: 'json' };
import enableMonitoringInAzureSecurityCenter from './policy-set-definitions/SecurityCenter/EnableMonitoringInAzureSecurityCenter.json' with { type: 'json' };

/**
 * Azure's built-in policy definitions and initiatives the emulator serves at their real ids
 * (`/providers/Microsoft.Authorization/policyDefinitions/{guid}`). The JSON files are Microsoft's
 * published built-ins (Azure/azure-policy, built-in-policies/policyDefinitions) and the REST API
 * reference's built-in examples, byte for byte; ARM adds `type` when it returns them.
 */

const DEFINITION_TYPE = 'Microsoft.Authorization/policyDefinitions';
const SET_DEFINITION_TYPE = 'Microsoft.Authorization/policySetDefinitions';

interface BuiltInJson {
  id: string;
  name: string;
  properties: Record<string, unknown>;
}

function asResource(json: BuiltInJson, type: string): ArmResource {
  // ARM answers properties, id, type, name; the files carry no `type`.
  return { properties: json.properties, id: json.id, type, name: json.name };
}

const DEFINITION_FILES: readonly BuiltInJson[] = [
  aCRAADAuthenticationAsArmDisabledModify,
  aCRAADAuthenticationAsArmPolicyAuditDeny,
  aCRAdminAccountDisabledAuditDeny,
  aCRAdminAccountDisabledModify,
  aCRAnonymousPullDisabledAuditDeny,
  aCRAnonymousPullDisabledModify,
  aCRCMKEncryptionEnabledAudit,
  aCRExportPolicyAuditDeny,
  aCRNetworkRulesExistAuditDeny,
  aCRPTCDisabledAuditDeny,
  aCRPrivateDNSZoneDINE,
  aCRPrivateEndpointEnabledAudit,
  aCRPrivateEndpointDINE,
  aCRPublicNetworkAccessAuditDeny,
  aCRPublicNetworkAccessModify,
  aCRSkuSupportsPrivateEndpointsAuditDeny,
  aCRTokenDisabledAuditDeny,
  aCRTokenDisabledModify,
  containerAllowedImages,
  containerNoPrivilege,
  aSCContainerRegistryVulnerabilityAssessmentAudit,
  aSCKuberenetesRuningImagesVulnerabilityAssessmentAudit,
  mDCAzureContainerRegistryVulnerabilityAssessmentAudit,
  mDCK8sRuningImagesVulnerabilityAssessmentBasedOnMDVMAudit,
  allowedStorageSkusDeny,
];

const SET_DEFINITION_FILES: readonly BuiltInJson[] = [enableMonitoringInAzureSecurityCenter];

function indexByName(resources: ArmResource[]): ReadonlyMap<string, ArmResource> {
  return new Map(resources.map((r) => [(r.name ?? '').toLowerCase(), r]));
}

export const builtInPolicyDefinitions: readonly ArmResource[] = DEFINITION_FILES.map((d) => asResource(d, DEFINITION_TYPE));
export const builtInPolicySetDefinitions: readonly ArmResource[] = SET_DEFINITION_FILES.map((d) => asResource(d, SET_DEFINITION_TYPE));

const definitionsByName = indexByName([...builtInPolicyDefinitions]);
const setDefinitionsByName = indexByName([...builtInPolicySetDefinitions]);

/** A built-in policy definition by name (GUID), case-insensitively. */
export function builtInPolicyDefinition(name: string): ArmResource | undefined {
  return definitionsByName.get(name.toLowerCase());
}

/** A built-in policy set definition (initiative) by name (GUID), case-insensitively. */
export function builtInPolicySetDefinition(name: string): ArmResource | undefined {
  return setDefinitionsByName.get(name.toLowerCase());
}
