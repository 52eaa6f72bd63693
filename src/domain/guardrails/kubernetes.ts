import type { AssignmentInfo, PolicyStateView } from '../compliance/index.js';
import { OFFER_POLICIES } from './offers.js';

/**
 * The two built-in Kubernetes policies the guidance maps to, as Policy Insights judges each cluster:
 * "allowed images" (approved registries) and "no privileged containers" (least privilege).
 */

export type KubernetesPolicy = 'allowed-images' | 'no-privileged';

export const KUBERNETES_POLICIES: Readonly<Record<KubernetesPolicy, { definition: string; label: string; offer: 'assign-allowed-images' | 'assign-no-privileged' }>> = {
  'allowed-images': { definition: OFFER_POLICIES['assign-allowed-images'], label: 'allowed images', offer: 'assign-allowed-images' },
  'no-privileged': { definition: OFFER_POLICIES['assign-no-privileged'], label: 'no privileged containers', offer: 'assign-no-privileged' },
};

export interface ClusterPolicyState {
  policy: KubernetesPolicy;
  /** `Compliant`, `NonCompliant`, `Exempt`, `Unknown`… as Policy Insights says; worst of several assignments. */
  state: string;
  assignments: string[];
}

export interface KubernetesPolicies {
  /** False when compliance could not be read. */
  available: boolean;
  /** Lower-case cluster id → the states of the two policies that are assigned to it. */
  byCluster: ReadonlyMap<string, ClusterPolicyState[]>;
  /** Assignments of the two policies, by scope: assigned but not yet judged is not "unassigned". */
  assigned: ReadonlyArray<{ policy: KubernetesPolicy; scope: string; name: string }>;
}

/** Whether an assignment of the policy covers the cluster (its scope is the cluster or above it). */
export function isAssigned(policies: KubernetesPolicies, policy: KubernetesPolicy, clusterId: string): boolean {
  const id = clusterId.toLowerCase();
  return policies.assigned.some((a) => a.policy === policy && (id === a.scope.toLowerCase() || id.startsWith(`${a.scope.toLowerCase().replace(/\/+$/, '')}/`)));
}

const RANK: Readonly<Record<string, number>> = { noncompliant: 3, unknown: 2, conflict: 2, compliant: 1, exempt: 0 };

function policyOf(state: Pick<PolicyStateView, 'definitionId'> & { definitionName?: string }): KubernetesPolicy | undefined {
  const id = state.definitionId.toLowerCase();
  const name = (state.definitionName ?? id.split('/').pop() ?? '').toLowerCase();
  for (const [policy, info] of Object.entries(KUBERNETES_POLICIES) as [KubernetesPolicy, (typeof KUBERNETES_POLICIES)[KubernetesPolicy]][]) {
    if (name === info.definition || id.endsWith(`/${info.definition}`)) return policy;
  }
  return undefined;
}

export function kubernetesFromCompliance(states: readonly PolicyStateView[], assignments: readonly AssignmentInfo[]): KubernetesPolicies {
  const byCluster = new Map<string, ClusterPolicyState[]>();
  for (const s of states) {
    const policy = policyOf(s);
    if (!policy || !/managedclusters$/i.test(s.resourceType)) continue;
    const key = s.resourceId.toLowerCase();
    const list = byCluster.get(key) ?? [];
    const prior = list.find((p) => p.policy === policy);
    const name = s.assignmentName || s.assignmentId.split('/').pop() || s.assignmentId;
    if (!prior) list.push({ policy, state: s.state, assignments: [name] });
    else {
      if ((RANK[s.state.toLowerCase()] ?? 2) > (RANK[prior.state.toLowerCase()] ?? 2)) prior.state = s.state;
      if (!prior.assignments.includes(name)) prior.assignments.push(name);
    }
    byCluster.set(key, list);
  }
  const assigned = assignments.flatMap((a) => {
    const policy = policyOf({ definitionId: a.definitionId });
    return policy ? [{ policy, scope: a.scope, name: a.displayName || a.name }] : [];
  });
  return { available: true, byCluster, assigned };
}

export const NO_KUBERNETES_POLICIES: KubernetesPolicies = { available: false, byCluster: new Map(), assigned: [] };
