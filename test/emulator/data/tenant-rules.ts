/**
 * The meaning rules of TENANT-FORMAT.md, written out independently of the generator so that the
 * tests check the data against the format rather than against the code that produced it.
 */

export interface Resource {
  id: string;
  type?: string;
  tags?: Record<string, string>;
  [key: string]: unknown;
}

export type Kind =
  | 'subscription' | 'resourceGroup' | 'subAssessment' | 'assessment' | 'roleAssignment' | 'policyAssignment'
  | 'policyExemption' | 'diagnosticSetting' | 'resource';

export interface Classified {
  kind: Kind;
  /** The id this one hangs under (scope, assessed resource, assessment, group, subscription). */
  parent?: string;
  /** ARM type derived from the id, for plain resources. */
  armType?: string;
}

const EXTENSIONS: Array<[Kind, RegExp]> = [
  ['subAssessment', /^(.+\/providers\/Microsoft\.Security\/assessments\/[^/]+)\/subAssessments\/[^/]+$/i],
  ['assessment', /^(.+)\/providers\/Microsoft\.Security\/assessments\/[^/]+$/i],
  ['roleAssignment', /^(.+)\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i],
  ['policyAssignment', /^(.+)\/providers\/Microsoft\.Authorization\/policyAssignments\/[^/]+$/i],
  ['policyExemption', /^(.+)\/providers\/Microsoft\.Authorization\/policyExemptions\/[^/]+$/i],
  ['diagnosticSetting', /^(.+)\/providers\/Microsoft\.Insights\/diagnosticSettings\/[^/]+$/i],
];

export function classify(id: string): Classified | undefined {
  if (/^\/subscriptions\/[0-9a-f-]{36}$/i.test(id)) return { kind: 'subscription' };
  const rg = /^(\/subscriptions\/[0-9a-f-]{36})\/resourceGroups\/[^/]+$/i.exec(id);
  if (rg) return { kind: 'resourceGroup', parent: rg[1] };
  for (const [kind, pattern] of EXTENSIONS) {
    const m = pattern.exec(id);
    if (m) return { kind, parent: m[1] };
  }
  const res = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+)\/providers\/([^/]+)\/([^/]+)\/[^/]+$/i.exec(id);
  if (res) return { kind: 'resource', parent: res[1], armType: `${res[2]}/${res[3]}` };
  return undefined;
}

const ALIASES: Record<string, string> = {
  prod: 'prod', production: 'prod',
  staging: 'staging', stage: 'staging', stg: 'staging',
  dev: 'dev', development: 'dev',
};

function envTag(tags: Record<string, string> | undefined): string | undefined {
  if (!tags) return undefined;
  for (const [name, value] of Object.entries(tags)) {
    if (name.toLowerCase() === 'env' || name.toLowerCase() === 'environment') return ALIASES[value.toLowerCase()] ?? value.toLowerCase();
  }
  return undefined;
}

/** Environment of a resource: its own tag, else its resource group's, else its subscription's. */
export function environmentOf(id: string, byId: ReadonlyMap<string, Resource>): string | undefined {
  const self = byId.get(id.toLowerCase());
  const own = envTag(self?.tags);
  if (own) return own;
  const rg = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+)/i.exec(id)?.[1];
  const fromRg = rg && rg.toLowerCase() !== id.toLowerCase() ? envTag(byId.get(rg.toLowerCase())?.tags) : undefined;
  if (fromRg) return fromRg;
  const sub = /^(\/subscriptions\/[^/]+)/i.exec(id)?.[1];
  return sub ? envTag(byId.get(sub.toLowerCase())?.tags) : undefined;
}

/** Severity of a finding: MDVM's own, else the CVSS 3.0 base score band. */
export function severityOf(sub: Resource): string {
  const data = (sub.properties as { additionalData?: Record<string, unknown> }).additionalData ?? {};
  const details = data.vulnerabilityDetails as { severity?: string } | undefined;
  if (details?.severity) return details.severity;
  const base = (data.cvss as Record<string, { base?: number } | null> | undefined)?.['3.0']?.base ?? 0;
  return base >= 9 ? 'Critical' : base >= 7 ? 'High' : base >= 4 ? 'Medium' : 'Low';
}

export function statusOf(r: Resource): { code?: string; severity?: string; cause?: string } {
  return ((r.properties as { status?: unknown } | undefined)?.status ?? {}) as { code?: string; severity?: string; cause?: string };
}

/** Image identity: registry host + repository + digest (MDVM), or the registry + repository + digest (Qualys). */
export function imageKeyOf(sub: Resource): string {
  const data = (sub.properties as { additionalData: Record<string, unknown> }).additionalData;
  const a = data.artifactDetails as { registryHost: string; repositoryName: string; digest: string } | undefined;
  if (a) return `${a.registryHost}/${a.repositoryName}@${a.digest}`;
  const registry = sub.id.split('/providers/Microsoft.Security')[0] ?? '';
  return `${registry}/${String(data.repositoryName)}@${String(data.imageDigest)}`;
}

