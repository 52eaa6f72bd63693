import { SENSITIVE_PORTS } from './guidance.js';
import { OFFER_LABELS, type Offer } from './offers.js';
import { looksLikeSecretName } from './secrets.js';
import type { ClusterFacts, ContainerGroupFacts } from './types.js';
import { listOf, plural, verdictOf, type Issue, type RuleContext, type Verdict } from './verdict.js';

/** Runtime guardrails of a container group: credentials, privilege and network. */

/**
 * Plain environment values that look like credentials (by name or by value), and registry logins by
 * username and password. Only names are ever written down.
 */
export function credentialsRule(group: ContainerGroupFacts, ctx: RuleContext): Verdict {
  const issues: Issue[] = [];
  const offers: Offer[] = [];
  let variables = 0;
  for (const c of group.containers) {
    for (const e of c.env) {
      variables++;
      if (e.secure || !e.hasValue) continue;
      const byName = looksLikeSecretName(e.name);
      if (!byName && !e.valueLooksSecret) continue;
      const why = byName ? '' : ' (its value looks like a credential)';
      issues.push({ kind: 'plainSecret', level: 'fail', text: `${e.name} in container ${c.name} is a plain value${why}` });
    }
  }
  for (const login of group.logins) {
    if (login.method !== 'password') continue;
    const registry = ctx.registriesByServer.get(login.server.toLowerCase());
    issues.push({
      kind: 'passwordLogin',
      level: login.adminUser ? 'fail' : 'warn',
      text: `pulls from ${login.server} with ${login.adminUser ? 'the registry’s admin user and password' : 'a username and password'}`,
    });
    if (login.adminUser && registry?.adminUserEnabled) offers.push({ kind: 'disable-admin-user', targetId: registry.id, label: OFFER_LABELS['disable-admin-user'] });
  }
  const identities = group.logins.filter((l) => l.method === 'identity').length;
  const note = `${plural(variables, 'variable')} checked${identities > 0 ? `, ${plural(identities, 'registry login')} by managed identity` : ''}`;
  return verdictOf('credentials', issues, offers, note);
}

export function privilegeRule(group: ContainerGroupFacts): Verdict {
  const issues: Issue[] = group.containers
    .filter((c) => c.privileged)
    .map((c) => ({ kind: 'privileged' as const, level: 'fail' as const, text: `${c.init ? 'init container' : 'container'} ${c.name} runs privileged` }));
  return verdictOf('privilege', issues, [], 'no privileged containers');
}

/** "22 (SSH), 6379 (Redis) and 8080". */
export function describePorts(ports: readonly number[]): string {
  return listOf([...new Set(ports)].sort((a, b) => a - b).map((p) => (SENSITIVE_PORTS[p] ? `${p} (${SENSITIVE_PORTS[p]})` : String(p))));
}

export function networkRule(group: ContainerGroupFacts): Verdict {
  const ip = group.ip;
  if (!ip) return verdictOf('network', [], [], 'no IP address: nothing reachable from outside');
  const ports = ip.ports.map((p) => p.port);
  if (ip.type === 'Public') {
    const sensitive = ports.some((p) => SENSITIVE_PORTS[p] !== undefined);
    const open = ports.length > 0 ? `${ports.length === 1 ? 'port' : 'ports'} ${describePorts(ports)} open to the internet` : 'no ports listed';
    const text = `public IP with ${open}${ip.fqdn ? ` at ${ip.fqdn}` : ''}${sensitive ? ' — including management or database ports' : ''}`;
    return verdictOf('network', [{ kind: 'publicIp', level: 'fail', text }]);
  }
  if (group.subnets === 0) return verdictOf('network', [{ kind: 'privateWithoutSubnet', level: 'warn', text: 'private IP outside any virtual network subnet' }]);
  return verdictOf('network', [], [], `private IP in a virtual network${ports.length > 0 ? `, ${ports.length === 1 ? 'port' : 'ports'} ${describePorts(ports)} inside it` : ''}`);
}

/** How far a cluster's Kubernetes API server reaches: the internet, listed addresses, or its own network. */
export type ApiServerExposure = { state: 'public'; why: string } | { state: 'restricted'; ranges: number } | { state: 'private' };

/** A range that lets every IPv4 or IPv6 address in is no restriction at all. */
const EVERYONE = /^(0\.0\.0\.0|::)\/0$/;

export function apiServerExposure(cluster: ClusterFacts): ApiServerExposure {
  const { privateCluster, authorizedRanges } = cluster.apiServer;
  if (privateCluster) return { state: 'private' };
  if (authorizedRanges.length === 0) return { state: 'public', why: ' with no authorized IP ranges' };
  const everyone = authorizedRanges.find((r) => EVERYONE.test(r.trim()));
  if (everyone) return { state: 'public', why: `: its authorized IP ranges include ${everyone.trim()}, every address` };
  return { state: 'restricted', ranges: authorizedRanges.length };
}

/**
 * A cluster's network guardrail, as far as ARM shows it: who can reach its API server. Services and
 * ingress inside the cluster are Kubernetes objects ARM does not list, so a passing cluster is only
 * passing at its API server.
 */
export function clusterNetworkRule(cluster: ClusterFacts): Verdict {
  const exposure = apiServerExposure(cluster);
  if (exposure.state === 'private') return verdictOf('network', [], [], 'private cluster: API server reachable only from its virtual network');
  if (exposure.state === 'restricted') return verdictOf('network', [], [], `API server restricted to ${plural(exposure.ranges, 'authorized IP range')}`);
  const at = cluster.apiServer.fqdn ? ` at ${cluster.apiServer.fqdn}` : '';
  return verdictOf('network', [{ kind: 'publicApiServer', level: 'fail', text: `Kubernetes API server public to the internet${at}${exposure.why}` }]);
}
