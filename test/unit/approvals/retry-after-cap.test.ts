import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { describe, expect, test } from 'vitest';
import { retryAfterCapPolicy } from '../../../src/azure/retry-after-cap.js';

/** The SDK waits whatever Retry-After says; the policy shortens what it reads to the cap. */
async function through(headers: Record<string, string>, capMs = 4_000): Promise<PipelineResponse> {
  const request = createPipelineRequest({ url: 'https://management.azure.com/x' });
  const response: PipelineResponse = { request, status: 429, headers: createHttpHeaders(headers) };
  return retryAfterCapPolicy(capMs).sendRequest(request, async () => response);
}

describe('Retry-After, capped', () => {
  test.for([
    [{ 'retry-after': '60' }, 'retry-after', '4'],
    [{ 'retry-after': '2' }, 'retry-after', '2'],
    [{ 'retry-after': new Date(Date.now() + 120_000).toUTCString() }, 'retry-after', '4'],
    [{ 'retry-after-ms': '60000' }, 'retry-after-ms', '4000'],
    [{ 'x-ms-retry-after-ms': '1500' }, 'x-ms-retry-after-ms', '1500'],
  ] as const)('%o → %s %s', async ([headers, name, expected]) => {
    expect((await through(headers)).headers.get(name)).toBe(expected);
  });
});
