import { describe, expect, test } from 'vitest';
import { walk } from '../cards/support/card-checks.js';
import { renderPages } from '../cards/support/render.js';
import { GUARDRAILS_SCENARIOS, SCENARIO_SECRETS } from './support/card-scenarios.js';

/**
 * The guardrail cards, rendered from the commands' real replies: what each must show beyond
 * the schema, house rules and golden files that test/unit/cards/cards.test.ts checks for every card.
 */
function pagesOf(name: string): Promise<Record<string, unknown>[]> {
  const make = GUARDRAILS_SCENARIOS[name];
  if (!make) throw new Error(`no scenario ${name}`);
  return renderPages(make);
}

function texts(card: unknown): string[] {
  return [...walk(card)].map(({ node }) => node.text).filter((t): t is string => typeof t === 'string');
}

describe('guardrail cards', () => {
  // Schema, house rules and golden files: test/unit/cards/cards.test.ts, for every scenario.
  test.for(Object.keys(GUARDRAILS_SCENARIOS))('%s shows no secret value', async (name) => {
    const json = JSON.stringify(await pagesOf(name));
    for (const secret of SCENARIO_SECRETS) expect(json).not.toContain(secret);
  });

  test('the prod card pages its rows worst first and repeats the per-guardrail counts on every page', async () => {
    const pages = await pagesOf('guardrails-prod');
    expect(pages.length).toBe(2);
    const names = pages.flatMap((p) => texts(p).filter((t) => /^\[aci-|^\[aks-/.test(t)).map((t) => t.slice(1, t.indexOf(']'))));
    // 6 prod container groups and the 3 clusters, each once; the two with four broken guardrails lead.
    expect(names).toHaveLength(9);
    expect(new Set(names).size).toBe(9);
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
