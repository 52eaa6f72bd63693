import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * The SDK's throttling retry waits for whatever `Retry-After` says, however long (ARM asks for a
 * minute per 429 under load), so one click could hang for minutes. This policy runs inside the
 * retry loop and shortens the headers the retry strategy reads to `capMs`: the SDK still waits,
 * retries and gives up as configured, but never longer than the cap per attempt.
 */
export const RETRY_AFTER_CAP_POLICY = 'shipshapeRetryAfterCap';

export function retryAfterCapPolicy(capMs: number): PipelinePolicy {
  return {
    name: RETRY_AFTER_CAP_POLICY,
    async sendRequest(request, next) {
      const response = await next(request);
      for (const header of ['retry-after-ms', 'x-ms-retry-after-ms']) {
        const ms = Number(response.headers.get(header));
        if (Number.isFinite(ms) && ms > capMs) response.headers.set(header, String(capMs));
      }
      const value = response.headers.get('retry-after');
      if (value !== undefined) {
        const seconds = Number(value);
        const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
        if (Number.isFinite(ms) && ms > capMs) response.headers.set('retry-after', String(Math.max(0, Math.floor(capMs / 1000))));
      }
      return response;
    },
  };
}
