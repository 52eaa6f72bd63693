import { POLICY_DEFINITIONS } from './policy-catalog-data.js';

/** What a definition is about; the audit/deny definition and its configure twin share one topic. */
export type PolicyTopic =
  | 'arm-audience-tokens'
  | 'admin-user'
  | 'anonymous-pull'
  | 'customer-managed-key'
  | 'exports'
  | 'network-rules'
  | 'cache-rules'
  | 'private-dns'
  | 'private-link'
  | 'private-link-sku'
  | 'public-network-access'
  | 'scoped-tokens'
  | 'allowed-images'
  | 'privileged-containers'
  | 'registry-vulnerability-assessment'
  | 'running-image-vulnerability-assessment';

/** One built-in definition as copied from Azure/azure-policy. */
export interface PolicyDefinitionRecord {
  /** The source file's base name, e.g. `ACR_PrivateEndpointEnabled_Audit`: stable and readable. */
  id: string;
  /** The definition's GUID name in Azure. */
  name: string;
  version: string;
  mode: string;
  category: string;
  displayName: string;
  /** First sentence of the description. */
  summary: string;
  defaultEffect: string;
  /** Exactly as the definition allows them (Kubernetes definitions list both cases). */
  allowedEffects: readonly string[];
  /** Parameters without a default: an assignment must supply them. */
  requiredParameters: readonly string[];
  learnMore: string;
  topic: PolicyTopic;
}

/** How the definition acts: reports, changes the resource, or deploys something next to it. */
export type PolicyKind = 'audit' | 'modify' | 'deploy' | 'audit-if-not-exists';

export interface PolicyDefinitionInfo extends PolicyDefinitionRecord {
  /** `/providers/Microsoft.Authorization/policyDefinitions/{name}` */
  definitionId: string;
  kind: PolicyKind;
  deprecated: boolean;
  topicLabel: string;
}

/**
 * Words people use for each topic. Phrases are matched on singular words in any order, so
 * "admin users", "the admin user" and "user admin" all count.
 */
export const POLICY_TOPICS: Readonly<Record<PolicyTopic, { label: string; aliases: readonly string[] }>> = {
  'arm-audience-tokens': { label: 'ARM audience tokens', aliases: ['arm audience token', 'arm audience', 'arm token', 'aad arm token', 'arm authentication'] },
  'admin-user': { label: 'Admin user', aliases: ['admin user', 'admin account', 'local admin', 'admin login', 'admin credential', 'admin password'] },
  'anonymous-pull': { label: 'Anonymous pull', aliases: ['anonymous pull', 'anonymous access', 'anonymous authentication', 'anonymous', 'anon pull', 'unauthenticated pull'] },
  'customer-managed-key': { label: 'Customer-managed key', aliases: ['customer managed key', 'customer key', 'cmk', 'byok', 'encryption key', 'encrypted'] },
  exports: { label: 'Exports', aliases: ['export', 'export policy', 'acr transfer'] },
  'network-rules': {
    label: 'Network rules',
    aliases: ['network rule', 'unrestricted network access', 'unrestricted network', 'unrestricted access', 'firewall', 'ip rule', 'network restriction'],
  },
  'cache-rules': { label: 'Cache rules', aliases: ['cache rule', 'pull through cache', 'artifact cache', 'cache'] },
  'private-dns': { label: 'Private DNS zones', aliases: ['private dns', 'dns zone', 'private dns zone'] },
  'private-link': { label: 'Private link', aliases: ['private link', 'private endpoint', 'privatelink'] },
  'private-link-sku': { label: 'SKU with private link', aliases: ['sku private link', 'sku private endpoint', 'premium sku', 'sku'] },
  'public-network-access': {
    label: 'Public network access',
    aliases: ['public network access', 'public network', 'public access', 'public endpoint', 'internet access', 'publicly accessible', 'public internet'],
  },
  'scoped-tokens': {
    label: 'Repository-scoped tokens',
    aliases: ['repository scoped token', 'scoped access token', 'scoped token', 'repository token', 'repo token', 'scope map', 'access token'],
  },
  'allowed-images': {
    label: 'Allowed images',
    aliases: ['allowed image', 'approved image', 'trusted image', 'allowed registry', 'approved registry', 'trusted registry', 'image allowlist', 'allowlist', 'allow list'],
  },
  'privileged-containers': { label: 'Privileged containers', aliases: ['privileged container', 'privileged', 'privileged pod', 'root container'] },
  'registry-vulnerability-assessment': {
    label: 'Registry image vulnerability assessment',
    aliases: ['vulnerability assessment', 'registry vulnerability assessment', 'image scanning', 'image scan', 'vulnerability scan', 'vulnerability scanning', 'mdvm', 'qualys'],
  },
  'running-image-vulnerability-assessment': {
    label: 'Running image vulnerability assessment',
    aliases: ['running image', 'running container', 'running image vulnerability', 'running vulnerability assessment', 'runtime vulnerability', 'kubernetes vulnerability'],
  },
};

function kindOf(record: PolicyDefinitionRecord): PolicyKind {
  const effects = record.allowedEffects.map((e) => e.toLowerCase());
  if (effects.includes('modify')) return 'modify';
  if (effects.includes('deployifnotexists')) return 'deploy';
  if (effects.includes('auditifnotexists')) return 'audit-if-not-exists';
  return 'audit';
}

const CATALOG: readonly PolicyDefinitionInfo[] = POLICY_DEFINITIONS.map((record) => ({
  ...record,
  definitionId: `/providers/Microsoft.Authorization/policyDefinitions/${record.name}`,
  kind: kindOf(record),
  deprecated: record.displayName.startsWith('[Deprecated]'),
  topicLabel: POLICY_TOPICS[record.topic].label,
}));

export function policyCatalog(): readonly PolicyDefinitionInfo[] {
  return CATALOG;
}

/** By readable id, GUID name or full definition id, ignoring case. */
export function findPolicy(ref: string): PolicyDefinitionInfo | undefined {
  const key = ref.trim().toLowerCase();
  return CATALOG.find((p) => p.id.toLowerCase() === key || p.name === key || p.definitionId.toLowerCase() === key);
}

export function policiesForTopic(topic: PolicyTopic): PolicyDefinitionInfo[] {
  return CATALOG.filter((p) => p.topic === topic);
}

/** The definition's own spelling of an effect ("deny" → "Deny"), or undefined when it does not allow it. */
export function allowedEffect(policy: PolicyDefinitionRecord, effect: string): string | undefined {
  const wanted = effect.trim().toLowerCase();
  const matches = policy.allowedEffects.filter((e) => e.toLowerCase() === wanted);
  // Kubernetes definitions allow both "deny" and "Deny"; prefer the capitalised form Azure shows.
  return matches.find((e) => e[0] === e[0]?.toUpperCase()) ?? matches[0];
}
