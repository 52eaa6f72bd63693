import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ArmTokenValidator } from '../identity/arm-token-validator.js';
import { subscriptionIdOf } from '../tenant/resource-id.js';
import { errorBody, internalServerError, methodNotAllowed, missingApiVersion, serviceUnavailable } from './arm-errors.js';
import type { FaultController } from './faults.js';
import { parseJsonBody, queryParam, readBody } from './request-parse.js';
import type { ParsedTarget } from './request-parse.js';
import { apiVersionRefusal, unknownRoute } from './route-errors.js';
import type { Router } from './router.js';
import { kindOf } from './throttle.js';
import { ArmError } from './types.js';
import type { ArmRequest, EmulatorContext } from './types.js';

export interface ArmAnswer {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
}

const METHODS = new Set(['GET', 'PUT', 'PATCH', 'POST', 'DELETE']);

/**
 * ARM's front door: authenticate, require an api-version, route, throttle, inject faults, call the
 * route module, and turn every failure into ARM's error body (never a stack trace). Every answer
 * carries ARM's request and correlation ids.
 */
export class ArmFrontDoor {
  constructor(
    private readonly router: Router,
    private readonly validator: ArmTokenValidator,
    private readonly faults: FaultController,
    private readonly context: EmulatorContext,
    private readonly log: (line: string) => void,
  ) {}

  async handle(req: IncomingMessage, target: ParsedTarget, origin: string): Promise<ArmAnswer> {
    const requestId = randomUUID();
    const correlationId = single(req.headers['x-ms-correlation-request-id']) ?? randomUUID();
    const headers: Record<string, string> = {
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': correlationId,
      'x-ms-routing-request-id': `LOCAL:${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}:${requestId}`,
    };
    const clientRequestId = single(req.headers['x-ms-client-request-id']);
    if (clientRequestId !== undefined) headers['x-ms-client-request-id'] = clientRequestId;
    const rawMethod = (req.method ?? 'GET').toUpperCase();
    const head = rawMethod === 'HEAD';
    const subscriptionId = subscriptionIdOf(target.path);

    let answer: ArmAnswer;
    try {
      answer = await this.dispatch(req, target, origin, head ? 'GET' : rawMethod, head, headers);
    } catch (error) {
      let failure: ArmError;
      if (error instanceof ArmError) failure = error;
      else {
        this.log(`ARM ${rawMethod} ${target.path}: unhandled ${error instanceof Error ? error.name : typeof error} (request ${requestId})`);
        failure = internalServerError(requestId, correlationId, subscriptionId);
      }
      answer = { status: failure.status, body: errorBody(failure), headers: { ...headers, ...failure.headers } };
    }
    const delay = this.faults.delayMs(queryParam(target.query, '$skiptoken') !== undefined);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (head) answer = { status: answer.status === 200 ? 204 : answer.status, headers: answer.headers };
    return answer;
  }

  private async dispatch(
    req: IncomingMessage,
    target: ParsedTarget,
    origin: string,
    method: string,
    head: boolean,
    headers: Record<string, string>,
  ): Promise<ArmAnswer> {
    if (!METHODS.has(method)) throw methodNotAllowed(head ? 'HEAD' : method);
    const caller = await this.validator.authenticate(single(req.headers.authorization));
    const apiVersion = queryParam(target.query, 'api-version');
    if (apiVersion === undefined || apiVersion === '') throw missingApiVersion();

    const match = this.router.match(method as ArmRequest['method'], target.segments);
    if (match.kind === 'none') throw unknownRoute(target.segments, apiVersion);
    if (match.kind === 'method') throw methodNotAllowed(method);
    const chosen = match.candidates.find((c) => accepts(c.route.apiVersions, apiVersion));
    if (!chosen) throw apiVersionRefusal(target.segments, apiVersion, match.candidates.flatMap((c) => c.route.apiVersions));

    // Throttling counts only requests that reached a resource provider, as ARM's buckets do.
    const kind = kindOf(head ? 'HEAD' : method);
    Object.assign(headers, this.faults.throttle.take(caller.objectId, subscriptionIdOf(target.path), kind).headers);
    const injected = this.faults.injectedFailure();
    if (injected === 503) throw serviceUnavailable();
    if (injected === 500) throw internalServerError(headers['x-ms-request-id'] ?? '', headers['x-ms-correlation-request-id'] ?? '', subscriptionIdOf(target.path));

    const raw = await readBody(req);
    const body = method === 'GET' || method === 'DELETE' ? undefined : parseJsonBody(raw);
    const armRequest: ArmRequest = {
      method: method as ArmRequest['method'],
      path: target.path,
      query: target.query,
      apiVersion,
      params: chosen.params,
      body,
      headers: req.headers,
      caller,
      baseUrl: origin,
    };
    const response = await chosen.route.handler(armRequest, this.context);
    return { status: response.status, body: response.body, headers: { ...headers, ...response.headers } };
  }
}

function accepts(versions: readonly string[], apiVersion: string): boolean {
  return versions.length === 0 || versions.some((v) => v.toLowerCase() === apiVersion.toLowerCase());
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
