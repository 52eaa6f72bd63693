import type { TokenCredential } from '@azure/core-auth';
import {
  RestError,
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from '@azure/core-rest-pipeline';
import type { AzureConfig } from '../../config/index.js';
import { armClientOptions } from '../clients.js';
import { attemptTimeoutPolicy } from '../findings/arm-gate.js';
import { sharedAgent } from '../findings/https-agent.js';
import { sleep, type QuotaBudget } from './quota-budget.js';

const ARM_SCOPE = 'https://management.azure.com/.default';
const API_VERSION = '2022-10-01';
/** The most rows Resource Graph returns per page. */
export const PAGE_ROWS = 1000;
/** Microsoft's guidance: group subscriptions into few large queries, each well under a thousand. */
export const SUBSCRIPTIONS_PER_QUERY = 300;

export type GraphRow = Record<string, unknown>;

export interface GraphReaderOptions {
  /** Per attempt (default 20 s). */
  attemptTimeoutMs?: number;
  /** Retries of 5xx and timeouts (default 3); 429s wait for the quota window, up to 3 times. */
  maxRetries?: number;
  /**
   * The longest a query waits for the user's quota to reset (default 5 s, the window Microsoft documents);
   * past it, the query fails with 429 and the scan reads per subscription instead. A large estate spends
   * one window on its estate queries alone, and waiting out that window is far shorter than reading its
   * subscriptions one list at a time.
   */
  maxQuotaWaitMs?: number;
  /** Rows asked for per page (default and most {@link PAGE_ROWS}); fewer only to page small tenants in tests. */
  pageRows?: number;
}

interface QueryAnswer {
  data?: unknown;
  $skipToken?: string;
  totalRecords?: number;
}

/**
 * Resource Graph queries under one user's own token: raw POSTs through the Azure SDK's pipeline
 * (bearer token, retries with backoff, attempt timeouts), 1,000-row pages followed with `$skipToken`,
 * and the user's quota honoured before each query and after each 429.
 */
export class ResourceGraphReader {
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient = createDefaultHttpClient();
  private readonly maxQuotaWaitMs: number;
  private readonly pageRows: number;

  constructor(
    private readonly azure: AzureConfig,
    credential: TokenCredential,
    private readonly budget: QuotaBudget,
    options: GraphReaderOptions = {},
  ) {
    this.maxQuotaWaitMs = options.maxQuotaWaitMs ?? 5_000;
    this.pageRows = Math.min(PAGE_ROWS, options.pageRows ?? PAGE_ROWS);
    const base = armClientOptions(azure);
    const agent = sharedAgent(azure.caCertPem);
    this.pipeline = createPipelineFromOptions({
      retryOptions: { maxRetries: options.maxRetries ?? 3, retryDelayInMs: 300, maxRetryDelayInMs: 5_000 },
      userAgentOptions: { userAgentPrefix: 'shipshape' },
      ...(agent ? { agent } : {}),
    });
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: [ARM_SCOPE] }), { phase: 'Sign' });
    for (const { policy } of base.additionalPolicies) this.pipeline.addPolicy(policy, { afterPhase: 'Retry' });
    this.pipeline.addPolicy(attemptTimeoutPolicy(options.attemptTimeoutMs ?? 20_000), { afterPhase: 'Retry' });
  }

  /**
   * Every row of `query` over `subscriptions` (all the user can read when undefined), page by page:
   * the next page is asked for while `onRows` handles this one, so at most two pages are held.
   */
  async each(query: string, subscriptions: readonly string[] | undefined, signal: AbortSignal, onRows: (rows: GraphRow[]) => void): Promise<void> {
    let answer = await this.post(query, subscriptions, undefined, signal);
    for (;;) {
      const skipToken = answer.$skipToken || undefined;
      const next = skipToken ? this.post(query, subscriptions, skipToken, signal) : undefined;
      // A page that fails while this one is handled is reported by the await below, not as unhandled.
      next?.catch(() => undefined);
      onRows(Array.isArray(answer.data) ? (answer.data as GraphRow[]) : []);
      if (!next) return;
      answer = await next;
    }
  }

  /** Every row, collected: for the short estate lists. */
  async all(query: string, subscriptions: readonly string[] | undefined, signal: AbortSignal): Promise<GraphRow[]> {
    const out: GraphRow[] = [];
    await this.each(query, subscriptions, signal, (rows) => out.push(...rows));
    return out;
  }

  private async post(query: string, subscriptions: readonly string[] | undefined, skipToken: string | undefined, signal: AbortSignal): Promise<QueryAnswer> {
    const body = JSON.stringify({
      query,
      ...(subscriptions ? { subscriptions } : {}),
      options: { $top: this.pageRows, resultFormat: 'objectArray', ...(skipToken ? { $skipToken: skipToken } : {}) },
    });
    for (let throttled = 0; ; throttled++) {
      if (!(await this.budget.take(signal, this.maxQuotaWaitMs))) throw quotaSpent();
      const request = createPipelineRequest({
        url: `${this.azure.armEndpoint}/providers/Microsoft.ResourceGraph/resources?api-version=${API_VERSION}`,
        method: 'POST',
        body,
        abortSignal: signal,
      });
      request.headers.set('content-type', 'application/json');
      const response = await this.pipeline.sendRequest(this.httpClient, request);
      this.budget.update(response.headers.get('x-ms-user-quota-remaining'), response.headers.get('x-ms-user-quota-resets-after'));
      if (response.status === 429 && throttled < 3) {
        const wait = this.budget.waitMs();
        if (wait > this.maxQuotaWaitMs) throw quotaSpent();
        await sleep(wait, signal);
        continue;
      }
      if (response.status !== 200) throw failure(response.status, response.bodyAsText ?? undefined);
      return JSON.parse(response.bodyAsText ?? '{}') as QueryAnswer;
    }
  }
}

function quotaSpent(): RestError {
  return new RestError('Your Resource Graph query quota is spent for now.', { statusCode: 429, code: 'RateLimiting' });
}

/** Status and the service's code only: the request, with its bearer token, stays out of errors. */
function failure(status: number, text: string | undefined): RestError {
  let error: { code?: string; message?: string; details?: Array<{ code?: string; message?: string }> } = {};
  try {
    error = (JSON.parse(text ?? '') as { error?: typeof error }).error ?? {};
  } catch {
    // Not the service's error shape: the status alone has to do.
  }
  const detail = error.details?.map((d) => d.message).filter(Boolean).join(' ');
  return new RestError(detail || error.message || `HTTP ${status}`, { statusCode: status, ...(error.code ? { code: error.code } : {}) });
}
