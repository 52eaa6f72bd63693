import type { Exploitability, FindingRecord, ImageRef, K8sPlacement, Scanner } from '../../domain/findings/index.js';
import { toSeverity, type Severity } from '../../domain/severity.js';

/**
 * Defender sub-assessments (ARM JSON, as listed) → findings. Three shapes arrive: MDVM registry
 * scans, MDVM running-image scans (the same plus the Kubernetes context), and the retired Qualys
 * scans, which carry no `vulnerabilityDetails` and name the image only by repository and digest.
 */

/** Defender for Cloud assessment keys (the assessment `name`). */
export const ASSESSMENT_KEYS = {
  /** Registry images, Microsoft Defender Vulnerability Management. */
  registry: 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5',
  /** Running images on Kubernetes, Microsoft Defender Vulnerability Management. */
  runtime: 'c609cf0f-71ab-41e9-a3c6-9a1f7fe1b8d5',
  /** Registry images, Qualys (deprecated). */
  qualys: 'dbd0cb49-b563-45e7-9724-889e799fa648',
} as const;

export interface MapContext {
  scanner: Scanner;
  /** The registry or cluster listed. */
  assessedResourceId: string;
  /** The registry's login server, for shapes that do not carry it (Qualys). */
  registryHost?: string;
}

type Json = Record<string, unknown>;

const CVE = /^CVE-\d{4}-\d{4,}$/i;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** CVSS v3 base score bands (TENANT-FORMAT), for shapes without a severity of their own. */
export function severityFromCvss(score: number | undefined): Severity | undefined {
  if (score === undefined) return undefined;
  if (score >= 9) return 'Critical';
  if (score >= 7) return 'High';
  if (score >= 4) return 'Medium';
  return 'Low';
}

function cvssOf(ad: Json, vd: Json | undefined): number | undefined {
  const v3 = (holder: Json | undefined): number | undefined => num(obj(obj(holder?.cvss)?.['3.0'])?.base);
  return num(ad.cvssV30Score) ?? v3(vd) ?? v3(ad) ?? num(obj(obj(ad.cvss)?.['2.0'])?.base);
}

function normaliseDigest(digest: string): string {
  const d = digest.toLowerCase();
  return /^[a-f0-9]{64}$/.test(d) ? `sha256:${d}` : d;
}

/** `/repositories/{repo}/images/{digest}` (MDVM `resourceDetails.id`). */
function imageFromResourceDetails(id: string | undefined, host: string | undefined): ImageRef | undefined {
  const m = id ? /^\/repositories\/(.+)\/images\/([^/]+)$/.exec(id) : null;
  if (!m || !host) return undefined;
  return { registryHost: host.toLowerCase(), repository: m[1] as string, digest: normaliseDigest(m[2] as string) };
}

function placementsOf(ad: Json, resourceDetailsId: string | undefined): K8sPlacement[] {
  const out: K8sPlacement[] = [];
  const workloads = obj(ad.kubernetesContext)?.workloads;
  if (Array.isArray(workloads)) {
    for (const w of workloads) {
      const workload = obj(w);
      const containers = Array.isArray(workload?.containers) ? workload.containers : [];
      for (const c of containers) {
        out.push({
          namespace: str(workload?.namespace) ?? 'default',
          kind: str(workload?.kind) ?? 'Workload',
          name: str(workload?.name) ?? '?',
          container: str(obj(c)?.name) ?? '?',
        });
      }
    }
  }
  if (out.length === 0 && resourceDetailsId) {
    const m = /^\/namespaces\/([^/]+)\/([^/]+?)s?\/([^/]+)\/containers\/([^/]+)$/.exec(resourceDetailsId);
    if (m) out.push({ namespace: m[1] as string, kind: m[2] as string, name: m[3] as string, container: m[4] as string });
  }
  return out;
}

