import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { markTurnFailed } from '../../../src/observability/turn-scope.js';
import { summarizeActivity, TurnTelemetry } from '../../../src/observability/turn-telemetry.js';
import { capturingLogger, recordingMeter, recordingTracer } from './support.js';

const MESSAGE = { type: 'message', id: '1700000000001', text: 'whoami', conversation: { id: 'a:1abc', conversationType: 'personal' }, channelId: 'msteams' };
const INVOKE = { type: 'invoke', name: 'adaptiveCard/action', id: 'f:2', value: { action: { type: 'Action.Execute', verb: 'posture.fix', data: { proposalId: 'p1' } } }, conversation: { id: '19:x@thread.tacv2' } };

function setup() {
  const { tracer, spans } = recordingTracer();
  const { meter, records } = recordingMeter();
  const capture = capturingLogger();
  return { telemetry: new TurnTelemetry({ tracer, meter }), spans, records, ...capture };
}

describe('a turn', () => {
  test('is one span named after the activity, with its kind but not its text', async () => {
    const { telemetry, spans } = setup();
    await telemetry.run(INVOKE, capturingLogger().log, async () => undefined);

    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ name: 'turn invoke adaptiveCard/action', ended: true });
    expect(spans[0]?.attributes).toMatchObject({ 'shipshape.activity.type': 'invoke', 'shipshape.card.verb': 'posture.fix', 'http.response.status_code': 200 });
    expect(JSON.stringify(spans[0]?.attributes)).not.toContain('p1');
  });

  test('counts and times turns by type and outcome', async () => {
    const { telemetry, records, log } = setup();
    await telemetry.run(MESSAGE, log, async () => undefined);
    await telemetry.run(INVOKE, log, async () => undefined, () => 503);

    const turns = records.filter((r) => r.instrument === 'shipshape.turns');
    expect(turns.map((r) => [r.attributes['shipshape.activity.type'], r.attributes['shipshape.outcome'], r.value])).toEqual([
      ['message', 'ok', 1],
      ['invoke', 'error', 1],
    ]);
    const durations = records.filter((r) => r.instrument === 'shipshape.turn.duration');
    expect(durations).toHaveLength(2);
    expect(durations.every((r) => r.value >= 0 && r.value < 10)).toBe(true);
  });

  test('a thrown error fails the span and the metric, and is rethrown', async () => {
    const { telemetry, spans, records, log } = setup();
    await expect(telemetry.run(MESSAGE, log, async () => Promise.reject(new Error('adapter broke')))).rejects.toThrow('adapter broke');
    expect(spans[0]?.status?.code).toBe(SpanStatusCode.ERROR);
    expect(spans[0]?.exceptions).toHaveLength(1);
    expect(records.find((r) => r.instrument === 'shipshape.turns')?.attributes['shipshape.outcome']).toBe('error');
  });

  test('an error the bot answered politely still counts as a failed turn', async () => {
    const { telemetry, spans, records, log } = setup();
    await telemetry.run(MESSAGE, log, async () => markTurnFailed(new TypeError('x is undefined')));
    expect(spans[0]?.status?.code).toBe(SpanStatusCode.ERROR);
    expect(records.find((r) => r.instrument === 'shipshape.turns')?.attributes['shipshape.outcome']).toBe('error');
  });

  test('every log line inside the turn carries its ids; lines outside do not', async () => {
    const { telemetry, spans, log, lines } = setup();
    log.info('before');
    await telemetry.run(MESSAGE, log, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.warn({ detail: 1 }, 'deep inside');
    });
    log.info('after');

    const [before, inside, summary, after] = lines();
    expect(before).not.toHaveProperty('turnId');
    expect(after).not.toHaveProperty('turnId');
    expect(inside).toMatchObject({ msg: 'deep inside', activityId: MESSAGE.id, conversationId: 'a:1abc', correlationId: spans[0]?.context.traceId });
    expect(inside?.turnId).toMatch(/^[0-9a-f]{12}$/);
    expect(summary).toMatchObject({ msg: 'turn', turnId: inside?.turnId, type: 'message', outcome: 'ok', status: 200 });
  });

  test('concurrent turns keep their own ids', async () => {
    const { telemetry, log, lines } = setup();
    const slow = (id: string, ms: number) =>
      telemetry.run({ ...MESSAGE, id }, log, async () => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.info({ mine: id }, 'work');
      });
    await Promise.all([slow('A', 15), slow('B', 1)]);
    const work = lines().filter((l) => l.msg === 'work');
    expect(work.map((l) => [l.mine, l.activityId])).toEqual(expect.arrayContaining([['A', 'A'], ['B', 'B']]));
    expect(new Set(work.map((l) => l.turnId)).size).toBe(2);
  });
});

describe('what is read from an activity', () => {
  test.for([
    ['nothing', null, { type: 'unknown' }],
    ['an array', [1, 2], { type: 'unknown' }],
    ['a submit fallback', { type: 'message', value: { verb: 'help.try' } }, { type: 'message', verb: 'help.try' }],
    ['odd characters', { type: 'message\n{"x":1}', name: 'a b' }, { type: 'message___x_:1_', name: 'a_b' }],
  ] as const)('%s', ([, body, expected]) => {
    expect(summarizeActivity(body)).toEqual(expected);
  });

  test('long values are cut short', () => {
    const summary = summarizeActivity({ type: 'invoke', name: 'n'.repeat(500) });
    expect(summary.name?.length).toBeLessThanOrEqual(65);
  });
});
