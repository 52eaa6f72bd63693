import { imageOf } from './approved-registries.js';
import { KUBERNETES_POLICIES, isAssigned, type KubernetesPolicy } from './kubernetes.js';
import { OFFER_LABELS, type Offer } from './offers.js';
import type { ClusterFacts, ContainerGroupFacts, RegistryFacts } from './types.js';
import { listOf, plural, verdictOf, type Issue, type RuleContext, type Verdict } from './verdict.js';

/** Oversight guardrails: monitoring and audit trail, and the Kubernetes policies. */

/** The audit-trail problem of one registry, or undefined when its login and repository events reach a workspace. */
export function registryAuditIssue(registry: RegistryFacts): Issue | undefined {
  const { audit } = registry;
  if (audit.state === 'complete') return undefined;
  if (audit.state === 'unknown') return { kind: 'registryAudit', level: 'unknown', text: `the diagnostic settings of ${registry.name} could not be read` };
  const what = audit.state === 'none' ? 'no diagnostic setting sending its login and repository events' : `no ${listOf(audit.missing)} sent`;
  return { kind: 'registryAudit', level: 'warn', text: `${registry.name} has ${what} to a Log Analytics workspace` };
}

export function registryAuditOffer(registry: RegistryFacts): Offer | undefined {
  return registry.audit.state === 'none' || registry.audit.state === 'partial'
    ? { kind: 'registry-audit-logs', targetId: registry.id, label: OFFER_LABELS['registry-audit-logs'] }
    : undefined;
}

/** The tenant's own registries a group pulls from, once each. */
export function registriesOf(group: ContainerGroupFacts, ctx: RuleContext): RegistryFacts[] {
  const found = new Map<string, RegistryFacts>();
  for (const c of group.containers) {
    const host = imageOf(c.image)?.registryHost;
    const registry = host ? ctx.registriesByServer.get(host) : undefined;
    if (registry) found.set(registry.id.toLowerCase(), registry);
  }
  return [...found.values()];
}

export function monitoringRule(group: ContainerGroupFacts, ctx: RuleContext): Verdict {
  const issues: Issue[] = [];
  const offers: Offer[] = [];
  if (!group.logAnalytics) issues.push({ kind: 'noLogAnalytics', level: 'fail', text: 'container logs go to no Log Analytics workspace' });
  const registries = registriesOf(group, ctx);
  for (const registry of registries) {
    const issue = registryAuditIssue(registry);
    if (issue) issues.push(issue);
    const offer = registryAuditOffer(registry);
    if (offer) offers.push(offer);
  }
  const note = `logs to Log Analytics${registries.length > 0 ? `; ${plural(registries.length, 'registry', 'registries')} it pulls from keep an audit trail` : ''}`;
  return verdictOf('monitoring', issues, offers, note);
}

export function clusterMonitoringRule(cluster: ClusterFacts): Verdict {
  const issues: Issue[] = cluster.monitored ? [] : [{ kind: 'clusterNotMonitored', level: 'fail', text: 'neither Container insights nor Defender’s security monitoring sends to a workspace' }];
  return verdictOf('monitoring', issues, [], 'monitored into a Log Analytics workspace');
}

/** The built-in "allowed images" and "no privileged containers" policies, as Policy Insights judges the cluster. */
export function kubernetesRule(cluster: ClusterFacts, ctx: RuleContext): Verdict {
  const { kubernetes } = ctx;
  if (!kubernetes.available) {
    return verdictOf('kubernetes', [{ kind: 'policyStatesUnknown', level: 'unknown', text: 'policy compliance could not be read' }]);
  }
  const issues: Issue[] = [];
  const offers: Offer[] = [];
  if (!cluster.policyAddon) issues.push({ kind: 'policyAddonOff', level: 'warn', text: 'the Azure Policy add-on is off, so Kubernetes policies cannot judge the cluster' });
  const states = kubernetes.byCluster.get(cluster.id.toLowerCase()) ?? [];
  for (const policy of Object.keys(KUBERNETES_POLICIES) as KubernetesPolicy[]) {
    const info = KUBERNETES_POLICIES[policy];
    const state = states.find((s) => s.policy === policy);
    if (!state) {
      if (isAssigned(kubernetes, policy, cluster.id)) {
        issues.push({ kind: 'policyStatesUnknown', level: 'unknown', text: `“${info.label}” is assigned but has not judged the cluster yet` });
      } else {
        issues.push({ kind: 'policyNotAssigned', level: 'warn', text: `“${info.label}” is not assigned to the cluster` });
        offers.push({ kind: info.offer, targetId: cluster.id, label: OFFER_LABELS[info.offer] });
      }
    } else if (state.state.toLowerCase() === 'noncompliant') {
      issues.push({ kind: 'policyNonCompliant', level: 'fail', text: `“${info.label}” reports non-compliant containers (${listOf(state.assignments)})` });
    } else if (!['compliant', 'exempt'].includes(state.state.toLowerCase())) {
      issues.push({ kind: 'policyStatesUnknown', level: 'unknown', text: `“${info.label}” is ${state.state}` });
    }
  }
  return verdictOf('kubernetes', issues, offers, '“allowed images” and “no privileged containers” both compliant');
}
