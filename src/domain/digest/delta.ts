import type { DigestDelta, DigestSnapshot, Observation, ObservedFinding } from './types.js';
import { subscriptionOfUnit } from './fingerprint.js';

/**
 * What changed since the previous digest, from the previous snapshot's fingerprints and a fresh
 * observation. Units that could not be read this time keep what the previous digest saw there:
 * a registry that failed to answer has not resolved its findings.
 */

function carried(previous: Record<string, string[]>, observation: Observation): Record<string, string[]> {
  const failedSubs = new Set(observation.failedSubscriptions.map((s) => s.toLowerCase()));
  const failedUnits = new Set(observation.failedUnits);
  const out: Record<string, string[]> = {};
  for (const [unit, prints] of Object.entries(previous)) {
    if (failedUnits.has(unit) || failedSubs.has(subscriptionOfUnit(unit))) out[unit] = prints;
  }
  return out;
}

function byUnit<T extends { unit: string; fingerprint: string }>(items: readonly T[], prefix: (item: T) => string): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const item of items) (out[item.unit] ??= new Set()).add(prefix(item) + item.fingerprint);
  return Object.fromEntries(Object.entries(out).map(([unit, set]) => [unit, [...set].sort()]));
}

function merge(a: Record<string, string[]>, b: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = { ...a };
  for (const [unit, prints] of Object.entries(b)) out[unit] = [...new Set([...(out[unit] ?? []), ...prints])].sort();
  return out;
}

function allOf(map: Record<string, string[]>): Set<string> {
  return new Set(Object.values(map).flat());
}

const SEVERITY_PREFIX = (f: ObservedFinding): string => (f.severity === 'Critical' ? 'C' : 'H');

/** Distinct by fingerprint: the same image and CVE reported by the registry scan and a cluster count once. */
function distinct<T extends { fingerprint: string }>(items: readonly T[], key: (item: T) => string = (i) => i.fingerprint): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

export function computeDelta(previous: DigestSnapshot | undefined, observation: Observation): DigestDelta {
  const findings = distinct(observation.findings, (f) => SEVERITY_PREFIX(f) + f.fingerprint);
  const stale = distinct(observation.staleImages);
  const keptFindings = previous ? carried(previous.findings, observation) : {};
  const keptStale = previous ? carried(previous.staleImages, observation) : {};
  const snapshot = {
    takenAt: observation.readAt,
    findings: merge(byUnit(findings, SEVERITY_PREFIX), keptFindings),
    staleImages: merge(byUnit(stale, () => ''), keptStale),
    nonCompliant: observation.nonCompliant
      ? [...new Set(observation.nonCompliant.map((r) => r.fingerprint))].sort()
      : previous?.nonCompliant,
  };
  const now = allOf(snapshot.findings);
  // Suppressed findings stay in the snapshot, so that a suppression starting or ending is not a change.
  const hiddenPrints = new Set(findings.filter((f) => f.suppressed).map((f) => SEVERITY_PREFIX(f) + f.fingerprint));
  const counted = [...now].filter((p) => !hiddenPrints.has(p));
  const open = {
    critical: counted.filter((p) => p.startsWith('C')).length,
    high: counted.filter((p) => p.startsWith('H')).length,
  };
  const staleTotal = allOf(snapshot.staleImages).size;
  const nonCompliantTotal = observation.nonCompliant ? snapshot.nonCompliant?.length : undefined;

  if (!previous) {
    return {
      baseline: true,
      since: undefined,
      newFindings: [],
      resolved: { critical: 0, high: 0 },
      open,
      newStale: [],
      staleTotal,
      newNonCompliant: undefined,
      nonCompliantTotal,
      hidden: hiddenPrints.size,
      snapshot,
    };
  }
  const before = allOf(previous.findings);
  const gone = [...before].filter((p) => !now.has(p));
  const staleBefore = allOf(previous.staleImages);
  const compliantBefore = new Set(previous.nonCompliant ?? []);
  return {
    baseline: false,
    since: previous.takenAt,
    newFindings: findings.filter((f) => !f.suppressed && !before.has(SEVERITY_PREFIX(f) + f.fingerprint)),
    resolved: { critical: gone.filter((p) => p.startsWith('C')).length, high: gone.filter((p) => p.startsWith('H')).length },
    open,
    newStale: stale.filter((i) => !staleBefore.has(i.fingerprint)),
    staleTotal,
    // Compliance never read before: everything would look new, so this digest is its baseline.
    newNonCompliant:
      observation.nonCompliant && previous.nonCompliant ? distinct(observation.nonCompliant).filter((r) => !compliantBefore.has(r.fingerprint)) : undefined,
    nonCompliantTotal,
    hidden: hiddenPrints.size,
    snapshot,
  };
}
