import type { Environment } from '../environment.js';

/**
 * A container registry as posture reads it: every security-relevant property exactly as Azure
 * returned it (strings keep their casing, absent stays undefined), so that the checks, not the
 * reader, decide what `enabled`, `Enabled` or a missing value mean.
 */
export interface RegistrySnapshot {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  loginServer: string;
  /** `Basic`, `Standard`, `Premium` (or `Classic`). */
  sku: string | undefined;
  tags: Record<string, string>;
  /** From the registry's tags, else its resource group's, else its subscription's. */
  environment: Environment | undefined;
  adminUserEnabled: boolean | undefined;
  /** Only some api-versions return it; absent means anonymous pull is off. */
  anonymousPullEnabled: boolean | undefined;
  /** `Enabled` / `Disabled` (capitalised on the wire). */
  publicNetworkAccess: string | undefined;
  /** Firewall default action, `Allow` / `Deny`. */
  networkDefaultAction: string | undefined;
  /** Allowed IP ranges of the firewall. */
  ipRules: string[];
  dataEndpointEnabled: boolean | undefined;
  dataEndpointHostNames: string[];
  privateEndpointConnections: PrivateEndpointConnectionView[];
  encryption: EncryptionView;
  /** Statuses of `properties.policies.*`: lower case `enabled` / `disabled` on the wire. */
  policies: RegistryPolicies;
}

export interface PrivateEndpointConnectionView {
  id: string;
  name: string;
  /** `Approved`, `Pending`, `Rejected`, `Disconnected`. */
  status: string | undefined;
  description: string | undefined;
}

export interface EncryptionView {
  /** `enabled` when a customer-managed key is in use (lower case on the wire). */
  status: string | undefined;
  keyIdentifier: string | undefined;
  versionedKeyIdentifier: string | undefined;
  keyRotationEnabled: boolean | undefined;
  lastKeyRotation: string | undefined;
}

export interface RegistryPolicies {
  quarantine: string | undefined;
  trust: string | undefined;
  trustType: string | undefined;
  retention: string | undefined;
  retentionDays: number | undefined;
  export: string | undefined;
  /** `azureADAuthenticationAsArmPolicy.status`; undefined when the policy is not set at all. */
  armAudienceTokens: string | undefined;
}

/** Compares Azure enum values the way Azure does: ignoring case. */
export function is(value: string | undefined, expected: string): boolean {
  return value !== undefined && value.toLowerCase() === expected.toLowerCase();
}

export function isPremium(registry: Pick<RegistrySnapshot, 'sku'>): boolean {
  return is(registry.sku, 'Premium');
}
