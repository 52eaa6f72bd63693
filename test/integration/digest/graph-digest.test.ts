import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTenant } from '../../../src/emulator/generate/index.js';
import { PERSONA } from '../../../src/emulator/generate/personas.js';
import { installationUpdate } from '../../harness/activities.js';
import type { Json } from '../../harness/connector.js';
import { personas } from '../../harness/personas.js';
import { startStack, type Stack } from '../../harness/stack.js';
import { expectedEstate, totals } from '../findings/support/expected.js';

/**
 * Digests read findings the way the cards do: through Resource Graph, for the app's read-only
 * identity and for "as me" alike, and per subscription when Resource Graph refuses, with the same
 * counts either way. What the emulator was asked is read from its request log; the counts come
 * from the generated tenant file.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'shipshape-graph-digest-'));
const tenantFile = path.join(dir, 'tenant.json');
await generateTenant({ out: tenantFile, subscriptions: 6, registries: 12, images: 140, findings: 1_600, seed: 2026_12, shape: 'skewed' });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** "POST /providers/Microsoft.ResourceGraph/resources 200 12ms": one line per request the emulator answered. */
const lines: string[] = [];
let stack: Stack;
/** The digests' clock: moved on past the few minutes one read of the estate is shared for. */
let offsetMs = 0;

beforeAll(async () => {
  stack = await startStack({ tenantFile, log: (line) => lines.push(line), app: { digests: { now: () => new Date(Date.now() + offsetMs) } } });
}, 60_000);
afterAll(() => stack?.close());

interface Requests {
  graph: number[];
  /** Sub-assessment lists read per registry: the per-subscription path. */
  perRegistry: number;
}

function requestsSince(from: number): Requests {
  const seen = lines.slice(from);
  const graph = seen.map((l) => /^POST \/providers\/Microsoft\.ResourceGraph\/resources (\d{3}) /i.exec(l)?.[1]).filter((s): s is string => s !== undefined).map(Number);
  return { graph, perRegistry: seen.filter((l) => /^GET \S+\/subAssessments \d{3} /i.test(l)).length };
}

/** "Open now: 26 critical · 27 high" on the digest card. */
function digestOpen(card: Json | undefined): { Critical: number; High: number } {
  const facts = JSON.stringify(card).match(/"Open now".*?"(\d[\d,]*) critical · (\d[\d,]*) high"/);
  expect(facts, 'the digest shows what is open now').not.toBeNull();
  return { Critical: Number(facts?.[1]?.replace(/,/g, '')), High: Number(facts?.[2]?.replace(/,/g, '')) };
}

/** Open criticals and highs in prod that this principal can read, from the tenant file. */
function prodOpen(objectId: string): { Critical: number; High: number } {
  const all = totals(expectedEstate(tenantFile, objectId).images.filter((i) => i.env === 'prod'));
  expect(all.Critical + all.High, 'prod has criticals or highs to count').toBeGreaterThan(0);
  return { Critical: all.Critical, High: all.High };
}

describe('digests read through Resource Graph', () => {
  test('"as me": the subscriber’s digest is read with Resource Graph, and counts what the tenant holds', async () => {
    const { teams } = stack;
    expect((await teams.say('send a daily digest here at 9:00 for prod as me')).readable).toMatch(/Subscribed/);
    const from = lines.length;
    const digest = await teams.say('digest now', { timeoutMs: 30_000 });
    const seen = requestsSince(from);
    expect(seen.graph.filter((s) => s === 200).length, 'Resource Graph answered the digest').toBeGreaterThan(0);
    expect(seen.perRegistry, 'no registry was read per subscription').toBe(0);
    expect(digestOpen(digest.card)).toEqual(prodOpen(personas.priya.aadObjectId));
  }, 60_000);

  test('the app’s read-only identity: read with Resource Graph too, and counts what it can read', async () => {
    const { teams, context } = stack;
    await teams.post(installationUpdate(context, { as: personas.priya, in: 'channel' }));
    const subscribed = await teams.say('send a daily digest here at 9:00 for prod', { in: 'channel' });
    expect(subscribed.readable).toMatch(/Subscribed/);
    expect(subscribed.readable).not.toMatch(/own access/);
    const from = lines.length;
    const digest = await teams.say('digest now', { in: 'channel', timeoutMs: 30_000 });
    const seen = requestsSince(from);
    expect(seen.graph.filter((s) => s === 200).length, 'Resource Graph answered the digest').toBeGreaterThan(0);
    expect(seen.perRegistry, 'no registry was read per subscription').toBe(0);
    expect(JSON.stringify(digest.card)).toContain("ShipShape's read-only identity");
    expect(digestOpen(digest.card)).toEqual(prodOpen(PERSONA.digestReader));
  }, 60_000);

  test('Resource Graph refusing: the digest is read per subscription, with the same counts', async () => {
    const { teams, emulator } = stack;
    // One query per hour: the digest's first estate queries already meet Resource Graph's 429.
    emulator.setFaults({ resourceGraphQuota: { queries: 1, windowSeconds: 3600 } });
    offsetMs += 60 * 60_000;
    try {
      for (const [where, who] of [['personal', personas.priya.aadObjectId], ['channel', PERSONA.digestReader]] as const) {
        const from = lines.length;
        const digest = await teams.say('digest now', { in: where, timeoutMs: 30_000 });
        const seen = requestsSince(from);
        expect(seen.graph, `Resource Graph refused the ${where} digest`).toContain(429);
        expect(seen.perRegistry, `the ${where} digest read its registries per subscription`).toBeGreaterThan(0);
        expect(digestOpen(digest.card)).toEqual(prodOpen(who));
      }
    } finally {
      emulator.setFaults({});
    }
  }, 90_000);
});
