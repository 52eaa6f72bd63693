import type { ParsedText } from '../domain/language/index.js';
import { hasPhrase } from './match.js';

/**
 * One place that tells the workload-guardrail questions apart, so their scores never fight: the
 * whole check against the guidance, or one guardrail (unapproved registries, plain secrets, exposure,
 * stale images that run). Words are matched as typed too, because the parser corrects words it does
 * not know ("plain" → "plan", "unapproved" → "approved") towards its vocabulary.
 */
export type GuardrailIntent = 'guardrails' | 'unapproved-registries' | 'plain-secrets' | 'exposed-workloads' | 'stale-workloads';

/** True when any word was typed, or understood, as one of `words`. */
export function said(parsed: ParsedText, ...words: string[]): boolean {
  return parsed.tokens.some((t) => words.includes(t.surface) || words.includes(t.word) || words.includes(t.canonical));
}

function saidPhrase(parsed: ParsedText, phrase: string): boolean {
  if (hasPhrase(parsed, phrase)) return true;
  const wanted = phrase.split(' ');
  const surfaces = parsed.tokens.map((t) => t.surface);
  return surfaces.some((_, i) => wanted.every((w, j) => surfaces[i + j] === w));
}

const WORKLOAD_WORDS = [
  'workload', 'workloads', 'container', 'containers', 'aci', 'instance', 'instances', 'app', 'apps', 'service', 'services', 'pod', 'pods',
  'deployment', 'deployments', 'cluster', 'clusters', 'aks',
];
const RUN_WORDS = ['run', 'runs', 'running', 'deployed', 'live'];
/** Other subjects that happen to share words with these questions: they step back for them. */
const OTHER_SUBJECTS = ['compliance', 'compliant', 'noncompliant', 'assign', 'assignment', 'assigned', 'exempt', 'exemption', 'approve', 'approval', 'subscribe', 'digest', 'remediation'];
const GUIDANCE_WORDS = ['guidance', 'guideline', 'guidelines', 'guardrail', 'guardrails', 'baseline', 'practice', 'practices'];
const UNAPPROVED_WORDS = ['unapproved', 'untrusted', 'unsanctioned', 'unauthorized', 'unauthorised', 'dockerhub', 'ghcr', 'quay'];
const SECRET_WORDS = ['secret', 'secrets', 'password', 'passwords', 'passwd', 'credential', 'credentials', 'token', 'tokens', 'apikey'];
const PLAIN_WORDS = ['plain', 'plaintext', 'cleartext', 'unencrypted', 'variable', 'variables', 'env', 'envvar', 'envvars'];
const EXPOSURE_WORDS = ['exposed', 'exposure', 'internet', 'publicly', 'reachable', 'facing'];
const STALE_WORDS = ['stale', 'outdated', 'old', 'oldest', 'ancient', 'rebuilt'];

function mentionsWorkloads(parsed: ParsedText): boolean {
  return said(parsed, ...WORKLOAD_WORDS) || saidPhrase(parsed, 'container group') || saidPhrase(parsed, 'container groups');
}

function unapproved(parsed: ParsedText): boolean {
  return said(parsed, ...UNAPPROVED_WORDS) || saidPhrase(parsed, 'docker hub') || saidPhrase(parsed, 'not approved') || saidPhrase(parsed, 'public registry') ||
    saidPhrase(parsed, 'public registries') || saidPhrase(parsed, 'third party') || parsed.raw.toLowerCase().includes('docker.io');
}

/** "pull with a username and password": how images are pulled, not a secret in a variable. */
function passwordLogin(parsed: ParsedText): boolean {
  return ['username and password', 'password login', 'password logins', 'pull with a password', 'pulls with a password', 'registry password', 'admin credentials'].some((p) => saidPhrase(parsed, p));
}

function secretsInPlain(parsed: ParsedText): number {
  if (passwordLogin(parsed)) return 0;
  const secret = said(parsed, ...SECRET_WORDS) || saidPhrase(parsed, 'connection string') || saidPhrase(parsed, 'api key') || saidPhrase(parsed, 'connection strings');
  if (!secret) return 0;
  if (said(parsed, ...PLAIN_WORDS) || saidPhrase(parsed, 'clear text') || saidPhrase(parsed, 'environment variable') || saidPhrase(parsed, 'environment variables')) return 0.95;
  if (mentionsWorkloads(parsed)) return 0.85;
  return parsed.entities.environments.length > 0 && !said(parsed, 'registry', 'admin') ? 0.7 : 0;
}

