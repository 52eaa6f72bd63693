import { describe, expect, test } from 'vitest';
import { findingsBatches, lit } from '../../../src/azure/resourcegraph/finding-queries.js';
import { QuotaBudget, parseResetsAfter } from '../../../src/azure/resourcegraph/quota-budget.js';
import type { PlannedUnit } from '../../../src/azure/findings/scan-plan.js';

/** The pure parts of the Resource Graph path: quota bookkeeping and how findings queries are grouped. */

function unit(sub: string, n: number): PlannedUnit {
  const resourceId = `/subscriptions/${sub}/resourcegroups/rg/providers/microsoft.containerregistry/registries/r${n}`;
  return {
    unit: { id: `${resourceId}|c0b7cfc6-3172-465a-b378-53c7ff2cc0d5`, subscriptionId: sub, label: `registry r${n}`, resourceId, runtime: false },
    key: 'c0b7cfc6-3172-465a-b378-53c7ff2cc0d5',
    context: { scanner: 'registry', assessedResourceId: resourceId },
  };
}

describe('quota', () => {
  test('resets-after reads as hh:mm:ss', () => {
    expect(parseResetsAfter('00:00:05')).toBe(5000);
    expect(parseResetsAfter('01:02:03.5')).toBe(3_723_500);
    expect(parseResetsAfter('soon')).toBeUndefined();
  });

  test('a spent quota waits for its window, or refuses to wait past the budget', async () => {
    let now = 0;
    const budget = new QuotaBudget(() => now);
    const signal = new AbortController().signal;
    budget.update('1', '00:00:05');
    expect(await budget.take(signal, 1000)).toBe(true);
    expect(await budget.take(signal, 1000)).toBe(false);
    now = 5000;
    expect(await budget.take(signal, 1000)).toBe(true);
  });
});

describe('findings batches', () => {
  test('subscriptions without units are not queried; each query names the shorter list', () => {
    const subs = [
      { subscriptionId: 'a', planned: [unit('a', 1), unit('a', 2)], skipped: ['x|k'] },
      { subscriptionId: 'b', planned: [], skipped: ['y|k'] },
    ];
    const [batch, ...rest] = findingsBatches(subs);
    expect(rest).toEqual([]);
    expect(batch?.subscriptions).toEqual(['a']);
    expect(batch?.query).toContain(`unit !in (${lit('x|k')})`);
  });

  test('long id lists split into several queries, none naming more than 100 ids', () => {
    const subs = Array.from({ length: 30 }, (_, s) => ({
      subscriptionId: `s${s}`,
      planned: Array.from({ length: 10 }, (_, n) => unit(`s${s}`, n)),
      skipped: Array.from({ length: 12 }, (_, n) => `/subscriptions/s${s}/other${n}|k`),
    }));
    const batches = findingsBatches(subs);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flatMap((b) => b.subscriptions)).toEqual(subs.map((s) => s.subscriptionId));
    for (const b of batches) expect((b.query.match(/"\/subscriptions\//g) ?? []).length).toBeLessThanOrEqual(100);
  });
});
