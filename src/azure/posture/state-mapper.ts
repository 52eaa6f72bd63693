import type { PolicyAssignment } from '@azure/arm-policy';
import type { PolicyState, SummarizeResults } from '@azure/arm-policyinsights';
import type { Environment } from '../../domain/environment.js';
import type { AssignmentCounts, AssignmentInfo, EvaluationEvidence, PolicyStateView } from '../../domain/compliance/index.js';
import { idParts } from './registry-mapper.js';

/** Policy Insights and Azure Policy SDK models → the domain's views. */

function tagsOf(json: string | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const parsed = JSON.parse(json) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Evaluation details as the service sent them. The SDK's model types `expressionValue` and
 * `targetValue` as objects and turns `"Enabled"` into `{ "0": "E", … }`, so details are read from the
 * raw JSON of the same response.
 */
export function evidenceOf(raw: Json | undefined): EvaluationEvidence | undefined {
  const details = isJson(raw?.policyEvaluationDetails) ? raw.policyEvaluationDetails : undefined;
  const components = Array.isArray(raw?.components) ? raw.components.filter(isJson) : undefined;
  if (!details && !components) return undefined;
  const expressions = Array.isArray(details?.evaluatedExpressions) ? details.evaluatedExpressions.filter(isJson) : [];
  const ifNotExists = isJson(details?.ifNotExistsDetails) ? details.ifNotExistsDetails : undefined;
  return {
    expressions: expressions.map((e) => ({
      result: str(e.result),
      kind: str(e.expressionKind),
      expression: str(e.expression),
      ...(typeof e.path === 'string' ? { path: e.path } : {}),
      value: e.expressionValue,
      target: e.targetValue,
      operator: str(e.operator),
    })),
    ...(ifNotExists ? { ifNotExists: { resourceId: str(ifNotExists.resourceId), totalResources: Number(ifNotExists.totalResources ?? 0) } } : {}),
    ...(components ? { components: components.map((c) => ({ id: str(c.id), name: str(c.name), state: str(c.complianceState) })) } : {}),
  };
}

/** The key that matches a typed row with its raw twin. */
export function rowKey(row: { policyAssignmentId?: unknown; policyDefinitionId?: unknown; policyDefinitionReferenceId?: unknown }): string {
  return [str(row.policyAssignmentId), str(row.policyDefinitionId), str(row.policyDefinitionReferenceId)].join('|').toLowerCase();
}

/** Raw rows of Policy Insights answers (`{ value: [...] }` bodies), by {@link rowKey}. */
export function rawRows(bodies: readonly string[]): Map<string, Json> {
  const rows = new Map<string, Json>();
  for (const body of bodies) {
    try {
      const parsed = JSON.parse(body) as unknown;
      const value = isJson(parsed) && Array.isArray(parsed.value) ? parsed.value.filter(isJson) : [];
      for (const row of value) rows.set(rowKey(row), row);
    } catch {
      // An unreadable page only costs the reasons it would have given.
    }
  }
  return rows;
}

export type EnvironmentOf = (subscriptionId: string, resourceGroup: string, tags: Record<string, string>) => Environment | undefined;

export function toStateView(state: PolicyState, environmentOf: EnvironmentOf, raw?: Json): PolicyStateView {
  const resourceId = state.resourceId ?? '';
  const parts = idParts(resourceId);
  const subscriptionId = state.subscriptionId ?? parts.subscriptionId;
  const resourceGroup = state.resourceGroup ?? parts.resourceGroup;
  const evidence = evidenceOf(raw);
  return {
    resourceId,
    resourceType: (state.resourceType ?? '').replace(/^\//, ''),
    resourceGroup,
    subscriptionId,
    environment: environmentOf(subscriptionId, resourceGroup, tagsOf(state.resourceTags)),
    assignmentId: state.policyAssignmentId ?? '',
    assignmentName: state.policyAssignmentName ?? '',
    assignmentScope: state.policyAssignmentScope ?? '',
    definitionId: state.policyDefinitionId ?? '',
    definitionName: state.policyDefinitionName ?? '',
    effect: (state.policyDefinitionAction ?? '').toLowerCase(),
    state: state.complianceState ?? (state.isCompliant === false ? 'NonCompliant' : 'Compliant'),
    timestamp: state.timestamp?.toISOString(),
    ...(evidence ? { evidence } : {}),
  };
}

/** Per-assignment resource counts from a summarize answer. */
export function toCounts(summary: SummarizeResults): AssignmentCounts[] {
  return (summary.value?.[0]?.policyAssignments ?? []).map((a) => {
    const count = (state: string) => a.results?.resourceDetails?.find((d) => d.complianceState?.toLowerCase() === state)?.count ?? 0;
    return { assignmentId: a.policyAssignmentId ?? '', compliant: count('compliant'), nonCompliant: count('noncompliant'), exempt: count('exempt'), conflict: count('conflict'), unknown: count('unknown') };
  });
}

interface AssignmentMetadata {
  assignedBy?: unknown;
  createdBy?: unknown;
  createdOn?: unknown;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The assignment as people read it; definition details are filled in by the caller. */
export function toAssignmentInfo(a: PolicyAssignment): AssignmentInfo {
  const metadata = (a.metadata ?? {}) as AssignmentMetadata;
  const effect = a.parameters?.effect?.value;
  return {
    id: a.id ?? '',
    name: a.name ?? '',
    displayName: a.displayName ?? a.name ?? '',
    scope: a.scope ?? '',
    definitionId: a.policyDefinitionId ?? '',
    definitionDisplayName: undefined,
    effect: typeof effect === 'string' ? effect : undefined,
    enforcementMode: a.enforcementMode ?? 'Default',
    createdBy: text(metadata.assignedBy) ?? text(metadata.createdBy) ?? text(a.systemData?.createdBy),
    createdOn: text(metadata.createdOn) ?? a.systemData?.createdAt?.toISOString(),
    description: a.description,
  };
}
