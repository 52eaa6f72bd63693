import { defineCommand } from './define-command.js';
import { focusAnswer, type FocusSpec } from './guardrails-focus.js';
import { guardrailScores } from './guardrails-match.js';

/** "Which prod containers are exposed to the internet": public IPs and the ports they open. */
const SPEC: FocusSpec = {
  command: 'exposed-workloads',
  guardrail: 'network',
  kinds: ['publicIp', 'privateWithoutSubnet'],
  title: 'Exposed to the internet',
  finding: { one: 'has a public IP or sits outside a virtual network', many: 'have a public IP or sit outside a virtual network' },
  offerKinds: [],
  none: 'has a public IP',
};

export const exposedWorkloads = defineCommand({
  name: 'exposed-workloads',
  title: 'Exposed workloads',
  description: 'Container groups with a public IP, the ports they open to the internet, and those outside a virtual network.',
  group: 'ask',
  examples: ['which prod containers are exposed to the internet', 'container groups with a public ip'],
  match: (parsed) => guardrailScores(parsed)['exposed-workloads'],
  run: (ctx, parsed) => focusAnswer(ctx, parsed, SPEC),
});
