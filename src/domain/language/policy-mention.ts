import {
  POLICY_TOPICS,
  policiesForTopic,
  policyCatalog,
  type PolicyDefinitionInfo,
  type PolicyTopic,
} from '../policy-catalog.js';
import type { PolicyMention } from './parsed-text.js';
import type { Token } from './tokens.js';
import { singular } from './vocabulary.js';

/**
 * Which built-in definition a question is about. Topic phrases first ("admin user", "private link"),
 * then a looser comparison with display names. Within a topic, words like "configure" or "fix"
 * choose the definition that changes resources over the one that only reports.
 */

const CONFIGURE_WORDS = new Set(['configure', 'modify', 'remediate', 'remediation', 'fix', 'auto', 'automatic', 'automatically', 'deploy']);
// Words every container-registry display name shares: they say nothing about which one is meant.
const GENERIC_WORDS = new Set(
  `a an the to of for with be should have has use using only not no and or in on by container registry kubernetes cluster
   configure disable disabled enable enabled azure resolved powered`.split(/\s+/),
);

function stems(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => singular(w));
}

const TOPIC_ALIASES: readonly { topic: PolicyTopic; alias: string; words: string[] }[] = (
  Object.entries(POLICY_TOPICS) as [PolicyTopic, { aliases: readonly string[] }][]
).flatMap(([topic, t]) => t.aliases.map((alias) => ({ topic, alias, words: stems(alias) })));

/** Picks the definition within a topic the wording points at. */
function choose(candidates: PolicyDefinitionInfo[], words: ReadonlySet<string>): PolicyDefinitionInfo | undefined {
  const wantsChange = [...CONFIGURE_WORDS].some((w) => words.has(w));
  const wantsQualys = words.has(singular('qualys'));
  const rank = (p: PolicyDefinitionInfo): number =>
    (p.deprecated === wantsQualys ? 0 : 2) + ((p.kind === 'modify' || p.kind === 'deploy') === wantsChange ? 0 : 1);
  return [...candidates].sort((a, b) => rank(a) - rank(b))[0];
}

function byAlias(words: ReadonlySet<string>): PolicyMention | undefined {
  let best: { topic: PolicyTopic; alias: string; size: number } | undefined;
  for (const { topic, alias, words: aliasWords } of TOPIC_ALIASES) {
    if (!aliasWords.every((w) => words.has(w))) continue;
    if (!best || aliasWords.length > best.size) best = { topic, alias, size: aliasWords.length };
  }
  if (!best) return undefined;
  const policy = choose(policiesForTopic(best.topic), words);
  if (!policy) return undefined;
  return { policy, score: best.size >= 2 ? 0.9 : 0.75, via: 'alias', matched: best.alias };
}

function byDisplayName(words: ReadonlySet<string>): PolicyMention | undefined {
  const asked = [...words].filter((w) => !GENERIC_WORDS.has(w));
  if (asked.length === 0) return undefined;
  let best: { policy: PolicyDefinitionInfo; score: number; shared: string[] } | undefined;
  for (const policy of policyCatalog()) {
    const named = new Set(stems(policy.displayName).filter((w) => !GENERIC_WORDS.has(w)));
    const shared = asked.filter((w) => named.has(w));
    // Dice coefficient, but only over the words the asker used that could name a policy at all.
    const score = (2 * shared.length) / (shared.length + named.size + Math.max(0, asked.length - shared.length) / 2);
    if (shared.length >= 2 && score >= 0.5 && (!best || score > best.score)) best = { policy, score, shared };
  }
  if (!best) return undefined;
  const twin = choose(policiesForTopic(best.policy.topic), words) ?? best.policy;
  return { policy: twin, score: Math.min(0.7, best.score * 0.8), via: 'name', matched: best.shared.join(' ') };
}

export function policyOf(tokens: readonly Token[]): PolicyMention | undefined {
  const words = new Set(tokens.map((t) => singular(t.word)));
  return byAlias(words) ?? byDisplayName(words);
}
