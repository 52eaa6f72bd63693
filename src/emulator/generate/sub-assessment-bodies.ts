import type { ArmResource } from './tenant-types.js';
import type { CatalogEntry, OsFamily } from './cve-catalog.js';
import { ASSESSMENT } from './builtins.js';
import { subAssessmentStatus, type FindingStatus } from './assessment-body.js';

/** A container image as Defender names it in `artifactDetails`. */
export interface ImageRef {
  registryHost: string;
  repositoryName: string;
  digest: string;
  tags: string[];
  lastPushedToRegistryUTC: string;
  mediaType: string;
  family: OsFamily;
  /** MDVM's OS label, e.g. `debian_linux_12`, `alpine_linux_3.18`, `ubuntu_linux_22.04`. */
  osVersion: string;
}

export interface FindingInput {
  /** The assessed resource: registry (registry scans) or managed cluster (running images). */
  resourceId: string;
  /** Sub-assessment name (a GUID). */
  name: string;
  image: ImageRef;
  entry: CatalogEntry;
  status: FindingStatus;
  timeGenerated: string;
  /** `lean` drops the descriptive extras (CPE, exploitability, weaknesses) that large tenants do not need. */
  detail?: 'full' | 'lean';
  exemptReason?: string;
}

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

const NVD = 'https://nvd.nist.gov/vuln/detail/';
const TRACKER: Record<OsFamily, (cve: string) => { title: string; link: string }> = {
  debian: (cve) => ({ title: `Debian security tracker ${cve}`, link: `https://security-tracker.debian.org/tracker/${cve}` }),
  alpine: (cve) => ({ title: `Alpine secdb ${cve}`, link: `https://security.alpinelinux.org/vuln/${cve}` }),
  ubuntu: (cve) => ({ title: `Ubuntu ${cve}`, link: `https://ubuntu.com/security/${cve}` }),
};
const DISTRO_VENDOR: Record<OsFamily, string> = { debian: 'Debian', alpine: 'Alpine', ubuntu: 'Canonical' };

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).replace(/_/g, ' ');
}

function references(entry: CatalogEntry, family: OsFamily): Array<{ title: string; link: string }> {
  const second =
    entry.category === 'OS'
      ? TRACKER[family](entry.cveId)
      : { title: `GitHub advisories for ${entry.cveId}`, link: `https://github.com/advisories?query=${entry.cveId}` };
  return [{ title: entry.cveId, link: `${NVD}${entry.cveId}` }, second];
}

function vulnerabilityDetails(entry: CatalogEntry, family: OsFamily, detail: 'full' | 'lean'): Record<string, unknown> {
  const base = {
    severity: entry.severity,
    cveId: entry.cveId,
    cvss: { '2.0': null, '3.0': { cvssVectorString: entry.vector, base: entry.cvss } },
    publishedDate: entry.published,
    references: references(entry, family),
  };
  if (detail === 'lean') return base;
  const target = entry.language || '*';
  return {
    severity: entry.severity,
    exploitabilityAssessment: {
      exploitStepsPublished: entry.exploited === true,
      exploitStepsVerified: entry.exploited === true,
      isInExploitKit: entry.exploited === true && entry.cvss >= 9.8,
      exploitUris: [],
      types: [entry.vector.includes('AV:N') ? 'Remote' : 'Local'],
    },
    lastModifiedDate: '2026-10-01T00:00:00Z',
    publishedDate: entry.published,
    workarounds: [],
    references: base.references,
    weaknesses: { cwe: [{ id: entry.cwe }] },
    cveId: entry.cveId,
    cvss: base.cvss,
    cpe: {
      language: '*', softwareEdition: '*', version: '*', targetHardware: '*', targetSoftware: target,
      vendor: entry.vendor, edition: '*', product: entry.product, update: '*', other: '*', part: 'Applications',
      uri: `cpe:2.3:a:${entry.vendor}:${entry.product}:*:*:*:*:*:${target}:*:*`,
    },
  };
}

function artifactDetails(image: ImageRef): Record<string, unknown> {
  return {
    lastPushedToRegistryUTC: image.lastPushedToRegistryUTC,
    repositoryName: image.repositoryName,
    registryHost: image.registryHost,
    artifactType: 'ContainerImage',
    mediaType: image.mediaType,
    digest: image.digest,
    tags: image.tags,
  };
}

function softwareDetails(entry: CatalogEntry, image: ImageRef): Record<string, unknown> {
  return {
    category: entry.category,
    language: entry.language,
    fixedVersion: entry.fixedVersion,
    version: entry.version,
    vendor: entry.vendor,
    packageName: entry.packageName,
    osDetails: { osPlatform: 'linux', osVersion: image.osVersion },
    fixStatus: entry.fixedVersion ? 'FixAvailable' : 'NoFixAvailable',
    evidence: [],
  };
}

function commonProperties(input: FindingInput): Record<string, unknown> {
  const { entry, image } = input;
  const vendors = [...new Set(entry.category === 'OS' ? [DISTRO_VENDOR[image.family], capitalised(entry.vendor)] : [capitalised(entry.vendor)])];
  return {
    id: entry.cveId,
    displayName: entry.cveId,
    status: subAssessmentStatus(input.status, entry.severity, input.exemptReason),
    remediation: entry.fixedVersion ? `Upgrade ${entry.packageName} to version ${entry.fixedVersion} or later.` : 'No remediation exists',
    description: `This vulnerability affects the following vendors: ${vendors.join(', ')}. To view more details about this vulnerability please visit the vendor website.`,
    timeGenerated: input.timeGenerated,
  };
}

