import type { ArmResource } from '../tenant-types.js';
import { ASSESSMENT, daysAgo, isoTime } from '../builtins.js';
import { catalogEntry } from '../cve-catalog.js';
import { digestFor, guidFor, hexFor } from '../ids.js';
import { assessmentBody, rollUpStatus, type FindingStatus } from '../assessment-body.js';
import {
  DOCKER_MANIFEST, OCI_MANIFEST, mdvmSubAssessment, qualysSubAssessment, type ImageRef,
} from '../sub-assessment-bodies.js';
import { IMAGES, OS, type DemoImage } from './contoso-images.js';
import { REGISTRIES, contosoRegistryId, type RegistryName } from './contoso-registries.js';

/** Registries whose last scans came from the retired Qualys scanner. */
const QUALYS_REGISTRIES: ReadonlySet<RegistryName> = new Set(['contosolegacy']);
const QUALYS_LAST_SCAN = Date.parse('2024-02-27T03:14:00Z');

export function imageRef(image: DemoImage): ImageRef {
  const os = OS[image.os];
  return {
    registryHost: `${image.registry}.azurecr.io`,
    repositoryName: image.repo,
    // The digest depends on content, not on the registry: a promoted copy keeps its digest.
    digest: digestFor(`${image.repo}:${image.tags[0] ?? ''}`),
    tags: [...image.tags],
    lastPushedToRegistryUTC: daysAgo(image.pushedDaysAgo),
    mediaType: os.family === 'alpine' ? OCI_MANIFEST : DOCKER_MANIFEST,
    family: os.family,
    osVersion: os.osVersion,
  };
}

export interface ParsedFinding {
  key: string;
  status: FindingStatus;
}

export function parseFinding(text: string): ParsedFinding {
  const [key = '', marker] = text.split(' ');
  const status: FindingStatus = marker === 'resolved' ? 'Healthy' : marker === 'exempt' ? 'NotApplicable' : 'Unhealthy';
  return { key, status };
}

function findingName(ref: ImageRef, cveId: string, packageName: string): string {
  return guidFor(`${ref.registryHost}/${ref.repositoryName}@${ref.digest}#${cveId}/${packageName}`);
}

const EXEMPT_REASON = 'Exempt: not reachable in this image (risk accepted by Priya Raman until 2027-01-31)';

/** Sub-assessments of one registry, in image order. */
function registrySubAssessments(registry: RegistryName): Array<{ body: ArmResource; status: FindingStatus; pushedDaysAgo: number }> {
  const resourceId = contosoRegistryId(registry);
  const qualys = QUALYS_REGISTRIES.has(registry);
  const out: Array<{ body: ArmResource; status: FindingStatus; pushedDaysAgo: number }> = [];
  IMAGES.filter((i) => i.registry === registry).forEach((image, imageIndex) => {
    const ref = imageRef(image);
    image.findings.forEach((text, findingIndex) => {
      const { key, status } = parseFinding(text);
      const entry = catalogEntry(key, ref.family);
      const name = findingName(ref, entry.cveId, entry.packageName);
      const base = { resourceId, name, image: ref, entry, status, exemptReason: EXEMPT_REASON };
      const body = qualys
        ? qualysSubAssessment({
            ...base,
            timeGenerated: isoTime(QUALYS_LAST_SCAN + (imageIndex * 10 + findingIndex) * 61_000),
            // Qualys ids (QIDs) are numeric; derive a stable one per CVE and package.
            qid: String(170_000 + (parseInt(hexFor(`${entry.cveId}/${entry.packageName}`, 6), 16) % 200_000)),
          })
        : mdvmSubAssessment({ ...base, timeGenerated: daysAgo(0.05 + ((imageIndex * 7 + findingIndex) % 20) * 0.045) });
      out.push({ body, status, pushedDaysAgo: image.pushedDaysAgo });
    });
  });
  return out;
}

/** For every registry: its Defender assessment followed by its sub-assessments. */
export function registryFindingResources(): ArmResource[] {
  const resources: ArmResource[] = [];
  for (const registry of Object.keys(REGISTRIES) as RegistryName[]) {
    const subs = registrySubAssessments(registry);
    if (subs.length === 0) continue;
    const code = rollUpStatus(subs.map((s) => s.status));
    const open = subs.filter((s) => s.status === 'Unhealthy');
    const qualys = QUALYS_REGISTRIES.has(registry);
    resources.push(
      assessmentBody({
        resourceId: contosoRegistryId(registry),
        key: qualys ? ASSESSMENT.registryQualys : ASSESSMENT.registryMdvm,
        code,
        firstEvaluationDate: qualys ? '2020-03-02T10:00:00.0000000Z' : '2023-11-15T10:00:00.0000000Z',
        statusChangeDate: qualys
          ? isoTime(QUALYS_LAST_SCAN)
          : daysAgo(Math.min(...(open.length > 0 ? open : subs).map((s) => s.pushedDaysAgo))),
      }),
      ...subs.map((s) => s.body),
    );
  }
  return resources;
}
