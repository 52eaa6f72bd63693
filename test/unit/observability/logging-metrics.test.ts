import { SpanKind } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { scrubSecrets } from '../../../src/log/logger.js';
import { AzureCallMetrics, azureOutcome, isAzureCall, type FinishedSpan } from '../../../src/observability/azure-call-metrics.js';
import { startTelemetry } from '../../../src/observability/telemetry.js';
import { capturingLogger, recordingMeter } from './support.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIzZjJhIn0.c2lnbmF0dXJlLXZhbHVl';

describe('logs never carry credentials', () => {
  test('known secret fields are redacted at any of the first three levels', () => {
    const { log, text } = capturingLogger();
    log.info({
      token: JWT,
      req: { headers: { authorization: `Bearer ${JWT}`, cookie: 'session=abc123456' } },
      config: { bot: { appPassword: 'bot-pass-1' }, azure: { clientSecret: 'obo-secret-2' } },
      env: { AZURE_CLIENT_SECRET: 'env-secret-3', APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=ik-4' },
      store: { connectionString: 'DefaultEndpointsProtocol=https;AccountKey=key-5' },
      response: { access_token: 'at-6', refresh_token: 'rt-7' },
    }, 'loaded');
    const out = text();
    for (const secret of [JWT, 'abc123456', 'bot-pass-1', 'obo-secret-2', 'env-secret-3', 'ik-4', 'key-5', 'at-6', 'rt-7']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
    expect(out).toContain('"msg":"loaded"');
  });

  test('tokens inside error messages and stacks are scrubbed', () => {
    const { log, lines } = capturingLogger();
    log.error({ err: new Error(`AADSTS50013: assertion=${JWT} rejected; header Bearer ${JWT}; AccountKey=c2VjcmV0;sig=abcd`) }, 'exchange failed');
    const [line] = lines();
    const err = line?.err as { message: string; stack: string; type: string };
    expect(err.type).toBe('Error');
    expect(JSON.stringify(line)).not.toContain('eyJ');
    expect(err.message).toContain('AADSTS50013');
    expect(err.message).not.toMatch(/c2VjcmV0|sig=abcd/);
    expect(err.stack).not.toContain('eyJ');
  });

  test.for([
    [`token ${JWT} here`, 'token [redacted] here'],
    ['Authorization: Bearer abcdefgh12345', 'Authorization: Bearer [redacted]'],
    ['password=hunter22&x=1', 'password=[redacted]&x=1'],
    ['nothing secret: eyJ alone, Bearer me', 'nothing secret: eyJ alone, Bearer me'],
  ] as const)('scrubs %j', ([input, expected]) => {
    expect(scrubSecrets(input)).toBe(expected);
  });
});

function span(attributes: FinishedSpan['attributes'], kind = SpanKind.CLIENT, scope = '@azure/opentelemetry-instrumentation-azure-sdk'): FinishedSpan {
  return { kind, attributes, duration: [0, 250_000_000], instrumentationScope: { name: scope } };
}

describe('Azure call metrics', () => {
  test('each Azure SDK call is counted and timed by provider, method and outcome', () => {
    const { meter, records } = recordingMeter();
    const metrics = new AzureCallMetrics(meter);
    metrics.onEnd(span({ 'az.namespace': 'Microsoft.Security', 'http.request.method': 'GET', 'http.response.status_code': 200, 'server.address': 'management.azure.com' }));
    metrics.onEnd(span({ 'http.request.method': 'GET', 'http.response.status_code': 429, 'url.full': 'https://management.azure.com/subscriptions/s/providers/Microsoft.ContainerRegistry/registries?api-version=1' }));
    metrics.onEnd(span({ 'http.request.method': 'PUT', 'http.response.status_code': 403, 'url.full': 'https://management.azure.com/subscriptions/s/resourcegroups/rg?api-version=1' }));

    const calls = records.filter((r) => r.instrument === 'shipshape.azure.calls').map((r) => r.attributes);
    expect(calls).toEqual([
      { 'az.namespace': 'Microsoft.Security', 'http.request.method': 'GET', 'http.response.status_code': 200, 'shipshape.outcome': 'ok', 'server.address': 'management.azure.com' },
      { 'az.namespace': 'Microsoft.ContainerRegistry', 'http.request.method': 'GET', 'http.response.status_code': 429, 'shipshape.outcome': 'throttled' },
      { 'az.namespace': 'Microsoft.Resources', 'http.request.method': 'PUT', 'http.response.status_code': 403, 'shipshape.outcome': 'denied' },
    ]);
    expect(records.filter((r) => r.instrument === 'shipshape.azure.call.duration').map((r) => r.value)).toEqual([0.25, 0.25, 0.25]);
  });

  test('other spans are ignored', () => {
    const { meter, records } = recordingMeter();
    const metrics = new AzureCallMetrics(meter);
    metrics.onEnd(span({ 'http.request.method': 'POST' }, SpanKind.CLIENT, '@opentelemetry/instrumentation-http'));
    metrics.onEnd(span({ 'az.namespace': 'Microsoft.Security' }, SpanKind.INTERNAL));
    metrics.onEnd(span({ 'az.namespace': 'Microsoft.Security' }));
    expect(records).toEqual([]);
    expect(isAzureCall(span({ 'az.namespace': 'Microsoft.Security', 'http.method': 'GET' }, SpanKind.CLIENT, 'x'))).toBe(true);
  });

  test.for([
    [undefined, 'no-response'],
    [200, 'ok'],
    [201, 'ok'],
    [401, 'denied'],
    [404, 'client-error'],
    [429, 'throttled'],
    [503, 'server-error'],
  ] as const)('status %s is %s', ([status, outcome]) => {
    expect(azureOutcome(status)).toBe(outcome);
  });
});

describe('telemetry switch', () => {
  test('without a connection string nothing starts', async () => {
    const telemetry = await startTelemetry({ connectionString: undefined });
    expect(telemetry.enabled).toBe(false);
    await expect(telemetry.shutdown()).resolves.toBeUndefined();
  });
});
