import type { Entities } from './parsed-text.js';
import type { TextScanner } from './text-scanner.js';
import { isVocabularyWord } from './tokens.js';

/**
 * Registries, repositories, tags and digests as people paste them: `contosoprod.azurecr.io/payments/api:1.4.2`,
 * `payments/api@sha256:…`, `nginx:1.25`, or "repository nginx".
 */

const SEGMENT = '[a-z0-9]+(?:[._-][a-z0-9]+)*';
const REPO = `${SEGMENT}(?:/${SEGMENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = 'sha256:[a-f0-9]{6,64}';

const HOST = new RegExp(
  `(?<![\\w.-])([a-z0-9]{5,50})((?:\\.[a-z0-9-]+)*)\\.azurecr\\.io(?:/(${REPO}))?(?::(${TAG}))?(?:@(${DIGEST}))?(?![\\w/@-])`,
  'i',
);
// "payments/api 1.4.2": a version after a space is the tag too.
const SLASHED = new RegExp(`(?<![\\w./:@-])(${SEGMENT}(?:/${SEGMENT})+)(?::(${TAG})|\\s+(v?\\d+(?:\\.\\d+){1,3})(?![\\w.:/@-]))?(?:@(${DIGEST}))?(?![\\w/@:-])`, 'i');
const NAMED = new RegExp(
  `(?<=\\b(?:repo|repository|image)\\s+(?:named\\s+|called\\s+)?)(${REPO})(?::(${TAG}))?(?:@(${DIGEST}))?(?![\\w/@:-])`,
  'i',
);
// `nginx:1.25` without a slash: only a version-looking tag, so "reason:later" or "10:30" stay text.
const VERSIONED = new RegExp(`(?<![\\w./:@-])(${SEGMENT}):(v?\\d[\\w.-]{0,127}|latest)(?:@(${DIGEST}))?(?![\\w/@:-])`, 'i');
// "payments api 1.4.2": a repository typed with spaces for slashes, then a dotted version.
const SPACED = /(?<![\w./:@-])([a-z][a-z0-9-]{1,40})(?:\s+([a-z][a-z0-9-]{1,40}))?\s+(v?\d+(?:\.\d+){1,3}(?:-[\w.]+)?)(?![\w.:/@-])/i;
const BARE_DIGEST = new RegExp(`(?<![\\w:])(${DIGEST})\\b`, 'i');

function tidyTag(tag: string | undefined): string | undefined {
  const t = tag?.replace(/[.-]+$/, '');
  return t === '' ? undefined : t;
}

function setImage(entities: Entities, repository: string | undefined, tag: string | undefined, digest: string | undefined): void {
  if (repository && !entities.repository) entities.repository = repository.toLowerCase();
  const t = tidyTag(tag);
  if (t && !entities.tag) entities.tag = t;
  if (digest && !entities.digest) entities.digest = digest.toLowerCase();
}

/** "critical/high" or "and/or" are words, not repositories. */
function looksLikeRepository(path: string): boolean {
  const segments = path.toLowerCase().split('/');
  if (segments.every((s) => isVocabularyWord(s) || /^\d+$/.test(s))) return false;
  return /[a-z]/.test(path.toLowerCase());
}

export function extractImages(scanner: TextScanner, entities: Entities): void {
  scanner.scan(HOST, (m) => {
    if (!entities.registry) entities.registry = (m[1] ?? '').toLowerCase();
    setImage(entities, m[3], m[4], m[5]);
  });
  scanner.scan(SLASHED, (m) => {
    const repository = m[1] ?? '';
    if (!looksLikeRepository(repository)) return false;
    setImage(entities, repository, m[2] ?? m[3], m[4]);
  });
  scanner.scan(NAMED, (m) => {
    const repository = m[1] ?? '';
    if (isVocabularyWord(repository) && !m[2] && !m[3]) return false;
    setImage(entities, repository, m[2], m[3]);
  });
  scanner.scan(VERSIONED, (m) => {
    const name = (m[1] ?? '').toLowerCase();
    if (!/[a-z]/.test(name) || name === 'cve' || name === 'sha256') return false;
    setImage(entities, name, m[2], m[3]);
  });
  scanner.scan(SPACED, (m) => {
    if (entities.repository) return false;
    // Only words ShipShape does not know: "version 1.2.3" or "upgrade to 2.0" are not images.
    const words = [m[1], m[2]].filter((w): w is string => w !== undefined);
    if (words.some((w) => isVocabularyWord(w))) return false;
    setImage(entities, words.join('/'), m[3], undefined);
  });
  scanner.scan(BARE_DIGEST, (m) => {
    setImage(entities, undefined, undefined, m[1]);
  });
}
