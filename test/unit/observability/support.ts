import { Writable } from 'node:stream';
import type { Attributes, Meter, Span, SpanContext, SpanStatus, Tracer } from '@opentelemetry/api';
import { createLogger, type Logger } from '../../../src/log/logger.js';

/** A logger made by createLogger (redaction, turn ids) that keeps its JSON lines in memory. */
export function capturingLogger(level = 'info'): { log: Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    log: createLogger(level, stream),
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export interface Recorded {
  instrument: string;
  value: number;
  attributes: Attributes;
}

/** A Meter whose counters and histograms remember every measurement. */
export function recordingMeter(): { meter: Meter; records: Recorded[] } {
  const records: Recorded[] = [];
  const instrument = (name: string) => ({
    add: (value: number, attributes: Attributes = {}) => records.push({ instrument: name, value, attributes }),
    record: (value: number, attributes: Attributes = {}) => records.push({ instrument: name, value, attributes }),
  });
  return { meter: { createCounter: instrument, createHistogram: instrument } as unknown as Meter, records };
}

export interface FakeSpan {
  name: string;
  attributes: Attributes;
  status?: SpanStatus;
  exceptions: unknown[];
  ended: boolean;
  context: SpanContext;
}

/** A Tracer that records the spans it starts; each span has a valid, distinct trace id. */
export function recordingTracer(): { tracer: Tracer; spans: FakeSpan[] } {
  const spans: FakeSpan[] = [];
  const startActiveSpan = (name: string, options: { attributes?: Attributes }, fn: (span: Span) => unknown): unknown => {
    const n = spans.length + 1;
    const record: FakeSpan = {
      name,
      attributes: { ...options.attributes },
      exceptions: [],
      ended: false,
      context: { traceId: n.toString(16).padStart(32, 'a'), spanId: n.toString(16).padStart(16, 'b'), traceFlags: 1 },
    };
    spans.push(record);
    const span = {
      spanContext: () => record.context,
      setAttribute: (key: string, value: unknown) => ((record.attributes[key] = value as string), span),
      setStatus: (status: SpanStatus) => ((record.status = status), span),
      recordException: (e: unknown) => void record.exceptions.push(e),
      end: () => void (record.ended = true),
    };
    return fn(span as unknown as Span);
  };
  return { tracer: { startActiveSpan } as unknown as Tracer, spans };
}
