import type { GuardrailId } from './types.js';

/**
 * The words of each guardrail, in one place: its name on a badge and in a heading, why it matters
 * (one line, from Microsoft's security considerations for Azure Container Instances) and what to do.
 */
export interface GuardrailText {
  /** On a badge: one short word. */
  badge: string;
  title: string;
  why: string;
}

export const GUARDRAIL_TEXT: Readonly<Record<GuardrailId, GuardrailText>> = {
  registries: {
    badge: 'Registries',
    title: 'Approved registries',
    why: 'Public images carry layers nobody here built or scanned; the guidance permits only approved registries.',
  },
  credentials: {
    badge: 'Secrets',
    title: 'Credentials',
    why: 'Plain values and registry passwords sit with the workload where anyone who can read it finds them; credentials belong in a secrets store.',
  },
  privilege: {
    badge: 'Privilege',
    title: 'Least privilege',
    why: 'A privileged container runs as root on its host: whoever escapes it owns the host.',
  },
  network: {
    badge: 'Network',
    title: 'Network segmentation',
    why: 'A public IP puts these ports on the internet, and a public Kubernetes API server lets anyone try to sign in to the cluster; the guidance asks to keep running containers in a segmented virtual network.',
  },
  images: {
    badge: 'Images',
    title: 'Vulnerable and stale images',
    why: 'Running images with open critical or high findings, or not rebuilt for months, run known flaws.',
  },
  monitoring: {
    badge: 'Monitoring',
    title: 'Monitoring and audit trail',
    why: 'Without container logs and registry login events in a workspace there is no audit trail to investigate an incident with.',
  },
  kubernetes: {
    badge: 'Kubernetes',
    title: 'Kubernetes policies',
    why: 'The built-in “allowed images” and “no privileged containers” policies stop unapproved and root containers before they run.',
  },
};

/** What to do, by the kind of problem a rule found. */
export const TODO = {
  unapprovedImage:
    'Import the image into one of your registries (az acr import), scan it there and deploy it from there; or add its registry to APPROVED_REGISTRIES if it is sanctioned.',
  unreadableRegistry: 'Ask for Reader on that registry, or have someone who can read it run this check.',
  plainSecret: 'Redeploy with these variables as secureValue, or mount them from Azure Key Vault; then rotate them, since they were readable.',
  passwordLogin: 'Pull with a managed identity that has AcrPull on the registry instead of a username and password; then disable the registry’s admin user.',
  privileged: 'Redeploy without privileged: true; grant only the capabilities the container really needs.',
  publicIp:
    'Redeploy into a virtual network subnet (private IP) and publish through Application Gateway or Front Door; close ports nobody needs, SSH and database ports first.',
  privateWithoutSubnet: 'Deploy the group into a virtual network subnet so that its private IP is segmented.',
  publicApiServer:
    'Allow only your own addresses to reach the API server (authorized IP ranges, az aks update --api-server-authorized-ip-ranges) or make it a private cluster; both are under Networking on the cluster’s portal page.',
  vulnerableImage: 'Rebuild on a patched base image and redeploy; “fix first” ranks what to patch.',
  staleImage: 'Rebuild and redeploy images this old even without known findings: new vulnerabilities surface all the time.',
  unscannedImage: 'Run images from a registry Defender for Containers scans, so that their vulnerabilities are known.',
  findingsUnavailable: 'Ask again in a moment: image findings could not be read completely just now.',
  noLogAnalytics: 'Redeploy with diagnostics.logAnalytics pointing at your Log Analytics workspace.',
  clusterNotMonitored: 'Turn on Container insights or Defender for Containers’ security monitoring for the cluster.',
  registryAudit: 'Add a diagnostic setting that sends ContainerRegistryLoginEvents and ContainerRegistryRepositoryEvents to a Log Analytics workspace.',
  policyNotAssigned: 'Assign the built-in policy to the cluster (audit first, then deny) and fix what it reports.',
  policyNonCompliant: 'Fix the workloads the policy reports in the cluster, then switch its effect to deny.',
  policyAddonOff: 'Turn on the Azure Policy add-on, so that Kubernetes policies can judge what runs in the cluster.',
  policyStatesUnknown: 'Ask again later: policy compliance could not be read, or the policy has not judged the cluster yet.',
} as const;

/** Ports that should never face the internet, named so people recognise them. */
export const SENSITIVE_PORTS: Readonly<Record<number, string>> = {
  21: 'FTP', 22: 'SSH', 23: 'Telnet', 445: 'SMB', 1433: 'SQL Server', 2375: 'Docker API', 2376: 'Docker API', 3306: 'MySQL',
  3389: 'RDP', 5432: 'PostgreSQL', 5984: 'CouchDB', 6379: 'Redis', 9200: 'Elasticsearch', 11211: 'Memcached', 27017: 'MongoDB',
};
