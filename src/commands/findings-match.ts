import type { ParsedText } from '../domain/language/index.js';
import { UNTOUCHED } from '../domain/findings/image-query.js';
import { hasPhrase, hasWord } from './match.js';

/**
 * One place that tells the six findings questions apart, so their `match()` scores never fight:
 * the most specific reading of a question wins (fix-first, where-running, CVE, stale, one image),
 * and the general findings list takes the rest.
 */
export type FindingsIntent = 'findings' | 'image-details' | 'cve' | 'where-running' | 'stale-images' | 'fix-first';

/** Words of other subjects (policies, posture, approvals): a findings reading steps back for them. */
const OTHER_SUBJECTS = ['policy', 'compliance', 'compliant', 'noncompliant', 'posture', 'assign', 'assignment', 'exempt', 'exemption', 'approve', 'approval', 'subscribe', 'digest', 'hardened', 'remediation'];
const RUN_WORDS = ['running', 'run', 'deployed', 'used', 'use', 'live'];
const FINDING_WORDS = ['finding', 'vulnerable', 'exploitable', 'fixable', 'patchable', 'unfixed'];

function mentionsCveWord(parsed: ParsedText): boolean {
  return parsed.tokens.some((t) => ['cve', 'vulnerability', 'vuln'].includes(t.word));
}

function mentionsImage(parsed: ParsedText): boolean {
  const e = parsed.entities;
  return hasWord(parsed, 'image', 'container', 'repository', 'registry', 'tag', 'digest') || Boolean(e.registry ?? e.repository ?? e.digest);
}

function isFixFirst(parsed: ParsedText): boolean {
  if (hasWord(parsed, 'prioritize', 'prioritise', 'priority', 'urgent')) return true;
  if (hasWord(parsed, 'first') && hasWord(parsed, 'fix', 'patch', 'remediate', 'upgrade')) return true;
  return hasPhrase(parsed, 'what should we fix') || hasPhrase(parsed, 'what should i fix');
}

function isStale(parsed: ParsedText): boolean {
  if (hasWord(parsed, 'stale', 'outdated')) return true;
  const older = parsed.entities.durations.some((d) => d.relation === 'older-than' || (d.relation === 'for' && hasWord(parsed, ...UNTOUCHED)));
  return (older || hasWord(parsed, 'old', 'oldest')) && mentionsImage(parsed);
}

/** 0..1 for each findings command. */
export function findingsScores(parsed: ParsedText): Record<FindingsIntent, number> {
  const scores: Record<FindingsIntent, number> = { findings: 0, 'image-details': 0, cve: 0, 'where-running': 0, 'stale-images': 0, 'fix-first': 0 };
  const e = parsed.entities;
  const damp = hasWord(parsed, ...OTHER_SUBJECTS) ? 0.45 : 1;
  const namesImage = Boolean(e.repository ?? e.digest);

  if (isFixFirst(parsed)) {
    scores['fix-first'] = 0.95 * damp;
    return scores;
  }
  if (hasWord(parsed, 'where') && hasWord(parsed, ...RUN_WORDS)) {
    scores['where-running'] = 0.95 * damp;
    return scores;
  }
  if (e.cves.length > 0) {
    scores.cve = 0.95 * damp;
    return scores;
  }
  // "which images have curl vulnerabilities" asks about a package's findings, not about CVEs.
  if (mentionsCveWord(parsed) && hasWord(parsed, 'top', 'most', 'common', 'worst', 'which') && e.packages.length === 0 && e.ecosystems.length === 0) {
    scores.cve = 0.9 * damp;
    return scores;
  }
  if (isStale(parsed)) {
    scores['stale-images'] = 0.9 * damp;
    return scores;
  }
  if (hasWord(parsed, 'running') && (hasWord(parsed, 'image', ...FINDING_WORDS) || e.severities.length > 0)) {
    scores['where-running'] = 0.8 * damp;
    return scores;
  }
  // "what runs the vulnerable payments image", "which apps run payments/api": who runs it, not what is wrong with it.
  if (hasWord(parsed, 'what', 'which', 'who') && hasWord(parsed, 'run', 'runs', 'deployed') && (mentionsImage(parsed) || hasWord(parsed, ...FINDING_WORDS))) {
    scores['where-running'] = 0.9 * damp;
    return scores;
  }
  // "whats running payments/api 1.4.2", "is payments/api deployed anywhere".
  if (namesImage && hasWord(parsed, 'running', 'run', 'runs', 'deployed')) {
    scores['where-running'] = 0.9 * damp;
    return scores;
  }
  if (namesImage) {
    scores['image-details'] = (hasWord(parsed, 'wrong', 'detail', 'about', 'show', 'what', 'finding', 'vulnerable') ? 0.9 : 0.75) * damp;
    return scores;
  }
  // "log4j in prod", "npm packages with criticals", "known exploited vulns": findings narrowed by what they affect.
  const findingWords = hasWord(parsed, ...FINDING_WORDS) || e.severities.length > 0 || e.packages.length > 0 || e.ecosystems.length > 0 || e.conditions.some((c) => c === 'exploitable' || c === 'known-exploited');
  if (findingWords) scores.findings = 0.85 * damp;
  else if (mentionsImage(parsed) && e.environments.length > 0) scores.findings = 0.6 * damp;
  return scores;
}
