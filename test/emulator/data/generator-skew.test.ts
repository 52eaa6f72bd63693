import { describe, expect, test } from 'vitest';
import { generateResources } from '../../../src/emulator/generate/index.js';
import { apportion, MAX_FINDINGS_PER_REGISTRY, registryFindings, registryImages, skewedEnvironment } from '../../../src/emulator/generate/large-skew.js';
import { classify, environmentOf, imageKeyOf, severityOf, statusOf, type Resource } from './tenant-rules.js';

/** Skewed estates: long-tailed findings per registry, a production minority, most images without criticals. */

const SEED = 7_000 + Math.floor(Math.random() * 1_000);

describe('skew arithmetic', () => {
  test('apportion is exact and proportional', () => {
    const parts = apportion(1000, [1, 2, 7]);
    expect(parts).toEqual([100, 200, 700]);
    expect(apportion(10, [1, 1, 1]).reduce((a, b) => a + b, 0)).toBe(10);
  });

  test('a million findings over 2,000 registries: a few large ones at the cap, most with tens', () => {
    const shares = registryFindings(1_000_000, 2_000, SEED);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(1_000_000);
    const sorted = [...shares].sort((a, b) => b - a);
    expect(sorted[0]).toBeLessThanOrEqual(MAX_FINDINGS_PER_REGISTRY);
    expect(sorted.filter((s) => s >= 20_000).length).toBeGreaterThanOrEqual(2);
    expect(sorted.filter((s) => s >= 20_000).length).toBeLessThan(40);
    const median = sorted[1_000] as number;
    expect(median).toBeGreaterThanOrEqual(10);
    expect(median).toBeLessThan(1_000);
    const images = registryImages(100_000, shares);
    expect(images.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(images.every((n, i) => (shares[i] as number) === 0 || n >= 1)).toBe(true);
  });
});

describe('a generated skewed tenant', () => {
  const resources = [...generateResources({ subscriptions: 60, registries: 120, images: 2_400, findings: 60_000, seed: SEED, shape: 'skewed' })] as Resource[];
  const byId = new Map(resources.map((r) => [r.id.toLowerCase(), r]));
  const findings = resources.filter((r) => classify(r.id)?.kind === 'subAssessment');

  test('the requested open findings, long-tailed over registries', () => {
    const open = findings.filter((f) => statusOf(f).code === 'Unhealthy');
    expect(open).toHaveLength(60_000);
    const perRegistry = new Map<string, number>();
    for (const f of open) {
      const registry = f.id.split('/providers/Microsoft.Security/')[0] as string;
      perRegistry.set(registry, (perRegistry.get(registry) ?? 0) + 1);
    }
    const sorted = [...perRegistry.values()].sort((a, b) => b - a);
    expect(sorted[0]).toBeGreaterThan(10 * (sorted[Math.floor(sorted.length / 2)] as number));
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(600);
  });

  test('production is a minority of subscriptions, and most images have no critical', () => {
    const subs = resources.filter((r) => classify(r.id)?.kind === 'subscription');
    const prod = subs.filter((s) => environmentOf(s.id, byId) === 'prod').length / subs.length;
    expect(prod).toBeGreaterThanOrEqual(0.08);
    expect(prod).toBeLessThanOrEqual(0.35);
    const images = new Map<string, boolean>();
    for (const f of findings) {
      const key = imageKeyOf(f);
      const critical = statusOf(f).code === 'Unhealthy' && severityOf(f) === 'Critical';
      images.set(key, (images.get(key) ?? false) || critical);
    }
    const withCritical = [...images.values()].filter(Boolean).length / images.size;
    expect(withCritical).toBeGreaterThan(0.1);
    expect(withCritical).toBeLessThan(0.45);
  });
});

describe('a 1,000-subscription estate', () => {
  test('production is 10–30 % of the subscriptions, whatever the seed', () => {
    for (const seed of [1, 42, SEED]) {
      const prod = Array.from({ length: 1_000 }, (_, i) => skewedEnvironment(i, seed)).filter((e) => e === 'prod').length;
      expect(prod).toBeGreaterThanOrEqual(100);
      expect(prod).toBeLessThanOrEqual(300);
    }
  });

  test('200 k findings over 1,000 registries: one or a few with 20–50 k, most with tens', () => {
    const sorted = registryFindings(200_000, 1_000, SEED).sort((a, b) => b - a);
    const large = sorted.filter((s) => s >= 20_000);
    expect(large.length).toBeGreaterThanOrEqual(1);
    expect(large.length).toBeLessThanOrEqual(5);
    expect(sorted[0]).toBeLessThanOrEqual(MAX_FINDINGS_PER_REGISTRY);
    expect(sorted.filter((s) => s < 100).length).toBeGreaterThan(sorted.length / 2);
  });
});
