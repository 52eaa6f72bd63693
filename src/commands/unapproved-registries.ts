import { defineCommand } from './define-command.js';
import { focusAnswer, type FocusSpec } from './guardrails-focus.js';
import { guardrailScores } from './guardrails-match.js';

/** "Which prod workloads use unapproved registries": images from outside your registries and the approved list. */
const SPEC: FocusSpec = {
  command: 'unapproved-registries',
  guardrail: 'registries',
  kinds: ['unapprovedImage', 'unreadableRegistry'],
  title: 'Unapproved registries',
  finding: { one: 'runs images from registries that are not approved, or that you can’t read', many: 'run images from registries that are not approved, or that you can’t read' },
  offerKinds: [],
  none: 'runs an image from an unapproved registry',
};

export const unapprovedRegistries = defineCommand({
  name: 'unapproved-registries',
  title: 'Unapproved registries',
  description: 'Container groups running images from registries that are neither your own nor on the approved list.',
  group: 'ask',
  examples: ['which prod workloads use unapproved registries', 'containers pulling from docker hub'],
  match: (parsed) => guardrailScores(parsed)['unapproved-registries'],
  run: (ctx, parsed) => focusAnswer(ctx, parsed, SPEC),
});
