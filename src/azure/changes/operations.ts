import type { ArmChangeSpec, ArmOperation, RegistrySettings } from '../../domain/approvals/index.js';

/**
 * The exact Resource Manager request of each kind of change, as the installed SDKs send it. The card
 * shows this before anyone approves, and the executor sends the same body.
 */
export const API_VERSIONS = {
  /** @azure/arm-policy 7 */
  policyAssignments: '2025-03-01',
  /** @azure/arm-containerregistry 12 */
  registries: '2025-11-01',
  /** @azure/arm-policyinsights 6 (remediations) */
  remediations: '2024-10-01',
  /** No installed SDK covers exemptions; the version of the reference contract. */
  policyExemptions: '2024-12-01-preview',
} as const;

type Json = Record<string, unknown>;

/** `{ effect: 'Deny' }` → `{ effect: { value: 'Deny' } }`, as ARM takes parameter values. */
export function parameterValues(parameters: Record<string, unknown>): Record<string, { value: unknown }> {
  return Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }]));
}

export function registryBody(settings: RegistrySettings): Json {
  const { sku, ...properties } = settings;
  return { ...(sku ? { sku: { name: sku } } : {}), ...(Object.keys(properties).length > 0 ? { properties } : {}) };
}

export function planOperation(change: ArmChangeSpec): ArmOperation {
  switch (change.kind) {
    case 'assign-policy': {
      const identity = change.identityLocation ? { location: change.identityLocation, identity: { type: 'SystemAssigned' } } : {};
      return {
        method: 'PUT',
        path: `${change.scope}/providers/Microsoft.Authorization/policyAssignments/${change.assignmentName}`,
        apiVersion: API_VERSIONS.policyAssignments,
        body: {
          ...identity,
          properties: {
            displayName: change.displayName,
            policyDefinitionId: change.definitionId,
            parameters: parameterValues(change.parameters),
            enforcementMode: 'Default',
            description: change.description,
            metadata: change.metadata,
          },
        },
      };
    }
    case 'unassign-policy':
      return { method: 'DELETE', path: change.assignmentId, apiVersion: API_VERSIONS.policyAssignments };
    case 'registry-update':
      return { method: 'PATCH', path: change.registryId, apiVersion: API_VERSIONS.registries, body: registryBody(change.settings) };
    case 'remediate':
      return {
        method: 'PUT',
        path: `${change.scope}/providers/Microsoft.PolicyInsights/remediations/${change.remediationName}`,
        apiVersion: API_VERSIONS.remediations,
        body: { properties: { policyAssignmentId: change.assignmentId, resourceDiscoveryMode: 'ExistingNonCompliant' } },
      };
    case 'exempt':
      return {
        method: 'PUT',
        path: `${change.scope}/providers/Microsoft.Authorization/policyExemptions/${change.exemptionName}`,
        apiVersion: API_VERSIONS.policyExemptions,
        body: {
          properties: {
            policyAssignmentId: change.assignmentId,
            exemptionCategory: 'Waiver',
            expiresOn: change.expiresOn,
            displayName: change.displayName,
            description: change.description,
            metadata: change.metadata,
          },
        },
      };
  }
}
