import { randomBytes } from 'node:crypto';
import { metrics, SpanKind, SpanStatusCode, trace, type Attributes, type Counter, type Histogram, type Meter, type Tracer } from '@opentelemetry/api';
import type { Logger } from '../log/logger.js';
import { runInTurn, turnAnswer, turnFailure } from './turn-scope.js';

export const INSTRUMENTATION_NAME = 'shipshape';

/** What traces and metrics say about an activity: its kind, never its text or data. */
export interface ActivitySummary {
  type: string;
  /** Invoke name, e.g. `adaptiveCard/action`. */
  name?: string;
  /** Card verb (`<command>.<action>`) of an Action.Execute or Action.Submit. */
  verb?: string;
  id?: string;
  conversationId?: string;
  conversationType?: string;
  channelId?: string;
}

/** Anything from the wire is untrusted: only short strings of the expected shape are kept. */
function label(value: unknown, max = 64): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const clean = value.replace(/[^\w./:;@-]/g, '_');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

export function summarizeActivity(body: unknown): ActivitySummary {
  const value = field(body, 'value');
  const verb = label(field(field(value, 'action'), 'verb')) ?? label(field(value, 'verb'));
  const conversation = field(body, 'conversation');
  const summary: ActivitySummary = { type: label(field(body, 'type'), 32) ?? 'unknown' };
  const entries: [keyof ActivitySummary, string | undefined][] = [
    ['name', label(field(body, 'name'))],
    ['verb', verb],
    ['id', label(field(body, 'id'), 128)],
    ['conversationId', label(conversation === undefined ? undefined : field(conversation, 'id'), 256)],
    ['conversationType', label(field(conversation, 'conversationType'), 32)],
    ['channelId', label(field(body, 'channelId'), 32)],
  ];
  for (const [key, v] of entries) if (v !== undefined) summary[key] = v;
  return summary;
}

type Outcome = 'ok' | 'error';

/**
 * One finished turn as a person would describe it: who, what they said or clicked, what the bot
 * answered with, how long it took. Given to a local reporter only, never logged or exported: it holds
 * the message text.
 */
export interface TurnReport {
  from?: string;
  text?: string;
  type: string;
  verb?: string;
  answer?: string;
  status: number;
  outcome: Outcome;
  durationMs: number;
}

function reportOf(body: unknown, activity: ActivitySummary, rest: Pick<TurnReport, 'status' | 'outcome' | 'durationMs'>): TurnReport {
  const report: TurnReport = { type: activity.type, ...rest };
  const from = field(field(body, 'from'), 'name');
  const text = field(body, 'text');
  const answer = turnAnswer();
  if (typeof from === 'string' && from !== '') report.from = from;
  if (typeof text === 'string' && text.trim() !== '') report.text = text.replace(/<at>[^<]*<\/at>/g, '').replace(/\s+/g, ' ').trim();
  if (activity.verb) report.verb = activity.verb;
  if (answer) report.answer = answer;
  return report;
}

interface Instruments {
  turns: Counter;
  duration: Histogram;
}

/**
 * One span and two metrics per turn (`shipshape.turns`, `shipshape.turn.duration`), and the turn's
 * ids on every log line written during it. The OpenTelemetry API is a no-op until an SDK is registered
 * (src/observability/telemetry.ts), so this costs next to nothing when telemetry is off.
 */
export class TurnTelemetry {
  private instruments: Instruments | undefined;

  constructor(private readonly options: { tracer?: Tracer; meter?: Meter; report?: (turn: TurnReport) => void } = {}) {}

  // Looked up on first use: the global meter provider is only set once telemetry has started.
  private get tracer(): Tracer {
    return this.options.tracer ?? trace.getTracer(INSTRUMENTATION_NAME);
  }

  private meters(): Instruments {
    if (!this.instruments) {
      const meter = this.options.meter ?? metrics.getMeter(INSTRUMENTATION_NAME);
      this.instruments = {
        turns: meter.createCounter('shipshape.turns', { description: 'Bot turns by activity type and outcome' }),
        duration: meter.createHistogram('shipshape.turn.duration', { description: 'Time to process one activity', unit: 's' }),
      };
    }
    return this.instruments;
  }

  /**
   * Runs one turn. `status` reports the HTTP status the turn answered with once it is done; 5xx,
   * a thrown error, or an unexpected error the bot reported (markTurnFailed) make the outcome `error`.
   */
  async run<T>(body: unknown, log: Logger, fn: () => Promise<T>, status: () => number = () => 200): Promise<T> {
    const activity = summarizeActivity(body);
    const attributes: Attributes = { 'shipshape.activity.type': activity.type };
    if (activity.name) attributes['shipshape.activity.name'] = activity.name;
    if (activity.conversationType) attributes['shipshape.conversation.type'] = activity.conversationType;
    const spanName = `turn ${activity.type}${activity.name ? ` ${activity.name}` : ''}`;
    const started = performance.now();

    return this.tracer.startActiveSpan(spanName, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
      if (activity.verb) span.setAttribute('shipshape.card.verb', activity.verb);
      const context = span.spanContext();
      const correlationId = trace.isSpanContextValid(context) ? context.traceId : randomBytes(16).toString('hex');
      const ids = { turnId: randomBytes(6).toString('hex'), activityId: activity.id, conversationId: activity.conversationId, correlationId };

      return runInTurn(ids, async () => {
        let outcome: Outcome = 'ok';
        try {
          return await fn();
        } catch (error) {
          outcome = 'error';
          span.recordException(error instanceof Error ? error : String(error));
          throw error;
        } finally {
          const failure = turnFailure();
          if (failure !== undefined) {
            outcome = 'error';
            span.recordException(failure instanceof Error ? failure : String(failure));
          }
          const code = status();
          if (code >= 500) outcome = 'error';
          span.setAttribute('http.response.status_code', code);
          if (outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          const seconds = (performance.now() - started) / 1000;
          const measured = { ...attributes, 'shipshape.outcome': outcome };
          this.meters().turns.add(1, measured);
          this.meters().duration.record(seconds, measured);
          const line = { type: activity.type, name: activity.name, verb: activity.verb, status: code, outcome, durationMs: Math.round(seconds * 1000) };
          if (outcome === 'error') log.warn(line, 'turn failed');
          else log.info(line, 'turn');
          this.options.report?.(reportOf(body, activity, { status: code, outcome, durationMs: line.durationMs }));
        }
      });
    });
  }
}
