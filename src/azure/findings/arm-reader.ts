import type { TokenCredential } from '@azure/core-auth';
import {
  RestError,
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelinePolicy,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { AzureConfig } from '../../config/index.js';
import { armClientOptions } from '../clients.js';
import { attemptTimeoutPolicy, type ArmGate } from './arm-gate.js';
import { sharedAgent } from './https-agent.js';
import { eachPageItem } from './page-items.js';
import { readBodyPolicy, responseBytes } from './response-bytes.js';

/** How findings requests behave on the wire. */
export interface ArmHttpOptions {
  gate: ArmGate;
  /** Per attempt (default 20 s); a timed-out attempt is retried. */
  attemptTimeoutMs?: number;
  /** Retries of 5xx, 429 and timeouts per request (default 4), with exponential backoff and jitter. */
  maxRetries?: number;
}

/**
 * Options for every SDK client the findings source builds: the shared ARM options, bounded retries
 * with jitter (the SDK's exponential strategy; 429s wait for `Retry-After`), and the throttle gate
 * and attempt timeout on every attempt.
 */
export function findingsClientOptions(azure: AzureConfig, http: ArmHttpOptions) {
  const base = armClientOptions(azure);
  const perRetry: { policy: PipelinePolicy; position: 'perRetry' }[] = [
    { policy: http.gate.policy(), position: 'perRetry' },
    { policy: attemptTimeoutPolicy(http.attemptTimeoutMs ?? 20_000), position: 'perRetry' },
  ];
  const agent = sharedAgent(azure.caCertPem);
  return {
    ...base,
    // The pipeline's agent policy runs first, so the shared pool is used rather than one per client.
    ...(agent ? { agent } : {}),
    retryOptions: { maxRetries: http.maxRetries ?? 4, retryDelayInMs: 300, maxRetryDelayInMs: 5_000 },
    additionalPolicies: [...base.additionalPolicies, ...perRetry],
  };
}

/** ARM's token audience, as every client asks for it. */
const ARM_SCOPE = 'https://management.azure.com/.default';

interface ArmErrorBody {
  error?: { code?: string; message?: string };
}

/** An ARM list page as it arrives: `value` and, when there is more, an absolute `nextLink`. */
export interface ArmPage<T> {
  value?: T[];
  nextLink?: string;
}

/**
 * Raw GETs for the pages that are many (findings): the Azure SDK's own HTTP pipeline (bearer token,
 * retries with backoff and jitter, `Retry-After`, the gate and timeouts) without a client's model
 * layer, each page parsed once and mapped by hand. The SDK's model deserializer costs far more than
 * the download for hundreds of thousands of findings, and the findings need none of it.
 */
export class ArmJsonReader {
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient = createDefaultHttpClient();

  constructor(
    private readonly azure: AzureConfig,
    credential: TokenCredential,
    http: ArmHttpOptions,
  ) {
    const options = findingsClientOptions(azure, http);
    this.pipeline = createPipelineFromOptions({ retryOptions: options.retryOptions, userAgentOptions: { userAgentPrefix: 'shipshape' }, ...(options.agent ? { agent: options.agent } : {}) });
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: [ARM_SCOPE] }), { phase: 'Sign' });
    for (const { policy } of options.additionalPolicies) this.pipeline.addPolicy(policy, { afterPhase: 'Retry' });
    // Innermost, so the attempt timeout and the retries cover reading the body too.
    this.pipeline.addPolicy(readBodyPolicy(), { afterPhase: 'Retry' });
  }

  private url(pathOrUrl: string): string {
    return /^https:\/\//i.test(pathOrUrl) ? pathOrUrl : `${this.azure.armEndpoint}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
  }

  async get<T>(pathOrUrl: string, signal: AbortSignal): Promise<T> {
    const response = await this.send(pathOrUrl, signal, false);
    return JSON.parse(response.bodyAsText ?? '') as T;
  }

  /** One GET; a status other than 200 becomes a RestError. `bytes`: a 200's body is read as bytes (see response-bytes.ts). */
  private async send(pathOrUrl: string, signal: AbortSignal, bytes: boolean): Promise<PipelineResponse> {
    const request = createPipelineRequest({ url: this.url(pathOrUrl), method: 'GET', abortSignal: signal, ...(bytes ? { streamResponseStatusCodes: new Set([200]) } : {}) });
    const response = await this.pipeline.sendRequest(this.httpClient, request);
    if (response.status !== 200) {
      let body: ArmErrorBody = {};
      try {
        body = (JSON.parse(response.bodyAsText ?? '') ?? {}) as ArmErrorBody;
      } catch {
        // Not ARM's error shape (a proxy page, say): the status alone has to do.
      }
      // Status and ARM's code are all callers need; the request (with its bearer token) stays out of errors.
      throw new RestError(body.error?.message ?? `HTTP ${response.status}`, {
        statusCode: response.status,
        ...(body.error?.code ? { code: body.error.code } : {}),
      });
    }
    return response;
  }

  /**
   * Every page of a list, one at a time: `onPage` handles a page before the next is asked for, and
   * nothing here keeps a page afterwards. (An async generator would: its suspended frame can hold the
   * last page while it waits for the next, and a scan waits on hundreds of lists at once.) Items are
   * parsed one by one from the body's bytes and passed through `map` at once (undefined drops one),
   * so a page's raw JSON never exists whole: only what `map` keeps reaches `onPage`.
   */
  async eachPage<T>(pathOrUrl: string, signal: AbortSignal, onPage: (items: T[]) => void, map: (item: unknown) => T | undefined = (item) => item as T): Promise<void> {
    let next: string | undefined = pathOrUrl;
    while (next) {
      next = await this.send(next, signal, true).then((response) => {
        const items: T[] = [];
        const keep = (item: unknown): void => {
          const mapped = map(item);
          if (mapped !== undefined) items.push(mapped);
        };
        const body = responseBytes(response);
        const page = body ? eachPageItem(body, keep) : parseText(response.bodyAsText ?? undefined, keep);
        onPage(items);
        return typeof page.nextLink === 'string' && page.nextLink ? page.nextLink : undefined;
      });
    }
  }
}

/** A page that arrived as text after all (a client that does not stream). */
function parseText(text: string | undefined, onItem: (item: unknown) => void): { nextLink?: unknown } {
  const page = (JSON.parse(text ?? '') ?? {}) as ArmPage<unknown>;
  for (const item of page.value ?? []) onItem(item);
  return page;
}
