import { apiServerExposure, listOf, plural, type WorkloadReport } from '../domain/guardrails/index.js';
import { defineCommand } from './define-command.js';
import { focusAnswer, type FocusSpec } from './guardrails-focus.js';
import { guardrailScores } from './guardrails-match.js';

/**
 * "Which prod containers are exposed to the internet": container groups with a public IP and the
 * ports they open, and AKS clusters whose API server anyone can reach. What runs inside a cluster
 * (LoadBalancer services, ingress) is Kubernetes state ARM does not hold, so the answer says it
 * cannot see it rather than calling any cluster safe.
 */

function clusterLines(kept: readonly WorkloadReport[]): ReturnType<NonNullable<FocusSpec['kept']>> {
  const restricted: string[] = [];
  const privateOnes: string[] = [];
  const named: WorkloadReport[] = [];
  for (const report of kept) {
    const w = report.workload;
    if (w.kind !== 'aks') continue;
    const exposure = apiServerExposure(w);
    if (exposure.state === 'restricted') restricted.push(`${w.name} (${plural(exposure.ranges, 'range')})`);
    if (exposure.state === 'private') privateOnes.push(w.name);
    if (exposure.state !== 'public') named.push(report);
  }
  const lines = [
    restricted.length > 0 ? `API server restricted to authorized IP ranges: ${listOf(restricted.sort())}.` : '',
    privateOnes.length > 0 ? `Private ${privateOnes.length === 1 ? 'cluster' : 'clusters'}, API server reachable only from inside the virtual network: ${listOf(privateOnes.sort())}.` : '',
  ].filter((l) => l !== '');
  return { named, lines };
}

const SPEC: FocusSpec = {
  command: 'exposed-workloads',
  guardrail: 'network',
  kinds: ['publicIp', 'privateWithoutSubnet', 'publicApiServer'],
  title: 'Exposed to the internet',
  finding: {
    one: 'is reachable from the internet (a public IP or a public Kubernetes API server) or sits outside a virtual network',
    many: 'are reachable from the internet (a public IP or a public Kubernetes API server) or sit outside a virtual network',
  },
  offerKinds: [],
  none: 'has a public IP or a public Kubernetes API server',
  badge: 'Exposed',
  kept: clusterLines,
  clusterInside: true,
  // The cluster's Networking page holds both fixes: authorized IP ranges and private access.
  fixLink: (issues, url) =>
    issues.some((i) => i.kind === 'publicApiServer') ? `Fix: allow only your own addresses (authorized IP ranges) or make it a private cluster, in [Networking](${url}/networking).` : '',
};

export const exposedWorkloads = defineCommand({
  name: 'exposed-workloads',
  title: 'Exposed workloads',
  description: 'Container groups with a public IP and the ports they open, AKS clusters with a public API server, and groups outside a virtual network.',
  group: 'ask',
  examples: ['which prod containers are exposed to the internet', 'container groups with a public ip'],
  match: (parsed) => guardrailScores(parsed)['exposed-workloads'],
  run: (ctx, parsed) => focusAnswer(ctx, parsed, SPEC),
});
