import { metrics, SpanKind, type Attributes, type Counter, type Histogram, type HrTime, type Meter } from '@opentelemetry/api';
import { INSTRUMENTATION_NAME } from './turn-telemetry.js';

/** The parts of a finished span this processor reads (a structural subset of the SDK's ReadableSpan). */
export interface FinishedSpan {
  kind: SpanKind;
  attributes: Attributes;
  duration: HrTime;
  instrumentationScope?: { name: string };
}

function statusOf(attributes: Attributes): number | undefined {
  const code = attributes['http.response.status_code'] ?? attributes['http.status_code'];
  const n = typeof code === 'string' ? Number(code) : code;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** The resource provider: `az.namespace` when the SDK sets it, else read from the ARM path. */
function namespaceOf(attributes: Attributes): string {
  const given = attributes['az.namespace'];
  if (typeof given === 'string' && given !== '') return given;
  const url = attributes['url.full'] ?? attributes['http.url'];
  if (typeof url !== 'string') return 'unknown';
  const provider = /\/providers\/(Microsoft\.[A-Za-z]+)/i.exec(url)?.[1];
  if (provider) return provider;
  return /\/(subscriptions|resourcegroups)(\/|\?|$)/i.test(url) ? 'Microsoft.Resources' : 'unknown';
}

/** What an operator asks of a failed Azure call: throttled, refused, or broken. */
export function azureOutcome(status: number | undefined): string {
  if (status === undefined || status === 0) return 'no-response';
  if (status === 429) return 'throttled';
  if (status === 401 || status === 403) return 'denied';
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'client-error';
  return 'ok';
}

/** Azure SDK HTTP spans: client spans the SDK's tracing policy makes, marked with `az.namespace`. */
export function isAzureCall(span: FinishedSpan): boolean {
  if (span.kind !== SpanKind.CLIENT) return false;
  const method = span.attributes['http.request.method'] ?? span.attributes['http.method'];
  return method !== undefined && (span.attributes['az.namespace'] !== undefined || (span.instrumentationScope?.name ?? '').startsWith('@azure/'));
}

/**
 * Turns the Azure SDK's HTTP spans into metrics: `shipshape.azure.calls` (count) and
 * `shipshape.azure.call.duration` (seconds), by resource provider, method, status and outcome, so
 * throttling and refusals can be charted and alerted on. A span processor sees the spans the SDK
 * records: exact while every trace is sampled (ShipShape's default), scaled down by any sampling set.
 */
export class AzureCallMetrics {
  private instruments: { calls: Counter; duration: Histogram } | undefined;

  constructor(private readonly meter?: Meter) {}

  private get meters(): { calls: Counter; duration: Histogram } {
    if (!this.instruments) {
      const meter = this.meter ?? metrics.getMeter(INSTRUMENTATION_NAME);
      this.instruments = {
        calls: meter.createCounter('shipshape.azure.calls', { description: 'Azure Resource Manager and Entra ID calls by outcome' }),
        duration: meter.createHistogram('shipshape.azure.call.duration', { description: 'Duration of one Azure HTTP call', unit: 's' }),
      };
    }
    return this.instruments;
  }

  onStart(): void {
    // Nothing to do until the call has an answer.
  }

  onEnd(span: FinishedSpan): void {
    if (!isAzureCall(span)) return;
    const status = statusOf(span.attributes);
    const attributes: Attributes = {
      'az.namespace': namespaceOf(span.attributes),
      'http.request.method': String(span.attributes['http.request.method'] ?? span.attributes['http.method']),
      'shipshape.outcome': azureOutcome(status),
    };
    if (status !== undefined) attributes['http.response.status_code'] = status;
    const host = span.attributes['server.address'] ?? span.attributes['net.peer.name'];
    if (typeof host === 'string') attributes['server.address'] = host;
    const [seconds, nanos] = span.duration;
    this.meters.calls.add(1, attributes);
    this.meters.duration.record(seconds + nanos / 1e9, attributes);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