function subAssessmentId(resourceId: string, key: string, name: string): string {
  return `${resourceId}/providers/Microsoft.Security/assessments/${key}/subAssessments/${name}`;
}

/** One registry-image finding in the MDVM shape (assessment c0b7cfc6…). */
export function mdvmSubAssessment(input: FindingInput): ArmResource {
  const { entry, image } = input;
  return {
    id: subAssessmentId(input.resourceId, ASSESSMENT.registryMdvm, input.name),
    name: input.name,
    type: 'Microsoft.Security/assessments/subAssessments',
    properties: {
      ...commonProperties(input),
      resourceDetails: { id: `/repositories/${image.repositoryName}/images/${image.digest}`, source: 'Azure' },
      additionalData: {
        assessedResourceType: 'AzureContainerRegistryVulnerability',
        vulnerabilityDetails: vulnerabilityDetails(entry, image.family, input.detail ?? 'full'),
        artifactDetails: artifactDetails(image),
        softwareDetails: softwareDetails(entry, image),
        cvssV30Score: entry.cvss,
      },
    },
  };
}

/** Where a running image runs inside a Kubernetes cluster. */
export interface K8sPlacement {
  namespace: string;
  workloadKind: 'Deployment' | 'DaemonSet' | 'StatefulSet';
  workloadName: string;
  containerName: string;
  /** Shown in the container's `securityContext` when the running data carries it. */
  privileged?: boolean;
}

/** One running-image finding on an AKS cluster (assessment c609cf0f…), MDVM shape plus the container it runs in. */
export function runtimeSubAssessment(input: FindingInput & { placement: K8sPlacement }): ArmResource {
  const { entry, image, placement } = input;
  const path = `/namespaces/${placement.namespace}/${placement.workloadKind.toLowerCase()}s/${placement.workloadName}/containers/${placement.containerName}`;
  return {
    id: subAssessmentId(input.resourceId, ASSESSMENT.runningMdvm, input.name),
    name: input.name,
    type: 'Microsoft.Security/assessments/subAssessments',
    properties: {
      ...commonProperties(input),
      resourceDetails: { id: path, source: 'Azure', ResourceType: 'K8s-container', ResourceName: placement.containerName },
      additionalData: {
        assessedResourceType: 'AzureContainerVulnerability',
        vulnerabilityDetails: vulnerabilityDetails(entry, image.family, input.detail ?? 'full'),
        artifactDetails: artifactDetails(image),
        softwareDetails: softwareDetails(entry, image),
        cvssV30Score: entry.cvss,
        kubernetesContext: {
          workloads: [
            {
              name: placement.workloadName,
              kind: placement.workloadKind,
              namespace: placement.namespace,
              containers: [{
                name: placement.containerName,
                image: `${image.registryHost}/${image.repositoryName}@${image.digest}`,
                ...(placement.privileged ? { securityContext: { privileged: true } } : {}),
              }],
            },
          ],
        },
      },
    },
  };
}

/**
 * One finding in the older Qualys shape (assessment dbd0cb49…): no `vulnerabilityDetails`, so
 * readers fall back to the CVSS 3.0 base score for severity.
 */
export function qualysSubAssessment(input: FindingInput & { qid: string }): ArmResource {
  const { entry, image } = input;
  const id = subAssessmentId(input.resourceId, ASSESSMENT.registryQualys, input.name);
  const tracker = entry.category === 'OS' ? TRACKER[image.family](entry.cveId) : { title: entry.cveId, link: `${NVD}${entry.cveId}` };
  return {
    id,
    name: input.name,
    type: 'Microsoft.Security/assessments/subAssessments',
    properties: {
      displayName: `${capitalised(entry.product)}: ${entry.title}`,
      id: input.qid,
      status: subAssessmentStatus(input.status, entry.severity, input.exemptReason),
      resourceDetails: {
        source: 'Azure',
        id: `${input.resourceId}/repository/${image.repositoryName}/imageDigest/${image.digest}/providers/Microsoft.Security/assessments/${ASSESSMENT.registryQualys}/subAssessments/${input.name}`,
      },
      remediation: entry.fixedVersion ? `Update ${entry.packageName} to ${entry.fixedVersion} or later.` : 'No patch is available yet.',
      impact: entry.vector.includes('AV:N') ? 'Remote attackers may exploit this vulnerability.' : 'Local users may exploit this vulnerability.',
      category: entry.category === 'OS' ? DISTRO_VENDOR[image.family] : capitalised(entry.language),
      description: `${entry.title} in ${entry.packageName} ${entry.version}.`,
      timeGenerated: input.timeGenerated,
      additionalData: {
        assessedResourceType: 'ContainerRegistryVulnerability',
        imageDigest: image.digest,
        repositoryName: image.repositoryName,
        type: 'Vulnerability',
        cvss: { '3.0': { base: entry.cvss } },
        patchable: entry.fixedVersion !== '',
        cve: [{ title: entry.cveId, link: `${NVD}${entry.cveId}` }],
        publishedTime: entry.published.replace('Z', '.0000000Z'),
        vendorReferences: [tracker],
      },
    },
  };
}
