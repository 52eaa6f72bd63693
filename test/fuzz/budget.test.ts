import { expect, test } from 'vitest';
import { BUDGET, FUZZ_SCALE, runs } from './support/budget.js';

test('the fuzz targets share 100,000 generated inputs at scale 1, most of them on pure functions', () => {
  const total = Object.values(BUDGET).reduce((a, b) => a + b, 0);
  expect(total).toBe(100_000);
  const throughHttp = BUDGET.botInvokes + BUDGET.emulatorRequests;
  expect(throughHttp / total).toBeLessThan(0.1);
  expect(runs('botInvokes')).toBe(Math.max(10, Math.round(BUDGET.botInvokes * FUZZ_SCALE)));
});
