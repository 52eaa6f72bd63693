import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createTemplateSource, type TemplateSource } from '../../../src/bot/cards/index.js';
import { CARDS_DIR, FIXTURES, cardSchemaValidator, houseRuleProblems } from './support/card-checks.js';
import { renderPages } from './support/render.js';
import { APPROVAL_VERBS } from '../approvals/support/card-scenarios.js';
import { DIGEST_VERBS } from '../digest/card-scenarios.js';
import { FINDINGS_VERBS } from '../findings/support/card-scenarios.js';
import { GUARDRAILS_VERBS } from '../guardrails/support/card-scenarios.js';
import { POSTURE_VERBS } from '../posture/card-scenarios.js';
import { REPLY_SCENARIOS } from './support/scenarios.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const KNOWN_VERBS: ReadonlySet<string> = new Set(['help.try', 'page.more', ...FINDINGS_VERBS, ...POSTURE_VERBS, ...DIGEST_VERBS, ...APPROVAL_VERBS, ...GUARDRAILS_VERBS]);
const used = new Set<string>();
const NOTES = /^(working|error|text)(-|$)/;

/** Templates as the renderer loads them, noting which ones the scenarios exercise. */
function recordingTemplates(): TemplateSource {
  const inner = createTemplateSource();
  return {
    expand(name, data) {
      used.add(name);
      return inner.expand(name, data);
    },
  };
}

async function renderScenario(name: string): Promise<Record<string, unknown>[]> {
  const make = REPLY_SCENARIOS[name];
  if (!make) throw new Error(`no scenario ${name}`);
  return renderPages(make, recordingTemplates());
}

function compareGolden(file: string, card: unknown): void {
  const actual = `${JSON.stringify(card, null, 2)}\n`;
  if (UPDATE) {
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${path.basename(file)} is missing; run with UPDATE_GOLDEN=1 to create it`).toBe(true);
  expect(actual, `${path.basename(file)} drifted; run with UPDATE_GOLDEN=1 if the change is intended`).toBe(readFileSync(file, 'utf8'));
}

describe('every card, rendered from real replies', () => {
  test.for(Object.keys(REPLY_SCENARIOS))('%s', async (name) => {
    const pages = await renderScenario(name);
    pages.forEach((card, i) => {
      const validate = cardSchemaValidator();
      expect(validate(card), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
      expect(houseRuleProblems(card, KNOWN_VERBS)).toEqual([]);
      // Answers open with their heading and a subtle line saying what was understood; notes
      // (working on it, errors, plain text) are a line or two and have neither.
      if (!NOTES.test(name)) {
        const body = card.body as Array<{ style?: string; isSubtle?: boolean }>;
        expect(body[0]?.style).toBe('heading');
        expect(body[1]?.isSubtle).toBe(true);
      }
      const suffix = pages.length > 1 ? `.page${i + 1}` : '';
      compareGolden(path.join(FIXTURES, 'cards', `${name}${suffix}.golden.json`), card);
    });
  });

  test('every template in cards/ is exercised by a scenario', () => {
    const templates = readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(templates.length).toBeGreaterThan(5);
    expect([...used].sort()).toEqual(templates.sort());
  });

  test('every golden file belongs to a scenario', () => {
    const goldens = readdirSync(path.join(FIXTURES, 'cards')).filter((f) => f.endsWith('.golden.json'));
    const scenarios = Object.keys(REPLY_SCENARIOS);
    for (const golden of goldens) expect(scenarios, golden).toContain(golden.replace(/(\.page\d+)?\.golden\.json$/, ''));
  });
});

describe('card content', () => {
  test('severity-free cards still lead with a heading and say what they are about', async () => {
    for (const name of ['help-personal', 'whoami-priya', 'ping', 'suggestions']) {
      const [card] = await renderScenario(name);
      const body = (card?.body ?? []) as { type: string; style?: string; isSubtle?: boolean }[];
      expect(body[0]?.style, name).toBe('heading');
      expect(body[1]?.isSubtle, `${name} has a subtitle`).toBe(true);
    }
  });

  test('the summary is the fallback text', async () => {
    const [card] = await renderScenario('whoami-priya');
    expect(card?.fallbackText).toBe('Priya Raman: 3 subscriptions you can read, 10 role assignments.');
  });

  test('the same reply renders the same card twice (templates are not mutated)', async () => {
    expect(await renderScenario('help-personal')).toEqual(await renderScenario('help-personal'));
  });
});

describe('the checks themselves', () => {
  test('catch a card the schema forbids and a card that breaks house rules', () => {
    const validate = cardSchemaValidator();
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 5, wrap: true }] })).toBe(false);
    expect(validate({ type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' }, body: [] })).toBe(false);
    const bad = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Hi ${name}' }],
      actions: [{ type: 'Action.Execute', title: 'Go', verb: 'made.up', data: { state: { big: true } } }],
    };
    expect(houseRuleProblems(bad, KNOWN_VERBS)).toEqual([
      'unexpanded template expression',
      'TextBlock without wrap: Hi ${name}',
      'unknown verb made.up',
      'verb made.up carries more than ids',
      'verb made.up has no Action.Submit fallback',
    ]);
  });

  test('catch the reading slips: counts, names said twice, yellow or red sentences, several primary buttons per item', () => {
    const slips = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: '1 entries', wrap: true },
        { type: 'TextBlock', text: '1 of 3 subscriptions you can read', wrap: true },
        { type: 'TextBlock', text: 'Priya Raman: Priya Raman approved', wrap: true },
        { type: 'TextBlock', text: 'Anything still signing in stops working.', color: 'Warning', wrap: true },
        { type: 'TextBlock', text: '3 High', color: 'Warning', wrap: true },
        { type: 'TextBlock', text: 'public IP with ports 22 and 80 open to the internet', color: 'Attention', wrap: true },
        { type: 'TextBlock', text: '2 critical · 1 high', color: 'attention', wrap: true },
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Azure refused the change and nothing ran', color: 'Attention' }, { type: 'TextRun', text: '✗ Network', color: 'Attention' }] },
        { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'A', url: 'https://a' }, { type: 'Action.OpenUrl', title: 'B', url: 'https://b' }] },
        { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'C', url: 'https://c' }, { type: 'Action.OpenUrl', title: 'D', url: 'https://d', mode: 'secondary' }] },
      ],
    };
    expect(houseRuleProblems(slips, KNOWN_VERBS)).toEqual([
      'count and noun disagree: 1 entries',
      'name said twice: Priya Raman: Priya Raman approved',
      'a sentence in warning: Anything still signing in stops working.',
      'a sentence in attention: public IP with ports 22 and 80 open to the internet',
      'a sentence in attention: Azure refused the change and nothing ran',
      '2 primary buttons on one item: A, B',
    ]);
  });
});
