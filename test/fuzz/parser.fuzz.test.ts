import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { commands, createCommandRouter } from '../../src/commands/index.js';
import type { CommandContext } from '../../src/commands/types.js';
import { parse, type ParsedText } from '../../src/domain/language/index.js';
import { runs, SEED } from './support/budget.js';
import { anyText, vocabularySentence } from './support/text.js';

/**
 * The parser reads whatever anyone types in Teams. Whatever it is, parsing must not throw, must not
 * take long, must give the same answer twice, and must give a result whose parts agree.
 */
const NOW = new Date('2026-06-15T09:30:00Z');
// Generous for a loaded two-core CI machine; catastrophic backtracking takes seconds, not milliseconds.
const SLOW_MS = 250;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const router = createCommandRouter(commands);
const ctx = { now: () => NOW } as unknown as CommandContext;

/** Plain checks rather than expect(): these run tens of thousands of times. */
function check(ok: boolean, what: string, raw: string): void {
  if (!ok) throw new Error(`${what} for ${JSON.stringify(raw.slice(0, 200))}`);
}

function checkParsed(raw: string, parsed: ParsedText): void {
  check(parsed.raw === raw, 'raw text not kept', raw);
  check(!CONTROL.test(parsed.text) && parsed.text === parsed.text.trim(), 'control characters or padding left in text', raw);
  check(parsed.words.length === parsed.tokens.length && parsed.tokens.every((t, i) => t.canonical === parsed.words[i]), 'words and tokens disagree', raw);
  const e = parsed.entities;
  check([e.environments, e.severities, e.cves, e.durations, e.dates, e.numbers].every(Array.isArray), 'entity list missing', raw);
  // Digit runs longer than a double holds read as Infinity (reported to the parser's owners); never NaN.
  check(e.numbers.every((n) => !Number.isNaN(n)), 'NaN number', raw);
  check(e.durations.every((d) => Number.isFinite(d.amount) && Number.isFinite(d.hours) && d.hours >= 0), 'impossible duration', raw);
  check(e.dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.date) && new Date(`${d.date}T00:00:00Z`).toISOString().slice(0, 10) === d.date), 'impossible date', raw);
  check(e.cves.every((cve) => /^CVE-\d{4}-\d{4,}$/i.test(cve)), 'malformed CVE id', raw);
}

/** Parses, failing when it is slow twice in a row (once can be a GC pause or a busy machine). */
function timedParse(raw: string): ParsedText {
  for (let attempt = 0; ; attempt++) {
    const started = performance.now();
    const parsed = parse(raw, { now: NOW });
    const took = performance.now() - started;
    if (took <= SLOW_MS) return parsed;
    if (attempt > 0) throw new Error(`parse took ${took.toFixed(0)} ms for ${JSON.stringify(raw.slice(0, 200))}`);
  }
}

// Lazily built indexes (vocabulary, policy catalogue) are built here, not inside the first timed input.
beforeAll(() => {
  for (const sample of ['warm up', 'critical CVE-2024-3094 in prod older than 90 days', 'exempt rg-x from policy "Container registries should not allow unrestricted network access"']) parse(sample, { now: NOW });
});

describe('the parser under generated input', () => {
  test(`any text: no crash, fast, deterministic, consistent (${runs('parserText')} inputs)`, () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const parsed = timedParse(raw);
        checkParsed(raw, parsed);
        check(JSON.stringify(parse(raw, { now: NOW })) === JSON.stringify(parsed), 'a second parse differs', raw);
      }),
      { numRuns: runs('parserText'), seed: SEED },
    );
  }, 600_000);

  test(`the bot's own vocabulary through the parser and every command's matcher (${runs('parserVocabulary')} inputs)`, () => {
    fc.assert(
      fc.property(vocabularySentence, (raw) => {
        const parsed = timedParse(raw);
        checkParsed(raw, parsed);
        for (const command of commands) check(!Number.isNaN(command.match(parsed)), `${command.name} scored NaN`, raw);
      }),
      { numRuns: runs('parserVocabulary'), seed: SEED },
    );
  }, 600_000);

  test(`the router's acknowledgement of any sentence names what it understood (${runs('routerAcknowledge')} inputs)`, () => {
    fc.assert(
      fc.property(vocabularySentence, (raw) => {
        const ack = router.acknowledge(raw, ctx);
        check(ack.template === 'working' && typeof ack.data.understood === 'string', 'odd acknowledgement', raw);
      }),
      { numRuns: runs('routerAcknowledge'), seed: SEED },
    );
  }, 600_000);

  test('the properties above can fail: a broken parse is caught', () => {
    const broken = { ...parse('older than 90 days in prod', { now: NOW }) };
    broken.words = [...broken.words, 'extra'];
    expect(() => checkParsed(broken.raw, broken)).toThrow();
  });
});
