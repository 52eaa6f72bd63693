import type { Environment } from '../environment.js';
import { findPolicy } from '../policy-catalog.js';
import { reasonFor } from './reasons.js';
import type { AssignmentCounts, AssignmentInfo, PolicyStateView } from './types.js';

/** Policy states grouped the two ways people ask: per assignment ("compliance") and per resource ("who violates"). */

export interface FailingResource {
  resourceId: string;
  name: string;
  resourceGroup: string;
  environment: Environment | undefined;
  reason: string;
}

export interface AssignmentReport {
  assignmentId: string;
  displayName: string;
  scope: string;
  effect: string;
  enforcementMode: string | undefined;
  compliant: number;
  nonCompliant: number;
  exempt: number;
  /** Counted apart, so that no judged resource goes missing from the numbers. */
  conflict?: number;
  unknown?: number;
  failing: FailingResource[];
  /** A Kubernetes policy (allowed images, no privileged containers…): judged inside clusters. */
  kubernetes: boolean;
}

export interface ResourceViolations {
  resourceId: string;
  name: string;
  resourceType: string;
  resourceGroup: string;
  environment: Environment | undefined;
  violations: Array<{ assignmentId: string; policy: string; effect: string; reason: string }>;
}

const CONTAINER_TYPES = /^microsoft\.(containerregistry|containerservice|containerinstance|kubernetes)\//i;

/** States about container resources, or from the container built-ins ShipShape knows. */
export function isContainerState(state: PolicyStateView): boolean {
  return CONTAINER_TYPES.test(state.resourceType) || findPolicy(state.definitionName) !== undefined;
}

export function filterStates(states: readonly PolicyStateView[], environments: readonly Environment[], containerOnly: boolean): PolicyStateView[] {
  return states.filter(
    (s) => (!containerOnly || isContainerState(s)) && (environments.length === 0 || (s.environment !== undefined && environments.includes(s.environment))),
  );
}

export function nameOf(resourceId: string): string {
  return resourceId.split('/').filter(Boolean).pop() ?? resourceId;
}

/** Worst state per resource (an initiative judges one resource several times). */
function countsFrom(states: readonly PolicyStateView[]): Omit<AssignmentCounts, 'assignmentId'> {
  const rank = (s: string) => (s === 'NonCompliant' ? 3 : s === 'Conflict' ? 2 : s === 'Compliant' ? 1 : 0);
  const worst = new Map<string, string>();
  for (const s of states) {
    const key = s.resourceId.toLowerCase();
    const prior = worst.get(key);
    if (prior === undefined || rank(s.state) > rank(prior)) worst.set(key, s.state);
  }
  const values = [...worst.values()];
  return {
    compliant: values.filter((v) => v === 'Compliant').length,
    nonCompliant: values.filter((v) => v === 'NonCompliant').length,
    exempt: values.filter((v) => v === 'Exempt').length,
    conflict: values.filter((v) => v === 'Conflict').length,
    unknown: values.filter((v) => v === 'Unknown').length,
  };
}

