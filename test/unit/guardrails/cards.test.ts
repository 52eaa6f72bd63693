import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createPageStore, renderMore, renderReply } from '../../../src/bot/cards/index.js';
import { cardSchemaValidator, FIXTURES, houseRuleProblems, walk } from '../cards/support/card-checks.js';
import { MemoryStore } from '../cards/support/memory-store.js';
import { GUARDRAILS_SCENARIOS, GUARDRAILS_VERBS, SCENARIO_SECRETS } from './support/card-scenarios.js';

/**
 * The guardrail cards, rendered from the commands' real replies: the Adaptive Card 1.5 schema, the
 * house rules, a golden file per page (UPDATE_GOLDEN=1 rewrites them), and no secret value anywhere.
 */

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const KNOWN_VERBS: ReadonlySet<string> = new Set(['help.try', 'page.more', ...GUARDRAILS_VERBS]);

async function pagesOf(name: string): Promise<Record<string, unknown>[]> {
  const make = GUARDRAILS_SCENARIOS[name];
  if (!make) throw new Error(`no scenario ${name}`);
  let n = 0;
  const options = { pageStore: createPageStore(new MemoryStore(), undefined, { newId: () => `page-${++n}` }), conversationId: 'conv-golden' };
  const pages = [await renderReply(await make(), options)];
  for (let id = n; id > 0 && pages.length < 10; id = n > id ? n : 0) pages.push(await renderMore(`page-${id}`, options));
  return pages.map((p) => p.content);
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

function texts(card: unknown): string[] {
  return [...walk(card)].map(({ node }) => node.text).filter((t): t is string => typeof t === 'string');
}

describe('guardrail cards', () => {
  test.for(Object.keys(GUARDRAILS_SCENARIOS))('%s', async (name) => {
    const pages = await pagesOf(name);
    pages.forEach((card, i) => {
      const validate = cardSchemaValidator();
      expect(validate(card), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
      expect(houseRuleProblems(card, KNOWN_VERBS)).toEqual([]);
      const body = card.body as Array<{ style?: string; isSubtle?: boolean }>;
      expect(body[0]?.style).toBe('heading');
      expect(body[1]?.isSubtle).toBe(true);
      const json = JSON.stringify(card);
      for (const secret of SCENARIO_SECRETS) expect(json, `${name} shows a secret value`).not.toContain(secret);
      compareGolden(path.join(FIXTURES, 'cards', `${name}${pages.length > 1 ? `.page${i + 1}` : ''}.golden.json`), card);
    });
  });

  test('the prod card pages its rows worst first and repeats the per-guardrail counts on every page', async () => {
    const pages = await pagesOf('guardrails-prod');
    expect(pages.length).toBe(2);
    const names = pages.flatMap((p) => texts(p).filter((t) => /^\[aci-|^\[aks-/.test(t)).map((t) => t.slice(1, t.indexOf(']'))));
    // 6 prod container groups and the cluster, each once; the two with four broken guardrails lead.
    expect(names).toHaveLength(7);
    expect(new Set(names).size).toBe(7);
    expect(names.slice(0, 2).sort()).toEqual(['aci-debug', 'aci-payments-api']);
    expect(names.at(-1)).toBe('aci-canary');
    for (const page of pages) expect(texts(page)).toContain('How the workloads do, per guardrail');
  });

  test('badges carry a mark and a color together, and flagged rows explain why and what to do', async () => {
    const [card] = await pagesOf('guardrails-prod');
    const runs = [...walk(card)].filter(({ node }) => node.type === 'TextRun').map(({ node }) => [String(node.text).trim(), node.color]);
    expect(runs.length).toBeGreaterThan(10);
    for (const [text, color] of runs) {
      const expected = { '✗': 'Attention', '!': 'Warning', '?': 'Default', '✓': 'Good' }[String(text).slice(0, 1)];
      expect(color, String(text)).toBe(expected);
    }
    const lines = texts(card);
    expect(lines.filter((t) => t.startsWith('Why it matters: ')).length).toBeGreaterThan(3);
    expect(lines.filter((t) => t.startsWith('What to do: ')).length).toBeGreaterThan(3);
    // The fix offers carry only a fix id.
    const fixes = [...walk(card)].filter(({ node }) => node.type === 'Action.Execute' && node.verb === 'guardrails.fix').map(({ node }) => node.data);
    expect(fixes.length).toBeGreaterThan(0);
    for (const data of fixes) expect(Object.keys(data as object)).toEqual(['fixId']);
  });

  test('each other environment is its own card, a button away', async () => {
    const [prod] = await pagesOf('guardrails-prod');
    const envs = [...walk(prod)].filter(({ node }) => node.verb === 'guardrails.env' && node.type === 'Action.Execute').map(({ node }) => (node.data as { environment: string }).environment);
    expect(envs).toEqual(['staging']);
    const [staging] = await pagesOf('guardrails-staging-button');
    expect(texts(staging)[0]).toBe('Workload guardrails · staging');
    expect(texts(staging).some((t) => t.startsWith('[aci-stage-tool]'))).toBe(true);
  });
});