export const BUILT_IN_ROLES: Record<string, string> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': 'Reader',
  '39bc4728-0917-49c7-9d2c-d95423bc2eb4': 'Security Reader',
  'fb1c8493-542b-48eb-b624-b4c8fea62acd': 'Security Admin',
  '36243c78-bf99-498c-9df9-86d9f8d28608': 'Resource Policy Contributor',
  '8311e382-0749-4cb8-b61a-304f252e45ec': 'AcrPush',
  '7f951dda-4ed3-4680-a7ca-43fe172d538d': 'AcrPull',
};

/** Built-in policy definitions shipped in contracts/azure-policy (their `name` GUIDs). */
export const BUILT_IN_POLICIES = new Set([
  '785596ed-054f-41bc-aaec-7f3d0ba05725', '42781ec6-6127-4c30-bdfa-fb423a0047d3', 'dc921057-6b28-4fbe-9b83-f7bec05db6c2',
  '79fdfe03-ffcb-4e55-b4d0-b925b8241759', '9f2dea28-e834-476c-99c5-3507b4728395', 'cced2946-b08a-44fe-9fd9-e4ed8a779897',
  '5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580', '524b0254-c285-4903-bee6-bb8126cde579', 'd0793b48-0edc-4296-a390-4c75d1bdfd71',
  '84497762-32b6-4ab3-80b6-732ea48b85a2', 'e9585a95-5b8c-4d03-b193-dc7eb5ac4c32', 'e8eef0a8-67cf-4eb4-9386-14b0e78733d4',
  'd85c6833-7d33-4cf5-a915-aaa2de84405f', '0fdf0491-d080-4575-b627-ad0e843cba0f', 'a3701552-92ea-433e-9d17-33b7f1208fc9',
  'bd560fc0-3c69-498a-ae9f-aa8eb7de0e13', 'ff05e24e-195c-447e-b322-5e90c9f9f366', 'a9b426fe-8856-4945-8600-18c5dd1cca2a',
  'febd0533-8e55-448f-b837-bd0e06f16469', '95edb821-ddaf-4404-9732-666045e056b4', '5f0f936f-2f01-4bf5-b6be-d423792fa562',
  '0fc39691-5a3f-4e3e-94ee-2e6447309ad9', '090c7b07-b4ed-4561-ad20-e9075f3ccaff', '17f4b1cc-c55c-4d94-b1f9-2978f6ac2957',
]);

/** Role assignments as lower-case `role@scope` per principal id. */
export function grantsByPrincipal(resources: readonly Resource[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of resources) {
    if (classify(r.id)?.kind !== 'roleAssignment') continue;
    const p = r.properties as { roleDefinitionId: string; principalId: string; scope: string };
    const role = BUILT_IN_ROLES[p.roleDefinitionId.split('/').pop() ?? ''] ?? 'unknown';
    const set = out.get(p.principalId) ?? new Set<string>();
    set.add(`${role}@${p.scope}`.toLowerCase());
    out.set(p.principalId, set);
  }
  return out;
}

/** The parts of ARM bodies the tests look at (everything optional that ARM may leave out). */
export interface SubAssessmentProps {
  id: string;
  timeGenerated: string;
  status: { code: string; severity: string; cause?: string };
  additionalData: {
    assessedResourceType: string;
    vulnerabilityDetails?: { severity: string };
    artifactDetails?: { registryHost: string; repositoryName: string; digest: string; tags: string[]; lastPushedToRegistryUTC: string };
    softwareDetails?: { packageName: string };
    cvss?: Record<string, { base: number } | null>;
  };
}

export interface ContainerGroupProps {
  containers: Array<{
    name: string;
    properties: {
      image: string;
      environmentVariables: Array<{ name: string; value?: string; secureValue?: string }>;
      securityContext?: { privileged?: boolean };
    };
  }>;
  ipAddress: { type: string };
  subnetIds?: Array<{ id: string }>;
  imageRegistryCredentials: Array<{ server: string; username?: string; password?: string; identity?: string }>;
  diagnostics?: { logAnalytics?: { workspaceId?: string } };
}

export interface RegistryProps {
  adminUserEnabled: boolean;
  anonymousPullEnabled?: boolean;
  publicNetworkAccess: string;
  dataEndpointEnabled: boolean;
  dataEndpointHostNames: string[];
  encryption: { status: string; keyVaultProperties?: { keyRotationEnabled?: boolean } };
  policies: Record<string, { status: string }>;
  privateEndpointConnections: Array<{ properties: { privateLinkServiceConnectionState: { status: string } } }>;
}

export interface PolicyProps {
  scope: string;
  policyDefinitionId: string;
  policyAssignmentId?: string;
}

/** `resource.properties`, typed for reading in assertions. */
export function propsOf<T>(resource: Resource | undefined): T {
  return (resource?.properties ?? {}) as T;
}
