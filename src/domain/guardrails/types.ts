import type { Environment } from '../environment.js';

/**
 * What runs, as the workload guardrails read it from ARM. Nothing here ever holds a secret: an
 * environment variable keeps its name and what its value looked like, never the value; a registry
 * login keeps how it authenticates, never the password.
 */

/** The guardrails of Microsoft's container guidance that ShipShape checks, in the order cards show them. */
export type GuardrailId = 'registries' | 'credentials' | 'privilege' | 'network' | 'images' | 'monitoring' | 'kubernetes';

export const GUARDRAIL_IDS: readonly GuardrailId[] = ['registries', 'credentials', 'privilege', 'network', 'images', 'monitoring', 'kubernetes'];

/** fail: breaks the guardrail · warn: weakens it · unknown: cannot tell · na: does not apply to this workload. */
export type Status = 'fail' | 'warn' | 'pass' | 'unknown' | 'na';

export interface EnvVarFacts {
  name: string;
  /** Set with `secureValue` (ARM returns neither value then). */
  secure: boolean;
  /** Set with `value` to something non-empty. */
  hasValue: boolean;
  /** The plain value looked like a credential (a connection string, a token, a key); decided when read, then dropped. */
  valueLooksSecret: boolean;
}

export interface ContainerFacts {
  name: string;
  /** The image reference as deployed. */
  image: string;
  ports: number[];
  privileged: boolean;
  env: EnvVarFacts[];
  /** An init container (runs before the others, same rules). */
  init: boolean;
}

/** How a container group signs in to a registry: a managed identity, or a username and password. */
export interface RegistryLoginFacts {
  server: string;
  method: 'identity' | 'password';
  /** The username is the registry's own name: the registry's admin user. */
  adminUser: boolean;
}

export interface IpFacts {
  type: 'Public' | 'Private';
  ports: Array<{ port: number; protocol: string }>;
  fqdn: string | undefined;
}

export interface ContainerGroupFacts {
  kind: 'aci';
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  environment: Environment | undefined;
  containers: ContainerFacts[];
  logins: RegistryLoginFacts[];
  ip: IpFacts | undefined;
  /** Virtual network subnets the group is deployed into. */
  subnets: number;
  /** Container logs go to a Log Analytics workspace (`diagnostics.logAnalytics`). */
  logAnalytics: boolean;
}

export interface ClusterFacts {
  kind: 'aks';
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  environment: Environment | undefined;
  /** Container insights (the monitoring add-on) or Defender's security monitoring send to a workspace. */
  monitored: boolean;
  /** The Azure Policy add-on, which Kubernetes policies need to judge anything inside the cluster. */
  policyAddon: boolean;
  apiServer: ApiServerFacts;
}

/** Who can reach a cluster's Kubernetes API server, as `apiServerAccessProfile` says (absent: public to all). */
export interface ApiServerFacts {
  /** A private cluster: the API server has only an address in the cluster's virtual network. */
  privateCluster: boolean;
  /** CIDR ranges allowed to reach a public API server; none means every address. */
  authorizedRanges: string[];
  /** The public address of the API server, when it has one. */
  fqdn: string | undefined;
}

export type Workload = ContainerGroupFacts | ClusterFacts;

/** Whether a registry's login and repository events reach a Log Analytics workspace. */
export interface RegistryAudit {
  state: 'complete' | 'partial' | 'none' | 'unknown';
  /** Categories of the audit trail no setting sends to a workspace. */
  missing: string[];
  /** A workspace one of its settings sends to, when any. */
  workspaceId: string | undefined;
}

export interface RegistryFacts {
  id: string;
  name: string;
  loginServer: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  environment: Environment | undefined;
  adminUserEnabled: boolean;
  audit: RegistryAudit;
}

export interface SubscriptionFacts {
  id: string;
  name: string;
  environment: Environment | undefined;
}

/** Everything a person can read about what runs, across every subscription they can read. */
export interface WorkloadEstate {
  tenantId: string | undefined;
  subscriptions: SubscriptionFacts[];
  groups: ContainerGroupFacts[];
  clusters: ClusterFacts[];
  registries: RegistryFacts[];
  /** Parts that could not be read, for the answer's footnote. */
  failures: Array<{ label: string; reason: string }>;
}

/** The registry audit trail categories the guidance asks for (administrative access to the registry). */
export const AUDIT_CATEGORIES = ['ContainerRegistryLoginEvents', 'ContainerRegistryRepositoryEvents'] as const;
