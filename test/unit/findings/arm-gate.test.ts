import { createHttpHeaders, createPipelineRequest, isRestError, type PipelineResponse, type SendRequest } from '@azure/core-rest-pipeline';
import { describe, expect, test } from 'vitest';
import { ArmGate, attemptTimeoutPolicy, bucketOf } from '../../../src/azure/findings/index.js';

/** The throttle gate and the attempt timeout, as pipeline policies, against a scripted "ARM". */

const SUB_A = '1d6e3a2b-7c4f-4e5d-9a8b-000000000001';
const SUB_B = '1d6e3a2b-7c4f-4e5d-9a8b-000000000002';
const url = (sub: string): string => `https://arm.example/subscriptions/${sub}/providers/Microsoft.Security/subAssessments?api-version=x`;

function answer(status: number, headers: Record<string, string> = {}): PipelineResponse {
  return { status, headers: createHttpHeaders(headers), request: createPipelineRequest({ url: 'https://arm.example' }) };
}

describe('the throttle gate', () => {
  test('requests are bucketed by subscription, like ARM\'s token buckets', () => {
    expect(bucketOf(url(SUB_A))).toBe(`subscription/${SUB_A}`);
    expect(bucketOf('https://arm.example/subscriptions?api-version=1')).toBe('tenant');
  });

  test('no more than the per-subscription limit is in flight; other subscriptions are not held up', async () => {
    const gate = new ArmGate({ maxPerSubscription: 2, maxInFlight: 10 });
    const policy = gate.policy();
    let inFlightA = 0;
    let maxA = 0;
    const release: (() => void)[] = [];
    const next: SendRequest = async (request) => {
      const a = request.url.includes(SUB_A);
      if (a) maxA = Math.max(maxA, ++inFlightA);
      await new Promise<void>((resolve) => release.push(resolve));
      if (a) inFlightA--;
      return answer(200);
    };
    const calls = [...Array.from({ length: 5 }, () => url(SUB_A)), url(SUB_B)].map((u) => policy.sendRequest(createPipelineRequest({ url: u }), next));
    await new Promise((r) => setTimeout(r, 20));
    // Two of A's five and B's one are on the wire; the rest wait.
    expect(release.length).toBe(3);
    while (release.length > 0) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(calls);
    expect(maxA).toBe(2);
  });

  test('large answers lower the number of requests in flight to the byte budget', async () => {
    const gate = new ArmGate({ maxInFlight: 10, maxPerSubscription: 10, maxBytesInFlight: 1_000 });
    const policy = gate.policy();
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const next: SendRequest = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise<void>((resolve) => release.push(resolve));
      inFlight--;
      return answer(200, { 'content-length': '400' });
    };
    const drain = async (calls: Promise<unknown>[]): Promise<void> => {
      await new Promise((r) => setTimeout(r, 10));
      while (release.length > 0) {
        release.shift()?.();
        await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(calls);
    };
    // Before any answer the size is unknown: the request cap alone applies.
    await drain(Array.from({ length: 6 }, () => policy.sendRequest(createPipelineRequest({ url: url(SUB_A) }), next)));
    expect(most).toBe(6);
    // 400-byte answers and a 1,000-byte budget: two at a time.
    most = 0;
    await drain(Array.from({ length: 6 }, (_, i) => policy.sendRequest(createPipelineRequest({ url: url(i % 2 ? SUB_A : SUB_B) }), next)));
    expect(most).toBe(2);
  });

  test('after a 429 the gate waits as long as Retry-After says, then sends again (the caller sees only the success)', async () => {
    const gate = new ArmGate();
    const policy = gate.policy();
    const sent: number[] = [];
    const response = await policy.sendRequest(createPipelineRequest({ url: url(SUB_A) }), async () => {
      sent.push(Date.now());
      return sent.length === 1 ? answer(429, { 'retry-after': '1' }) : answer(200);
    });
    expect(response.status).toBe(200);
    expect(gate.throttled).toBe(1);
    expect(sent).toHaveLength(2);
    expect((sent[1] ?? 0) - (sent[0] ?? 0)).toBeGreaterThanOrEqual(990);
  });

  test('the other requests of a throttled subscription wait too; an aborted one stops waiting at once', async () => {
    const gate = new ArmGate();
    const policy = gate.policy(0);
    // maxThrottleWaits 0: the 429 is handed back at once, leaving the bucket paused for a minute.
    const first = await policy.sendRequest(createPipelineRequest({ url: url(SUB_A) }), async () => answer(429, { 'retry-after': '60' }));
    expect(first.status).toBe(429);
    let sent = false;
    const controller = new AbortController();
    const waiting = policy.sendRequest(createPipelineRequest({ url: url(SUB_A), abortSignal: controller.signal }), async () => {
      sent = true;
      return answer(200);
    });
    const other = await policy.sendRequest(createPipelineRequest({ url: url(SUB_B) }), async () => answer(200));
    expect(other.status, 'another subscription is not held up').toBe(200);
    await new Promise((r) => setTimeout(r, 30));
    expect(sent, 'held while ARM asked to wait').toBe(false);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('the attempt timeout', () => {
  test('a silent server becomes a retryable ETIMEDOUT error; the caller\'s own abort stays an abort', async () => {
    const policy = attemptTimeoutPolicy(20);
    const hang: SendRequest = (request) =>
      new Promise((_, reject) => request.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
    const error = await policy.sendRequest(createPipelineRequest({ url: url(SUB_A) }), hang).catch((e: unknown) => e);
    expect(isRestError(error)).toBe(true);
    expect((error as { code?: string }).code).toBe('ETIMEDOUT');

    const controller = new AbortController();
    const pending = policy.sendRequest(createPipelineRequest({ url: url(SUB_A), abortSignal: controller.signal }), hang).catch((e: unknown) => e);
    controller.abort();
    expect((await pending) as Error).toMatchObject({ name: 'AbortError' });
  });
});
