import type { FindingRecord } from '../../domain/findings/index.js';
import type { PlannedUnit } from '../findings/scan-plan.js';
import { toFindingRecord } from '../findings/sub-assessment-mapper.js';
import { FINDING_FIELDS as F, IMAGE_FIELDS as I } from './finding-queries.js';
import type { GraphRow } from './graph-reader.js';

/**
 * The findings query's packed rows (one per image) back into finding records. Each finding is
 * rebuilt as the few sub-assessment fields the query sent and mapped by the same mapper the
 * per-subscription path uses, so both paths read a finding the same way. (The mapper reads a null
 * field as a missing one, so nulls the query sent stay in place.)
 */

type Json = Record<string, unknown>;

/** The image's part of a sub-assessment, from the row's group key. */
function imagePart(image: unknown[]): { additionalData: Json; resourceDetails: Json } {
  const workloads = image[I.workloads];
  return {
    additionalData: {
      artifactDetails: { registryHost: image[I.registryHost], repositoryName: image[I.repositoryName], digest: image[I.digest], tags: image[I.tags], lastPushedToRegistryUTC: image[I.lastPushed] },
      repositoryName: image[I.qualysRepository],
      imageDigest: image[I.qualysDigest],
      kubernetesContext: workloads === null || workloads === undefined ? undefined : { workloads },
    },
    resourceDetails: { id: image[I.resourceDetailsId] },
  };
}

function exploitOf(flags: unknown): Json | undefined {
  if (typeof flags !== 'number' || flags < 0) return undefined;
  return { exploitStepsPublished: (flags & 1) !== 0, exploitStepsVerified: (flags & 2) !== 0, isInExploitKit: (flags & 4) !== 0 };
}

/** One open finding as the sub-assessment it was packed from (only the fields the mapper reads). */
function findingOf(f: unknown[], image: { additionalData: Json; resourceDetails: Json }): Json {
  const qualysCve = f[F.qualysCve];
  const ownId = f[F.ownId];
  const orOwnId = (value: unknown): unknown => (value === 1 ? ownId : value);
  return {
    name: f[F.name],
    properties: {
      id: ownId,
      displayName: orOwnId(f[F.displayName]),
      timeGenerated: f[F.timeGenerated],
      status: { code: 'Unhealthy', severity: f[F.statusSeverity] },
      resourceDetails: image.resourceDetails,
      additionalData: {
        ...image.additionalData,
        vulnerabilityDetails: { severity: f[F.severity], cveId: orOwnId(f[F.cveId]), exploitabilityAssessment: exploitOf(f[F.exploit]) },
        cvssV30Score: f[F.cvss],
        cve: qualysCve === null || qualysCve === undefined ? undefined : [{ title: qualysCve }],
        softwareDetails:
          f[F.hasSoftware] === true
            ? { packageName: f[F.packageName], version: f[F.version], fixedVersion: f[F.fixedVersion], fixStatus: f[F.fixStatus], language: f[F.language], category: f[F.category] }
            : undefined,
        patchable: f[F.patchable],
      },
    },
  };
}

/** A packed row's unit id and image key, from its `id` (`{unit}|{image key JSON}`). */
export function splitRowId(id: unknown): { unit: string; image: unknown[] } | undefined {
  const text = String(id);
  const cut = text.indexOf('|[');
  if (cut < 0) return undefined;
  try {
    const image = JSON.parse(text.slice(cut + 1)) as unknown;
    return Array.isArray(image) ? { unit: text.slice(0, cut), image } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One packed row's records: its open findings, or, when it has none open, one resolved record that
 * tells the image exists (its tags, push time and placements are the row's, the same for every
 * resolved finding of the image).
 */
export function recordsOf(row: GraphRow, image: unknown[], unit: PlannedUnit): FindingRecord[] {
  const part = imagePart(image);
  const out: FindingRecord[] = [];
  const open = Array.isArray(row.f) ? row.f : [];
  for (const item of open) {
    const f = (item as { f?: unknown } | null)?.f;
    if (!Array.isArray(f)) continue;
    const record = toFindingRecord(findingOf(f, part), unit.context);
    if (record) out.push(record);
  }
  if (open.length === 0 && Number(row.closed) > 0) {
    const record = toFindingRecord({ properties: { status: { code: 'Healthy' }, resourceDetails: part.resourceDetails, additionalData: part.additionalData } }, unit.context);
    if (record) out.push(record);
  }
  return out;
}
