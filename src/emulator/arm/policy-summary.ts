import type { PolicyStateRow } from './policy-compliance.js';

/**
 * Policy Insights' SummarizeResults: counts of non-compliant resources and policies, per compliance
 * state, for the whole scope and broken down per assignment, per definition and per definition group.
 * Compliance states are lower case in summaries (`compliant`, `noncompliant`, `exempt`).
 */

interface Details {
  complianceState: string;
  count: number;
}

export interface SummaryResults {
  queryResultsUri: string;
  nonCompliantResources: number;
  nonCompliantPolicies?: number;
  resourceDetails: Details[];
  policyDetails: Details[];
  policyGroupDetails: Details[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const policyKey = (r: PolicyStateRow): string =>
  [str(r.policyAssignmentId), str(r.policyDefinitionId), str(r.policyDefinitionReferenceId)].join('|').toLowerCase();
const groupsOf = (r: PolicyStateRow): string[] =>
  Array.isArray(r.policyDefinitionGroupNames) ? r.policyDefinitionGroupNames.filter((g): g is string => typeof g === 'string') : [];

/** noncompliant beats everything; all-exempt is exempt; otherwise compliant (or the one state seen). */
function overall(states: Set<string>): string {
  if (states.has('noncompliant')) return 'noncompliant';
  if (states.size === 1) return [...states][0] ?? 'compliant';
  const rest = [...states].filter((s) => s !== 'exempt');
  return rest.length === 1 ? (rest[0] ?? 'compliant') : 'compliant';
}

function tally(rows: PolicyStateRow[], keyOf: (r: PolicyStateRow) => string[]): Details[] {
  const states = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const key of keyOf(row)) {
      let set = states.get(key);
      if (!set) states.set(key, (set = new Set()));
      set.add(str(row.complianceState).toLowerCase() || 'unknown');
    }
  }
  const counts = new Map<string, number>();
  for (const set of states.values()) {
    const state = overall(set);
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const order = ['compliant', 'noncompliant', 'exempt', 'conflict', 'unknown'];
  return [...counts.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([complianceState, count]) => ({ complianceState, count }));
}

function countOf(details: Details[], state: string): number {
  return details.find((d) => d.complianceState === state)?.count ?? 0;
}

export function summarize(rows: PolicyStateRow[], queryResultsUri: string, withPolicyCount = true): SummaryResults {
  const resourceDetails = tally(rows, (r) => [str(r.resourceId).toLowerCase()]);
  const policyDetails = tally(rows, (r) => [policyKey(r)]);
  const results: SummaryResults = {
    queryResultsUri,
    nonCompliantResources: countOf(resourceDetails, 'noncompliant'),
    resourceDetails,
    policyDetails,
    policyGroupDetails: tally(rows, groupsOf),
  };
  if (withPolicyCount) results.nonCompliantPolicies = countOf(policyDetails, 'noncompliant');
  return results;
}

function groupBy(rows: PolicyStateRow[], keyOf: (r: PolicyStateRow) => string): Map<string, PolicyStateRow[]> {
  const groups = new Map<string, PolicyStateRow[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

function odataQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The whole SummarizeResults `value[0]` minus OData annotations, assignments ordered by impact. */
export function summarizeByAssignment(rows: PolicyStateRow[], queryUriBase: string, top: number | undefined) {
  const uri = (clauses: string[]) => `${queryUriBase}&$filter=${['IsCompliant eq false', ...clauses].join(' and ')}`;
  const byAssignment = groupBy(rows, (r) => str(r.policyAssignmentId).toLowerCase());
  const policyAssignments = [...byAssignment.values()].map((assigned) => {
    const first = assigned[0] ?? {};
    const assignmentClause = `PolicyAssignmentId eq ${odataQuote(str(first.policyAssignmentId))}`;
    const byDefinition = groupBy(assigned, policyKey);
    const groups = [...new Set(assigned.flatMap(groupsOf))];
    return {
      policyAssignmentId: str(first.policyAssignmentId),
      policySetDefinitionId: str(first.policySetDefinitionId),
      results: summarize(assigned, uri([assignmentClause])),
      policyDefinitions: [...byDefinition.values()].map((defRows) => {
        const d = defRows[0] ?? {};
        return {
          policyDefinitionId: str(d.policyDefinitionId),
          policyDefinitionReferenceId: str(d.policyDefinitionReferenceId),
          policyDefinitionGroupNames: groupsOf(d),
          effect: str(d.policyDefinitionAction),
          results: summarize(defRows, uri([assignmentClause, `PolicyDefinitionId eq ${odataQuote(str(d.policyDefinitionId))}`]), false),
        };
      }),
      policyGroups: groups.map((policyGroupName) => ({
        policyGroupName,
        results: summarize(
          assigned.filter((r) => groupsOf(r).includes(policyGroupName)),
          uri([assignmentClause, `${odataQuote(policyGroupName)} IN PolicyDefinitionGroupNames`]),
          false,
        ),
      })),
    };
  });
  policyAssignments.sort((a, b) => b.results.nonCompliantResources - a.results.nonCompliantResources || a.policyAssignmentId.localeCompare(b.policyAssignmentId));
  return {
    results: summarize(rows, uri([])),
    policyAssignments: top === undefined ? policyAssignments : policyAssignments.slice(0, top),
  };
}
