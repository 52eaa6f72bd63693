import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Throttle, throttleLimits } from '../../../src/emulator/http/throttle.js';
import { ArmError } from '../../../src/emulator/http/types.js';
import { startTestEmulator } from './support/client.js';
import type { TestEmulator } from './support/client.js';
import { IDS, SUB_A, SUB_B } from './support/tenant.js';

const ITEMS = `/subscriptions/${SUB_A}/providers/Test.Core/items?api-version=2024-01-01`;
let t: TestEmulator;

beforeAll(async () => {
  t = await startTestEmulator({ faults: { throttle: false }, pageSize: 10 });
});
afterAll(() => t.close());

describe('throttling', () => {
  test('a burst over the read limit gets 429 with Retry-After, after the remaining count ran down', async () => {
    t.emulator.setFaults({ throttle: { readsPerMinute: 5 } });
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await t.arm(IDS.owner, ITEMS);
      expect(reply.status).toBe(200);
      remaining.push(Number(reply.headers['x-ms-ratelimit-remaining-subscription-reads']));
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const throttled = await t.arm(IDS.owner, ITEMS);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBe(12);
    const body = throttled.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('SubscriptionRequestsThrottled');
    expect(body.error.message).toBe(
      `Number of 'read' requests for subscription '${SUB_A}' actor '${IDS.owner}' exceeded. Please try again after '12' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`,
    );
    // Buckets are per caller and per subscription.
    expect((await t.arm(IDS.reader, ITEMS)).status).toBe(200);
    expect((await t.arm(IDS.owner, ITEMS.replace(SUB_A, SUB_B))).status).not.toBe(429);
  });

  test('writes have their own bucket', async () => {
    t.emulator.setFaults({ throttle: { readsPerMinute: 1, writesPerMinute: 2 } });
    expect((await t.arm(IDS.owner, ITEMS)).status).toBe(200);
    expect((await t.arm(IDS.owner, ITEMS)).status).toBe(429);
    const put = (n: number) => t.arm(IDS.owner, `/subscriptions/${SUB_A}/providers/Test.Core/items/w${n}?api-version=2024-01-01`, { method: 'PUT', body: '{}' });
    const first = await put(1);
    expect(first.headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('1');
    expect((await put(2)).status).toBe(201);
    expect((await put(3)).status).toBe(429);
  });

  test('the bucket refills with time', () => {
    let now = 0;
    const throttle = new Throttle(throttleLimits({ readsPerMinute: 60 }), 'tenant', () => now);
    for (let i = 0; i < 60; i++) throttle.take('p', 's', 'reads');
    expect(() => throttle.take('p', 's', 'reads')).toThrow(ArmError);
    now += 2000;
    expect(throttle.take('p', 's', 'reads').headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('1');
    expect(throttle.take('p', undefined, 'reads').headers).toHaveProperty('x-ms-ratelimit-remaining-tenant-reads', '59');
  });

  test('ARM’s default limits apply when nothing is configured', () => {
    const throttle = new Throttle(throttleLimits(undefined), 'tenant');
    expect(throttle.take('p', 's', 'reads').headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('249');
    expect(throttle.take('p', 's', 'writes').headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('199');
    expect(new Throttle(throttleLimits(false), 'tenant').take('p', 's', 'reads').headers).toEqual({});
  });
});

describe('injected failures and latency', () => {
  test('an error rate answers that share with 5xx, the same way for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      t.emulator.setFaults({ throttle: false, errorRate: 0.3, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await t.arm(IDS.owner, ITEMS)).status);
      return statuses;
    };
    const first = await run();
    const failures = first.filter((s) => s >= 500);
    expect(failures.length).toBeGreaterThan(8);
    expect(failures.length).toBeLessThan(30);
    expect(new Set(failures)).toEqual(new Set([500, 503]));
    expect(first.filter((s) => s !== 200 && s < 500)).toEqual([]);
    expect(await run()).toEqual(first);
  });

  test('injected 500s carry ARM’s InternalServerError body', async () => {
    t.emulator.setFaults({ throttle: false, errorRate: 1, seed: 7 });
    let seen500 = false;
    for (let i = 0; i < 10 && !seen500; i++) {
      const reply = await t.arm(IDS.owner, ITEMS);
      expect(reply.status).toBeGreaterThanOrEqual(500);
      if (reply.status === 500) {
        seen500 = true;
        expect(reply.json<{ error: { code: string } }>().error.code).toBe('InternalServerError');
      }
    }
    expect(seen500).toBe(true);
  });

  test('latency and jitter delay each answer; the slow page only follow-up pages', async () => {
    t.emulator.setFaults({ throttle: false, latencyMs: 150, jitterMs: 50, seed: 1 });
    let started = Date.now();
    await t.arm(IDS.owner, ITEMS);
    const first = Date.now() - started;
    expect(first).toBeGreaterThanOrEqual(150);
    expect(first).toBeLessThan(1000);

    t.emulator.setFaults({ throttle: false, slowPageMs: 300 });
    started = Date.now();
    const page1 = await t.arm(IDS.owner, ITEMS);
    expect(Date.now() - started).toBeLessThan(300);
    const next = new URL(page1.json<{ nextLink: string }>().nextLink);
    started = Date.now();
    await t.arm(IDS.owner, `${next.pathname}${next.search}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  test('invalid fault settings are refused', () => {
    expect(() => t.emulator.setFaults({ errorRate: 1.5 })).toThrow(RangeError);
    expect(() => t.emulator.setFaults({ latencyMs: -1 })).toThrow(RangeError);
  });
});
