import { createDefaultHttpClient, createPipelineRequest, RestError, type HttpMethods, type Pipeline, type PipelineResponse } from '@azure/core-rest-pipeline';

/**
 * One Resource Manager request for operations no installed SDK covers (policy exemptions), sent
 * through an SDK client's own pipeline: the same credential, token scope, retries and trusted CA.
 */
const httpClient = createDefaultHttpClient();

export interface RawResult {
  status: number;
  body: unknown;
  response: PipelineResponse;
}

export async function sendArm(
  pipeline: Pipeline,
  endpoint: string,
  method: HttpMethods,
  path: string,
  apiVersion: string,
  body?: unknown,
  onResponse?: (response: PipelineResponse) => void,
): Promise<RawResult> {
  const request = createPipelineRequest({
    url: `${endpoint.replace(/\/+$/, '')}${path}?api-version=${encodeURIComponent(apiVersion)}`,
    method,
    headers: undefined,
  });
  request.headers.set('accept', 'application/json');
  if (body !== undefined) {
    request.headers.set('content-type', 'application/json');
    request.body = JSON.stringify(body);
  }
  const response = await pipeline.sendRequest(httpClient, request);
  onResponse?.(response);
  let parsed: unknown;
  try {
    parsed = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
  } catch {
    parsed = undefined;
  }
  if (response.status >= 400) {
    // ARM's error shape: { error: { code, message } }.
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new RestError(error?.message ?? `HTTP ${response.status}`, { code: error?.code, statusCode: response.status, request, response });
  }
  return { status: response.status, body: parsed, response };
}