function exposed(parsed: ParsedText): number {
  const exposure = said(parsed, ...EXPOSURE_WORDS) || saidPhrase(parsed, 'public ip') || saidPhrase(parsed, 'public ips') || saidPhrase(parsed, 'open ports') || saidPhrase(parsed, 'open port');
  if (!exposure) return 0;
  // "critical vulns that are internet facing" asks about findings, narrowed by exposure.
  const aboutFindings = parsed.entities.severities.length > 0 || said(parsed, 'finding', 'vulnerable', 'cve', 'exploitable', 'fixable');
  if (aboutFindings) return 0.5;
  if (mentionsWorkloads(parsed)) return 0.95;
  // "Which registries are exposed" is registry posture's question.
  return said(parsed, 'registry') ? 0 : 0.7;
}

function staleRunning(parsed: ParsedText): number {
  const stale = said(parsed, ...STALE_WORDS) || parsed.entities.durations.some((d) => d.relation === 'older-than');
  if (!stale) return 0;
  // "stale images in prod" asks about images (stale-images); "what runs stale images" about workloads.
  if (said(parsed, ...RUN_WORDS) || said(parsed, 'workload', 'workloads') || saidPhrase(parsed, 'container group') || saidPhrase(parsed, 'container groups')) return 0.96;
  return 0;
}

function guidance(parsed: ParsedText): number {
  // "any privileged containers in prod?": least privilege is one of the guardrails.
  if (said(parsed, 'privileged', 'privilege', 'privileges', 'root') && (mentionsWorkloads(parsed) || parsed.entities.environments.length > 0)) return 0.9;
  if (passwordLogin(parsed) && (mentionsWorkloads(parsed) || parsed.entities.environments.length > 0)) return 0.85;
  // "are we logging container activity": monitoring is one too.
  if (said(parsed, 'logging', 'logged', 'logs', 'diagnostics', 'monitoring', 'monitored', 'log analytics') && mentionsWorkloads(parsed)) return 0.85;
  const guided = said(parsed, ...GUIDANCE_WORDS) || saidPhrase(parsed, 'best practice') || saidPhrase(parsed, 'security guidance');
  const workloads = mentionsWorkloads(parsed) || saidPhrase(parsed, 'container group');
  if (guided && workloads) return 0.95;
  if (said(parsed, 'guidance', 'guideline', 'guidelines')) return 0.9;
  if (guided && parsed.entities.environments.length > 0 && !said(parsed, 'registry')) return 0.75;
  // "check prod container groups", "are our workloads ok".
  if (workloads && said(parsed, 'check', 'audit', 'safe', 'secure', 'ok', 'okay') && !said(parsed, 'image', 'registry', 'finding')) return 0.7;
  return 0;
}

/** 0..1 for each guardrail command. */
export function guardrailScores(parsed: ParsedText): Record<GuardrailIntent, number> {
  const damp = said(parsed, ...OTHER_SUBJECTS) ? 0.45 : 1;
  const scores: Record<GuardrailIntent, number> = {
    guardrails: 0,
    'unapproved-registries': 0,
    'plain-secrets': 0,
    'exposed-workloads': 0,
    'stale-workloads': 0,
  };
  // The most specific reading wins; the whole check takes what is left.
  if (unapproved(parsed)) scores['unapproved-registries'] = (mentionsWorkloads(parsed) || said(parsed, 'registry', 'image', ...RUN_WORDS, 'use', 'uses', 'pull', 'pulls', 'from') ? 0.95 : 0.7) * damp;
  else if (secretsInPlain(parsed) > 0) scores['plain-secrets'] = secretsInPlain(parsed) * damp;
  else if (exposed(parsed) > 0) scores['exposed-workloads'] = exposed(parsed) * damp;
  else if (staleRunning(parsed) > 0) scores['stale-workloads'] = staleRunning(parsed) * damp;
  else scores.guardrails = guidance(parsed) * damp;
  return scores;
}