function failingOf(states: readonly PolicyStateView[]): FailingResource[] {
  const byResource = new Map<string, FailingResource>();
  for (const s of states) {
    if (s.state !== 'NonCompliant' || byResource.has(s.resourceId.toLowerCase())) continue;
    byResource.set(s.resourceId.toLowerCase(), { resourceId: s.resourceId, name: nameOf(s.resourceId), resourceGroup: s.resourceGroup, environment: s.environment, reason: reasonFor(s) });
  }
  return [...byResource.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Per assignment: counts (from summarize when they describe exactly what was asked, else counted from
 * the states) and the failing resources with reasons; most failures first.
 */
export function byAssignment(
  states: readonly PolicyStateView[],
  assignments: readonly AssignmentInfo[],
  counts: readonly AssignmentCounts[] | undefined,
): AssignmentReport[] {
  const groups = new Map<string, PolicyStateView[]>();
  for (const s of states) groups.set(s.assignmentId.toLowerCase(), [...(groups.get(s.assignmentId.toLowerCase()) ?? []), s]);
  const info = new Map(assignments.map((a) => [a.id.toLowerCase(), a]));
  const reports = [...groups.entries()].map(([key, rows]): AssignmentReport => {
    const first = rows[0] as PolicyStateView;
    const a = info.get(key);
    const summarized = counts?.find((c) => c.assignmentId.toLowerCase() === key);
    const policy = findPolicy(first.definitionName);
    return {
      assignmentId: first.assignmentId,
      displayName: a?.displayName || policy?.displayName || first.assignmentName,
      // The assignment's own scope keeps the names' casing; Policy Insights lower-cases it.
      scope: a?.scope || first.assignmentScope,
      effect: first.effect,
      enforcementMode: a?.enforcementMode,
      ...(summarized
        ? { compliant: summarized.compliant, nonCompliant: summarized.nonCompliant, exempt: summarized.exempt, conflict: summarized.conflict ?? 0, unknown: summarized.unknown ?? 0 }
        : countsFrom(rows)),
      failing: failingOf(rows),
      kubernetes: /kubernetes\.data/i.test(policy?.mode ?? ''),
    };
  });
  // Assignments whose resources all comply have no failing state to group; summarize still counts them.
  for (const c of counts ?? []) {
    const a = info.get(c.assignmentId.toLowerCase());
    const policy = a ? findPolicy(a.definitionId) : undefined;
    if (!a || !policy || groups.has(c.assignmentId.toLowerCase()) || c.compliant + c.nonCompliant + c.exempt + (c.conflict ?? 0) + (c.unknown ?? 0) === 0) continue;
    reports.push({
      assignmentId: a.id, displayName: a.displayName || policy.displayName, scope: a.scope, effect: (a.effect ?? policy.defaultEffect).toLowerCase(),
      enforcementMode: a.enforcementMode, compliant: c.compliant, nonCompliant: c.nonCompliant, exempt: c.exempt, conflict: c.conflict ?? 0, unknown: c.unknown ?? 0, failing: [],
      kubernetes: /kubernetes\.data/i.test(policy.mode),
    });
  }
  return reports.sort((x, y) => y.nonCompliant - x.nonCompliant || x.displayName.localeCompare(y.displayName));
}

/** Per resource: every assignment it fails, with reasons; most violations first. */
export function byResource(states: readonly PolicyStateView[], assignments: readonly AssignmentInfo[]): ResourceViolations[] {
  const info = new Map(assignments.map((a) => [a.id.toLowerCase(), a]));
  const groups = new Map<string, ResourceViolations>();
  for (const s of states) {
    if (s.state !== 'NonCompliant') continue;
    const key = s.resourceId.toLowerCase();
    let entry = groups.get(key);
    if (!entry) {
      entry = { resourceId: s.resourceId, name: nameOf(s.resourceId), resourceType: s.resourceType, resourceGroup: s.resourceGroup, environment: s.environment, violations: [] };
      groups.set(key, entry);
    }
    const policy = info.get(s.assignmentId.toLowerCase())?.displayName || findPolicy(s.definitionName)?.displayName || s.assignmentName;
    // Policy Insights spells ids lower-case and ARM as created: compare them as ARM does, ignoring case.
    if (!entry.violations.some((v) => v.assignmentId.toLowerCase() === s.assignmentId.toLowerCase())) entry.violations.push({ assignmentId: s.assignmentId, policy, effect: s.effect, reason: reasonFor(s) });
  }
  return [...groups.values()].sort((a, b) => b.violations.length - a.violations.length || a.name.localeCompare(b.name));
}

/** The failing resources worth explaining first (those the answer shows first), at most `limit`. */
export function resourcesToExplain(states: readonly PolicyStateView[], limit: number): string[] {
  const ids: string[] = [];
  for (const v of byResource(states, [])) if (ids.length < limit) ids.push(v.resourceId);
  return ids;
}

/** Replaces states of explained resources by their explained versions. */
export function withEvidence(states: readonly PolicyStateView[], explained: ReadonlyMap<string, PolicyStateView[]>): PolicyStateView[] {
  return states.map((s) => {
    const match = explained.get(s.resourceId.toLowerCase())?.find((e) => e.assignmentId.toLowerCase() === s.assignmentId.toLowerCase() && e.definitionId.toLowerCase() === s.definitionId.toLowerCase());
    return match?.evidence ? { ...s, evidence: match.evidence } : s;
  });
}
