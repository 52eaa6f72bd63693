import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ResourceGraphFindingsSource } from '../../../src/azure/resourcegraph/index.js';
import { EstateAggregate, type FindingsSource } from '../../../src/domain/findings/index.js';
import { matchingImages } from '../../../src/domain/findings/image-query.js';
import { countOf } from '../../../src/domain/findings/image-summary.js';
import { generateResources } from '../../../src/emulator/generate/index.js';
import { PERSONA, personaPrincipals } from '../../../src/emulator/generate/personas.js';
import { DEMO, PEOPLE, scanView, stackFor, type Stack } from './support.js';

/**
 * The Resource Graph findings path against the per-subscription path, through the same port and the
 * same aggregation: "which prod images have criticals" must get the same answer from both, on the demo
 * tenant and on a generated one, for people with different rights; and when Resource Graph refuses or
 * fails, the answer still arrives, read per subscription.
 */

const SEED = 40_000 + Math.floor(Math.random() * 10_000);
const GENERATED = { tenantId: '5b1e0c1d-2f3a-4b5c-8d6e-7f8091a2b3c4', principals: personaPrincipals('generated.test'), resources: [...generateResources({ subscriptions: 5, registries: 12, images: 90, findings: 3_600, seed: SEED })] };

/** "Which prod images have criticals": image key → open criticals, and the parts the answer says it could not read. */
async function prodCriticals(source: FindingsSource, who: string): Promise<{ images: Record<string, number>; missing: number; subscriptions: number }> {
  const view = await scanView(source, who, { environments: ['prod'] });
  const images = matchingImages(view, { environments: ['prod'], severities: ['Critical'], fixableOnly: false });
  return { images: Object.fromEntries(images.map((i) => [i.key, countOf(i, 'Critical')])), missing: view.missing.length, subscriptions: view.subscriptions.length };
}

const stacks: Record<string, Stack> = {};
beforeAll(async () => {
  stacks.demo = await stackFor(DEMO);
  stacks.generated = await stackFor(GENERATED);
});
afterAll(async () => {
  await Promise.all(Object.values(stacks).map((s) => s.env.close()));
});

describe('Resource Graph and the per-subscription path give one answer', () => {
  test.for(PEOPLE)('%s tenant, %s: prod criticals', async ([tenant, who]) => {
    const stack = stacks[tenant] as Stack;
    stack.fallbacks.length = 0;
    const viaGraph = await prodCriticals(stack.graph, who);
    const viaArm = await prodCriticals(stack.arm, who);
    expect(stack.fallbacks, 'Resource Graph answered without falling back').toEqual([]);
    expect(viaGraph).toEqual(viaArm);
    if (who === PERSONA.priya) expect(Object.keys(viaGraph.images).length).toBeGreaterThan(0);
  });
});

describe('fallback', () => {
  test('Resource Graph refusing every query: the answer comes from the per-subscription path, the same', async () => {
    const stack = stacks.generated as Stack;
    const expected = await prodCriticals(stack.arm, PERSONA.priya);
    stack.env.emulator.setFaults({ resourceGraphQuota: { queries: 1, windowSeconds: 3600 } });
    stack.fallbacks.length = 0;
    try {
      expect(await prodCriticals(stack.graph, PERSONA.mei)).toEqual(await prodCriticals(stack.arm, PERSONA.mei));
      expect(stack.fallbacks.length).toBeGreaterThan(0);
      expect(stack.fallbacks[0]).toMatch(/throttl|quota/i);
      expect(await prodCriticals(stack.graph, PERSONA.priya)).toEqual(expected);
    } finally {
      stack.env.emulator.setFaults({});
    }
  });

  test('a findings query failing midway: its registries are read again per subscription, nothing counted twice', async () => {
    const stack = stacks.generated as Stack;
    const expected = await prodCriticals(stack.arm, PERSONA.priya);
    // Ten images a page, so that the findings query has several: the four estate queries and its first page pass, the next page is refused.
    const fallbacks: string[] = [];
    const credentials = { forUser: (user: { aadObjectId?: string }) => stack.env.user(user.aadObjectId ?? '') };
    const graph = new ResourceGraphFindingsSource(stack.azure, credentials, stack.arm, { onFallback: (reason) => fallbacks.push(reason), maxQuotaWaitMs: 200, pageRows: 10 });
    stack.env.emulator.setFaults({ resourceGraphQuota: { queries: 5, windowSeconds: 3600 } });
    try {
      const answer = await prodCriticals(graph, PERSONA.priya);
      expect(fallbacks).toHaveLength(1);
      expect(answer).toEqual(expected);
    } finally {
      stack.env.emulator.setFaults({});
    }
  });

  test('when the per-subscription path cannot read a part either, the answer says both ways were tried', async () => {
    const stack = stacks.generated as Stack;
    // A per-subscription path that loses every registry it is asked for.
    const losing: FindingsSource = {
      scan: (request, sink) =>
        stack.arm.scan(request, {
          subscriptions: (l) => sink.subscriptions(l),
          registries: (id, l) => sink.registries(id, l),
          clusters: (id, l) => sink.clusters(id, l),
          workloads: (id, l) => sink.workloads(id, l),
          unitStarted: (u) => sink.unitStarted(u),
          findings: () => undefined,
          unitDone: (u) => sink.unitDone(u, 'Azure answered 503 after retries'),
          subscriptionDone: (id, f) => sink.subscriptionDone(id, f),
        }),
      imageFindings: (user, location, signal) => stack.arm.imageFindings(user, location, signal),
    };
    const credentials = { forUser: (user: { aadObjectId?: string }) => stack.env.user(user.aadObjectId ?? '') };
    const graph = new ResourceGraphFindingsSource(stack.azure, credentials, losing, { maxQuotaWaitMs: 200 });
    stack.env.emulator.setFaults({ resourceGraphQuota: { queries: 1, windowSeconds: 3600 } });
    try {
      const sink = new EstateAggregate({ environments: ['prod'] }, Date.now());
      const signal = AbortSignal.timeout(60_000);
      setMaxListeners(0, signal);
      await graph.scan({ user: { channelUserId: '29:p', aadObjectId: PERSONA.priya }, scope: { environments: ['prod'] }, signal }, sink);
      const missing = sink.view(Date.now()).missing;
      expect(missing.length).toBeGreaterThan(0);
      for (const part of missing) expect(part.reason).toMatch(/^Azure answered 503 after retries \(read per subscription after Resource Graph failed: .+\)$/);
    } finally {
      stack.env.emulator.setFaults({});
    }
  });
});