/** MDVM's `category` (OS or Language) and `language`: which ecosystem the package belongs to. */
function ecosystemOf(sd: Json | undefined): { ecosystem?: string } {
  const language = str(sd?.language)?.toLowerCase();
  if (language) return { ecosystem: language };
  return str(sd?.category)?.toLowerCase() === 'os' ? { ecosystem: 'os' } : {};
}

function exploitOf(vd: Json | undefined): Exploitability | undefined {
  const ea = obj(vd?.exploitabilityAssessment);
  if (!ea) return undefined;
  return {
    published: ea.exploitStepsPublished === true,
    verified: ea.exploitStepsVerified === true,
    inExploitKit: ea.isInExploitKit === true,
  };
}

/** One sub-assessment as a finding record; undefined when it does not name an image. */
export function toFindingRecord(raw: unknown, ctx: MapContext): FindingRecord | undefined {
  const props = obj(obj(raw)?.properties);
  if (!props) return undefined;
  const ad = obj(props.additionalData) ?? {};
  const status = obj(props.status);
  const artifact = obj(ad.artifactDetails);
  const resourceDetailsId = str(obj(props.resourceDetails)?.id);

  let image: ImageRef | undefined;
  if (artifact && str(artifact.repositoryName) && str(artifact.digest)) {
    const host = str(artifact.registryHost) ?? ctx.registryHost;
    if (host) image = { registryHost: host.toLowerCase(), repository: artifact.repositoryName as string, digest: normaliseDigest(artifact.digest as string) };
  } else if (str(ad.repositoryName) && str(ad.imageDigest) && ctx.registryHost) {
    image = { registryHost: ctx.registryHost.toLowerCase(), repository: ad.repositoryName as string, digest: normaliseDigest(ad.imageDigest as string) };
  } else {
    image = imageFromResourceDetails(resourceDetailsId, ctx.registryHost);
  }
  if (!image) return undefined;

  const vd = obj(ad.vulnerabilityDetails);
  const cvss = cvssOf(ad, vd);
  // Critical exists only in vulnerabilityDetails; status.severity tops out at High.
  const severity = toSeverity(str(vd?.severity)) ?? severityFromCvss(cvss) ?? toSeverity(str(status?.severity)) ?? 'Medium';
  const qualysCve = Array.isArray(ad.cve) ? str(obj(ad.cve[0])?.title) : undefined;
  const ownId = str(props.id);
  const cveId = [str(vd?.cveId), ownId, qualysCve].find((c): c is string => c !== undefined && CVE.test(c))?.toUpperCase();
  const sd = obj(ad.softwareDetails);
  const fixedVersion = str(sd?.fixedVersion);
  const fixStatus = str(sd?.fixStatus);
  const fixable = sd ? fixStatus === 'FixAvailable' || (fixStatus === undefined && fixedVersion !== undefined) : ad.patchable === true;
  const exploit = exploitOf(vd);
  const tags = Array.isArray(artifact?.tags) ? (artifact.tags as unknown[]).filter((t): t is string => typeof t === 'string') : [];

  return {
    open: str(status?.code)?.toLowerCase() === 'unhealthy',
    image,
    tags,
    lastPushed: str(artifact?.lastPushedToRegistryUTC),
    id: cveId ?? (ownId ? `${ctx.scanner === 'qualys' ? 'QID ' : ''}${ownId}` : str(obj(raw)?.name) ?? 'unknown'),
    cveId,
    title: str(props.displayName) ?? cveId ?? ownId ?? 'Unnamed finding',
    severity,
    cvss,
    packageName: str(sd?.packageName),
    ...ecosystemOf(sd),
    ...(exploit ? { exploit } : {}),
    installedVersion: str(sd?.version),
    fixedVersion,
    fixable,
    remediation: str(props.remediation),
    scannedAt: str(props.timeGenerated),
    scanner: ctx.scanner,
    assessedResourceId: ctx.assessedResourceId,
    placements: ctx.scanner === 'runtime' ? placementsOf(ad, resourceDetailsId) : [],
  };
}
