/**
 * Azure's built-in identifiers that tenant files refer to. Built-in role and policy definitions
 * themselves ship with the emulator; tenant files only name them by these GUIDs.
 */

export const ROLE = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  securityReader: '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
  securityAdmin: 'fb1c8493-542b-48eb-b624-b4c8fea62acd',
  resourcePolicyContributor: '36243c78-bf99-498c-9df9-86d9f8d28608',
  acrPush: '8311e382-0749-4cb8-b61a-304f252e45ec',
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
} as const;

export type RoleName = keyof typeof ROLE;

/** Built-in policy definition names (GUIDs) from contracts/azure-policy. */
export const POLICY = {
  acrAdminAccountDisabled: 'dc921057-6b28-4fbe-9b83-f7bec05db6c2',
  acrAnonymousPullDisabled: '9f2dea28-e834-476c-99c5-3507b4728395',
  acrCustomerManagedKey: '5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580',
  acrExportsDisabled: '524b0254-c285-4903-bee6-bb8126cde579',
  acrNoUnrestrictedNetwork: 'd0793b48-0edc-4296-a390-4c75d1bdfd71',
  acrPrivateLink: 'e8eef0a8-67cf-4eb4-9386-14b0e78733d4',
  acrPublicNetworkDisabled: '0fdf0491-d080-4575-b627-ad0e843cba0f',
  acrSkuSupportsPrivateLink: 'bd560fc0-3c69-498a-ae9f-aa8eb7de0e13',
  k8sAllowedImages: 'febd0533-8e55-448f-b837-bd0e06f16469',
  k8sNoPrivilegedContainers: '95edb821-ddaf-4404-9732-666045e056b4',
  mdvmRegistryImages: '090c7b07-b4ed-4561-ad20-e9075f3ccaff',
  mdvmRunningImages: '17f4b1cc-c55c-4d94-b1f9-2978f6ac2957',
} as const;

/** Defender for Cloud assessment keys (assessment `name`). */
export const ASSESSMENT = {
  /** Registry images, Microsoft Defender Vulnerability Management. */
  registryMdvm: 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5',
  /** Running images on Kubernetes, Microsoft Defender Vulnerability Management. */
  runningMdvm: 'c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5',
  /** Registry images, Qualys (deprecated, still found in older tenants). */
  registryQualys: 'dbd0cb49-b563-45e7-9724-889e799fa648',
} as const;

export const ASSESSMENT_DISPLAY_NAME: Record<string, string> = {
  [ASSESSMENT.registryMdvm]:
    'Azure registry container images should have vulnerabilities resolved (powered by Microsoft Defender Vulnerability Management)',
  [ASSESSMENT.runningMdvm]:
    'Azure running container images should have vulnerabilities resolved (powered by Microsoft Defender Vulnerability Management)',
  [ASSESSMENT.registryQualys]: 'Container registry images should have vulnerability findings resolved',
};

/** Major versions of those definitions (contracts INDEX), for an assignment's `definitionVersion`. */
const POLICY_MAJOR: Record<string, number> = {
  [POLICY.acrNoUnrestrictedNetwork]: 2,
  [POLICY.k8sAllowedImages]: 9,
  [POLICY.k8sNoPrivilegedContainers]: 9,
};

export function policyDefinitionVersion(name: string): string {
  return `${POLICY_MAJOR[name] ?? 1}.*.*`;
}

export function policyDefinitionId(name: string): string {
  return `/providers/Microsoft.Authorization/policyDefinitions/${name}`;
}

export function roleDefinitionId(subscriptionId: string, role: RoleName): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLE[role]}`;
}

/**
 * "Now" for every generated tenant. Scans are a few hours before it; "stale" pushes are more
 * than 90 days before it. Fixed so that files are reproducible byte for byte.
 */
export const REFERENCE_TIME = Date.parse('2026-11-20T06:00:00Z');
export const DAY_MS = 86_400_000;

/** ISO timestamp `days` (may be fractional) before {@link REFERENCE_TIME}, ARM's 7-digit fraction. */
export function daysAgo(days: number): string {
  return isoTime(REFERENCE_TIME - Math.round(days * DAY_MS));
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}
