import type { ParsedText } from '../domain/language/index.js';
import { defineCommand } from './define-command.js';
import { focusAnswer, type FocusSpec } from './guardrails-focus.js';
import { guardrailScores } from './guardrails-match.js';

/** "Older than 30 days" in the question wins over the configured age. */
function daysAsked(parsed: ParsedText): number | undefined {
  const older = parsed.entities.durations.find((d) => d.relation === 'older-than' || d.relation === 'plain');
  return older ? Math.max(1, Math.round(older.hours / 24)) : undefined;
}

/** "What runs stale images in prod": workloads whose images were last pushed too long ago, oldest first. */
const SPEC: FocusSpec = {
  command: 'stale-workloads',
  guardrail: 'images',
  kinds: ['staleImage'],
  title: 'Workloads running stale images',
  finding: { one: 'runs images not rebuilt for too long', many: 'run images not rebuilt for too long' },
  offerKinds: [],
  none: 'runs an image older than the limit',
  staleDaysFrom: daysAsked,
};

export const staleWorkloads = defineCommand({
  name: 'stale-workloads',
  title: 'Stale images that run',
  description: 'Container groups and AKS clusters running images not pushed for a long time (the configured number of days unless you say otherwise), oldest first.',
  group: 'ask',
  examples: ['what runs stale images in prod', 'which workloads run images older than 60 days'],
  match: (parsed) => guardrailScores(parsed)['stale-workloads'],
  run: (ctx, parsed) => focusAnswer(ctx, parsed, SPEC),
});
