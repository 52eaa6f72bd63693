import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect } from 'vitest';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { createLogger } from '../../../src/log/logger.js';
import { createBotTest } from '../../harness/fixture.js';
import { personas, readTenant } from '../../harness/personas.js';
import { limits } from '../cards/support/limits.js';
import { expectedEstate, expectedMatches, scopeTotals } from '../findings/support/expected.js';
import { allPages, completeCard, imageRows, summaryCounts } from '../findings/support/read-card.js';

/**
 * A skewed estate (one registry with thousands of findings, most with tens) under Azure's limits,
 * tightened so that they bite on a small tenant: Resource Graph's per-user quota runs out on the
 * question's queries, so the bot reads per subscription, where ARM's token bucket for the large
 * registry's subscription runs dry. The first answer, within the answer budget, says it is partial
 * and what is missing; refreshed, it is complete and counts exactly what the tenant file holds.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-skew-'));
const tenantFile = path.join(dir, 'tenant.json');
await generateTenant({ out: tenantFile, subscriptions: 48, registries: 60, images: 500, findings: 9_000, seed: 18_2026, shape: 'skewed' });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** "GET /subscriptions/…/subAssessments 429 3ms": every answer the emulator gave. */
const answered: { method: string; path: string; status: number }[] = [];
/** The bot's warnings, one JSON object a line: it says when Resource Graph failed and why. */
const warnings: { msg?: string; reason?: string }[] = [];
const warningLines = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) warnings.push(JSON.parse(line) as { msg?: string; reason?: string });
    done();
  },
});

const test = createBotTest({
  tenantFile,
  faults: {
    latencyMs: 25,
    // A bucket of 24 reads refilled at 0.4 a second per subscription: the large registry's pages outrun it.
    throttle: { readsPerMinute: 24 },
    // One query in five minutes: whatever the bot asks first, the quota is spent before the findings are read.
    resourceGraphQuota: { queries: 1, windowSeconds: 300 },
  },
  app: { log: createLogger('warn', warningLines) },
  log: (line) => {
    const m = /^(GET|POST) (\S+) (\d{3}) /.exec(line);
    if (m) answered.push({ method: m[1] as string, path: m[2] as string, status: Number(m[3]) });
  },
});

type Resource = { id: string; displayName?: string; properties?: { status?: { code?: string } } };

/** Open findings per registry and the display name of each subscription, straight from the tenant file. */
function skewOf(): { largest: { id: string; open: number; subscription: string }; median: number } {
  const resources = readTenant(tenantFile).resources as Resource[];
  const open = new Map<string, number>();
  const names = new Map<string, string>();
  for (const r of resources) {
    if (/^\/subscriptions\/[^/]+$/i.test(r.id)) names.set(r.id.toLowerCase(), String(r.displayName));
    const registry = /^(.+\/registries\/[^/]+)\/providers\/Microsoft\.Security\/assessments\/[^/]+\/subAssessments\//i.exec(r.id)?.[1];
    if (registry && r.properties?.status?.code === 'Unhealthy') open.set(registry, (open.get(registry) ?? 0) + 1);
  }
  const sorted = [...open.entries()].sort((a, b) => b[1] - a[1]);
  const [id, count] = sorted[0] as [string, number];
  const subscription = names.get(id.split('/').slice(0, 3).join('/').toLowerCase()) ?? '';
  return { largest: { id, open: count, subscription }, median: (sorted[Math.floor(sorted.length / 2)] as [string, number])[1] };
}

describe('a skewed estate under throttling', () => {
  test('the first answer is partial and says what is missing; refreshed, every count is the tenant’s', { timeout: 240_000 }, async ({ say, teams }) => {
    const skew = skewOf();
    expect(skew.largest.open, 'one registry holds thousands of findings').toBeGreaterThan(2_500);
    expect(skew.median, 'most registries hold tens').toBeLessThan(100);
    const priya = personas.priya;
    const truth = expectedEstate(tenantFile, priya.aadObjectId);
    answered.length = 0;

    // Teams waits 15 s for an answer; the bot answers by its 9 s budget, complete or not.
    const first = await say('which images have criticals', { timeoutMs: 15_000 });
    const top = limits(first.card).join(' ');
    expect(top, 'the first answer says at the top that it is partial').toMatch(/^Partial answer: \d+ subscriptions? still loading \(.+\)\. Refresh in a moment/);
    const named = /still loading \((.+?)\)\./.exec(top)?.[1] ?? '';
    expect(named.includes(skew.largest.subscription) || /\+\d+ more$/.test(named), 'the subscription of the large registry is among what is missing').toBe(true);
    expect(first.card?.refresh, 'a partial answer refreshes itself when seen again').toBeDefined();
    const shown = summaryCounts(first.card);
    expect(shown, 'the partial answer never shows the whole estate’s numbers').not.toEqual(scopeTotals(truth));

    const card = await completeCard(teams, first.card, priya, 30);
    expect(limits(card).join(' ')).not.toMatch(/Partial answer|still loading|Not included/);
    expect(summaryCounts(card)).toEqual(scopeTotals(truth));
    const rows = (await allPages(teams, card, priya)).flatMap(imageRows);
    const expected = expectedMatches(truth, ['Critical']);
    expect(rows.map((r) => `${r.where.split(' · ')[0]}|${r.where.split(' · ')[2]}|${r.critical}|${r.high}`).sort()).toEqual(
      expected.map((i) => `${i.registry}|sha256:${i.shortDigest.slice(7, 15)}|${i.counts.Critical}|${i.counts.High}`).sort(),
    );

    // Both limits fired: Resource Graph's quota ran out (the bot then read per subscription), and ARM refused reads.
    const graph = answered.filter((a) => a.method === 'POST' && /\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(a.path));
    expect(graph.length, 'the question went to Resource Graph first').toBeGreaterThan(0);
    const fallbacks = warnings.filter((w) => /Resource Graph failed/.test(w.msg ?? ''));
    expect(fallbacks.map((w) => w.reason), 'the quota, and nothing else, sent the bot per subscription').toEqual(fallbacks.map(() => expect.stringMatching(/throttl/i)));
    expect(fallbacks.length).toBeGreaterThan(0);
    const throttled = answered.filter((a) => a.method === 'GET' && a.status === 429);
    expect(throttled.length, 'ARM throttled reads').toBeGreaterThan(0);
    expect(throttled.some((a) => a.path.toLowerCase().startsWith(skew.largest.id.split('/').slice(0, 3).join('/').toLowerCase())), 'in the large registry’s subscription').toBe(true);
  });
});
