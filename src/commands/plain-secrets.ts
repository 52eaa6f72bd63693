import { defineCommand } from './define-command.js';
import { focusAnswer, type FocusSpec } from './guardrails-focus.js';
import { guardrailScores } from './guardrails-match.js';

/** "Secrets in plain environment variables in prod": names only, never values. */
const SPEC: FocusSpec = {
  command: 'plain-secrets',
  guardrail: 'credentials',
  kinds: ['plainSecret'],
  title: 'Secrets in plain environment variables',
  finding: { one: 'sets credentials as plain environment values instead of secure values', many: 'set credentials as plain environment values instead of secure values' },
  offerKinds: [],
  none: 'sets a credential as a plain environment value',
};

export const plainSecrets = defineCommand({
  name: 'plain-secrets',
  title: 'Plain-text secrets',
  description: 'Environment variables that look like credentials but are set as plain values instead of secure ones (names only).',
  group: 'ask',
  examples: ['secrets in plain environment variables in prod', 'which containers have passwords in env vars'],
  match: (parsed) => guardrailScores(parsed)['plain-secrets'],
  run: (ctx, parsed) => focusAnswer(ctx, parsed, SPEC),
});
