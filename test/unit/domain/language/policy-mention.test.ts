import { describe, expect, test } from 'vitest';
import { p } from './support.js';

describe('policies by alias, id or display name', () => {
  test.for<[string, string]>([
    ['private link', 'ACR_PrivateEndpointEnabled_Audit'],
    ['enforce private endpoints on prod registries', 'ACR_PrivateEndpointEnabled_Audit'],
    ['configure private endpoints', 'ACR_PrivateEndpoint_DINE'],
    ['admin user', 'ACR_AdminAccountDisabled_AuditDeny'],
    ['deny the admin account', 'ACR_AdminAccountDisabled_AuditDeny'],
    ['auto-fix admin accounts', 'ACR_AdminAccountDisabled_Modify'],
    ['public network access', 'ACR_PublicNetworkAccess_AuditDeny'],
    ['anonymous pull', 'ACR_AnonymousPullDisabled_AuditDeny'],
    ['anonymus pull', 'ACR_AnonymousPullDisabled_AuditDeny'],
    ['customer-managed key', 'ACR_CMKEncryptionEnabled_Audit'],
    ['CMK', 'ACR_CMKEncryptionEnabled_Audit'],
    ['arm audience tokens', 'ACR_AADAuthenticationAsArmPolicy_AuditDeny'],
    ['exports', 'ACR_ExportPolicy_AuditDeny'],
    ['allowed images in aks', 'ContainerAllowedImages'],
    ['privileged containers', 'ContainerNoPrivilege'],
    ['vulnerability assessment', 'MDC_AzureContainerRegistryVulnerabilityAssessment_Audit'],
    ['qualys vulnerability assessment', 'ASC_ContainerRegistryVulnerabilityAssessment_Audit'],
    ['running images vulnerability assessment', 'MDC_K8sRuningImagesVulnerabilityAssessmentBasedOnMDVM_Audit'],
    ['private dns zones', 'ACR_PrivateDNSZone_DINE'],
    ['SKUs that support private links', 'ACR_SkuSupportsPrivateEndpoints_AuditDeny'],
    ['repository scoped access tokens', 'ACR_TokenDisabled_AuditDeny'],
    ['cache rules', 'ACR_PTCDisabled_AuditDeny'],
    ['unrestricted network access', 'ACR_NetworkRulesExist_AuditDeny'],
    ['assign ACR_PublicNetworkAccess_Modify', 'ACR_PublicNetworkAccess_Modify'],
    ['policy e8eef0a8-67cf-4eb4-9386-14b0e78733d4', 'ACR_PrivateEndpointEnabled_Audit'],
    ['defender vulnerability management', 'MDC_AzureContainerRegistryVulnerabilityAssessment_Audit'],
  ])('%s → %s', ([text, id]) => {
    expect(p(text).entities.policy?.policy.id).toBe(id);
  });

  test('an exact id beats words, and words beat a display-name guess', () => {
    expect(p('ACR_PublicNetworkAccess_Modify').entities.policy).toMatchObject({ via: 'id', score: 1 });
    expect(p('anonymous pull').entities.policy).toMatchObject({ via: 'alias', matched: 'anonymous pull' });
    expect(p('defender vulnerability management').entities.policy?.via).toBe('name');
  });

  test.for(['show critical findings in prod', 'who am i', 'show vulnerabilities', 'help', 'ping'])('%s names no policy', (text) => {
    expect(p(text).entities.policy).toBeUndefined();
  });
});
