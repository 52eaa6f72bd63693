import { environmentFromWord } from '../environment.js';
import { findPolicy } from '../policy-catalog.js';
import type { Entities } from './parsed-text.js';
import type { TextScanner } from './text-scanner.js';
import { isVocabularyWord } from './tokens.js';
import { isKnownWord, singular } from './vocabulary.js';

/** Where to look: ARM ids, subscriptions, resource groups; plus CVE ids and policy ids. */

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ARM_ID = new RegExp(
  `/subscriptions/(${GUID})(?:/resourcegroups/([^/\\s?#]+))?(?:/providers/microsoft\\.containerregistry/registries/([^/\\s?#]+))?[^\\s?#]*`,
  'i',
);
const URL = /\bhttps?:\/\/\S+/i;
const CVE = /\bcve[-_\s]?(\d{4})[-_\s]?(\d{4,7})\b/i;
const BARE_GUID = new RegExp(`(?<![\\w-])(${GUID})(?![\\w-])`, 'i');
const POLICY_ID = /\b((?:ACR|ASC|MDC)_[A-Za-z0-9_]+|Container(?:AllowedImages|NoPrivilege))\b/i;
const RG_NAME = '[\\w.()-]*[\\w)]';
const RG_KEYWORD = new RegExp(`\\b(?:resource[\\s-]?group|rg)\\s*:?\\s+(?:named\\s+|called\\s+)?(${RG_NAME})`, 'i');
const RG_PREFIX = new RegExp(`(?<![\\w.()-])(rg[-_]${RG_NAME})(?![\\w.()-])`, 'i');
const RG_SUFFIX = /(?<![\w.()-])([a-z0-9][\w.()-]*[-_]rg)(?![\w.()-])/i;
const SUBSCRIPTION_AFTER = /\bsubscription\s*:?\s+(?:named\s+|called\s+)?((?:[A-Za-z0-9][\w.&()-]*[,.;!?]?\s*){1,4})/di;
const SUBSCRIPTION_BEFORE = /((?:[A-Z][\w.&()-]*\s+){1,4})subscription\b/d;

/** Words that end a subscription name: known English and ShipShape words, except stage names ("Contoso Prod"). */
function endsName(word: string): boolean {
  const w = word.toLowerCase();
  if (environmentFromWord(w)) return false;
  return isKnownWord(w) || isKnownWord(singular(w));
}

function nameFrom(words: string[]): string | undefined {
  if (words.length === 0) return undefined;
  // A lone stage name is the environment, not a subscription called "prod".
  if (words.length === 1 && environmentFromWord(words[0] ?? '')) return undefined;
  if (words.every((w) => environmentFromWord(w))) return undefined;
  return words.join(' ');
}

function extractSubscriptionName(scanner: TextScanner, entities: Entities): void {
  scanner.scan(SUBSCRIPTION_AFTER, (m) => {
    if (entities.subscription) return false;
    const start = m.indices?.[1]?.[0] ?? m.index;
    const taken: string[] = [];
    let end = start;
    for (const part of (m[1] ?? '').matchAll(/(\S+?)([,.;!?]?)(\s+|$)/g)) {
      const word = part[1] ?? '';
      if (endsName(word)) break;
      taken.push(word);
      end = start + part.index + word.length + (part[2]?.length ?? 0);
      if (part[2]) break;
    }
    const name = nameFrom(taken);
    if (!name) return false;
    entities.subscription = { name };
    scanner.claim(m.index, end);
    return false;
  });
  scanner.scan(SUBSCRIPTION_BEFORE, (m) => {
    if (entities.subscription) return false;
    const group = m[1] ?? '';
    const words = [...group.matchAll(/\S+/g)];
    let first = words.length;
    while (first > 0 && !endsName(words[first - 1]?.[0] ?? '')) first--;
    const name = nameFrom(words.slice(first).map((w) => w[0]));
    if (!name) return false;
    entities.subscription = { name };
    const groupStart = m.indices?.[1]?.[0] ?? m.index;
    scanner.claim(groupStart + (words[first]?.index ?? 0), m.index + m[0].length);
    return false;
  });
}

function extractResourceGroup(scanner: TextScanner, entities: Entities): void {
  const take = (m: RegExpExecArray): boolean => {
    const name = (m[1] ?? '').replace(/\.+$/, '');
    if (entities.resourceGroup || name === '') return false;
    entities.resourceGroup = name;
    return true;
  };
  scanner.scan(RG_KEYWORD, (m) => (isVocabularyWord(m[1] ?? '') ? false : take(m)));
  scanner.scan(RG_PREFIX, take);
  scanner.scan(RG_SUFFIX, take);
}

export function extractScopes(scanner: TextScanner, entities: Entities): void {
  scanner.scan(ARM_ID, (m) => {
    if (!entities.subscription) entities.subscription = { id: (m[1] ?? '').toLowerCase() };
    if (m[2] && !entities.resourceGroup) entities.resourceGroup = decodeURIComponent(m[2]);
    if (m[3] && !entities.registry) entities.registry = m[3].toLowerCase();
  });
  // Other links say nothing we can act on; their words must not become commands.
  scanner.scan(URL, () => true);
  scanner.scan(CVE, (m) => {
    const id = `CVE-${m[1] ?? ''}-${m[2] ?? ''}`;
    if (!entities.cves.includes(id)) entities.cves.push(id);
  });
}

export function extractNamedScopes(scanner: TextScanner, entities: Entities): void {
  scanner.scan(BARE_GUID, (m) => {
    const guid = (m[1] ?? '').toLowerCase();
    const policy = findPolicy(guid);
    if (policy) {
      entities.policy ??= { policy, score: 1, via: 'id', matched: guid };
    } else if (!entities.subscription) {
      entities.subscription = { id: guid };
    }
  });
  scanner.scan(POLICY_ID, (m) => {
    const policy = findPolicy(m[1] ?? '');
    if (!policy) return false;
    entities.policy ??= { policy, score: 1, via: 'id', matched: policy.id };
  });
  extractResourceGroup(scanner, entities);
  extractSubscriptionName(scanner, entities);
}
