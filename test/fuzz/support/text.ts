import fc from 'fast-check';
import { commands } from '../../../src/commands/index.js';

/**
 * Text the way people (and Teams) send it: the bot's own vocabulary, shapes the parser looks for
 * (ARM ids, image references, CVE ids, durations, dates, quotes), Teams markup, typos and noise.
 */

const exampleWords = [...new Set(commands.flatMap((c) => c.examples.join(' ').split(/\s+/)))];
const VOCABULARY = [
  ...exampleWords,
  'prod', 'production', 'staging', 'dev', 'critical', 'criticals', 'high', 'medium', 'low', 'fixable', 'running', 'stale',
  'registry', 'registries', 'image', 'images', 'policy', 'policies', 'compliance', 'exempt', 'approve', 'digest', 'daily',
  'weekly', 'monday', 'unsubscribe', 'help', 'whoami', 'ping', 'in', 'for', 'since', 'until', 'older', 'than', 'because',
  'subscription', 'resource', 'group', 'rg-registries-prod', 'contosoprod', 'contosopayments', 'payments/api', 'not', 'and', 'or',
];

const guid = fc.uuid();
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);

const SHAPES: fc.Arbitrary<string>[] = [
  fc.tuple(guid, name).map(([sub, rg]) => `/subscriptions/${sub}/resourceGroups/${rg}`),
  fc.tuple(guid, name, name).map(([sub, rg, acr]) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerRegistry/registries/${acr}`),
  fc.tuple(name, name, fc.stringMatching(/^[\w.-]{1,12}$/)).map(([reg, repo, tag]) => `${reg}.azurecr.io/${repo}:${tag}`),
  fc.tuple(name, fc.stringMatching(/^[0-9a-f]{64}$/)).map(([repo, digest]) => `${repo}@sha256:${digest}`),
  fc.tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 0, max: 9_999_999 })).map(([y, n]) => `CVE-${y}-${n}`),
  fc.tuple(fc.integer({ min: -5, max: 100_000 }), fc.constantFrom('minute', 'hours', 'days', 'day', 'weeks', 'months', 'year', 'd', 'h')).map(([n, u]) => `older than ${n} ${u}`),
  fc.tuple(fc.constantFrom('until', 'since', 'on', 'by'), fc.date({ min: new Date('1970-01-01'), max: new Date('2199-12-31'), noInvalidDate: true })).map(([w, d]) => `${w} ${d.toISOString().slice(0, 10)}`),
  fc.constantFrom('today', 'tomorrow', 'next monday', 'in 3 days', 'for 30 days', 'every day at 9:00', '31/02/2026', '2026-13-45', 'at 25:61'),
  fc.string({ maxLength: 40 }).map((s) => `because "${s}"`),
  fc.string({ maxLength: 30 }).map((s) => `subscription '${s}'`),
  fc.constantFrom('<at>ShipShape</at>', '<p>', '</p>', '<br/>', '&nbsp;', '&amp;', '&lt;script&gt;', '\u202e', '\u0000', '\t', '\n', '“', '”', '’'),
];

/** A word from the vocabulary, sometimes with a typo (a changed, dropped or doubled letter). */
const word = fc.tuple(fc.constantFrom(...VOCABULARY), fc.nat(), fc.constantFrom('keep', 'keep', 'keep', 'swap', 'drop', 'double', 'upper'), fc.string({ minLength: 1, maxLength: 1 })).map(([w, at, how, c]) => {
  const i = w.length === 0 ? 0 : at % w.length;
  switch (how) {
    case 'swap':
      return w.slice(0, i) + c + w.slice(i + 1);
    case 'drop':
      return w.slice(0, i) + w.slice(i + 1);
    case 'double':
      return w.slice(0, i) + (w[i] ?? '') + w.slice(i);
    case 'upper':
      return w.toUpperCase();
    default:
      return w;
  }
});

/** Sentences built from what the parser knows, joined by spaces and punctuation. */
export const vocabularySentence: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 6, arbitrary: word }, { weight: 2, arbitrary: fc.oneof(...SHAPES) }, { weight: 1, arbitrary: fc.constantFrom(',', '.', '?', '!', ';', ':', '-', '"', "'", '(', ')') }), { maxLength: 16 })
  .map((parts) => parts.join(' '));

/** Anything at all: unicode of every kind, control characters, long runs, lone surrogates. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '-', '/', ':', '.', '"', "'", '0', '9', '@', '<', '>', '&', ';'), maxLength: 600 }),
  fc.tuple(fc.constantFrom('a', '1', ' ', '/', '-', 'prod ', 'x'.repeat(10)), fc.integer({ min: 1, max: 400 })).map(([s, n]) => s.repeat(n)),
  vocabularySentence,
);
