import { describe, expect, test } from 'vitest';
import { checkCron, nextRunAfter } from '../../../src/schedule/next-run.js';

/** Every occurrence from `from` for `days` days, as UTC ISO strings. */
function occurrences(cron: string, timeZone: string, from: string, count: number): string[] {
  const out: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i++) {
    const next = nextRunAfter({ cron, timeZone }, at);
    if (!next) break;
    out.push(next.toISOString());
    at = next;
  }
  return out;
}

function localTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

describe('schedules across daylight-saving changes', () => {
  test('daily 09:00 Europe/Paris stays at 09:00 local through the spring change (UTC moves an hour)', () => {
    const runs = occurrences('0 9 * * *', 'Europe/Paris', '2026-03-27T12:00:00Z', 4);
    expect(runs).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-03-31T07:00:00.000Z']);
    expect(runs.map((r) => localTime(r, 'Europe/Paris').slice(-5))).toEqual(['09:00', '09:00', '09:00', '09:00']);
  });

  test('daily 09:00 America/New_York through the autumn change', () => {
    const runs = occurrences('0 9 * * *', 'America/New_York', '2026-10-31T00:00:00Z', 3);
    expect(runs).toEqual(['2026-10-31T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });

  test.for([
    // A local time that does not exist on the spring-forward night still runs that day, once, an hour later.
    ['Europe/Paris', '30 2 * * *', '2026-03-28T12:00:00Z', ['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']],
    ['America/New_York', '30 2 * * *', '2026-03-07T12:00:00Z', ['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']],
    // A local time that happens twice on the fall-back night runs once, at its first occurrence.
    ['Europe/Paris', '30 2 * * *', '2026-10-24T12:00:00Z', ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']],
    ['America/New_York', '30 1 * * *', '2026-10-31T12:00:00Z', ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']],
  ] as const)('%s %s: one run per day around the change', ([zone, cron, from, expected]) => {
    const runs = occurrences(cron, zone, from, 2);
    expect(runs).toEqual(expected);
    const days = runs.map((r) => localTime(r, zone).slice(0, 10));
    expect(new Set(days).size).toBe(2);
  });

  test('weekly Monday 08:00 Europe/Paris lands on Monday 08:00 local on both sides of the change', () => {
    const runs = occurrences('0 8 * * 1', 'Europe/Paris', '2026-03-20T00:00:00Z', 3);
    expect(runs).toEqual(['2026-03-23T07:00:00.000Z', '2026-03-30T06:00:00.000Z', '2026-04-06T06:00:00.000Z']);
    expect(runs.map((r) => localTime(r, 'Europe/Paris'))).toEqual(['Mon 23 Mar, 08:00', 'Mon 30 Mar, 08:00', 'Mon 06 Apr, 08:00']);
  });

  test('the next run is strictly after the given instant', () => {
    expect(nextRunAfter({ cron: '0 9 * * *', timeZone: 'UTC' }, new Date('2026-01-01T09:00:00Z'))?.toISOString()).toBe('2026-01-02T09:00:00.000Z');
  });
});

describe('checkCron', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  test('accepts daily, weekday and weekly patterns', () => {
    for (const cron of ['0 9 * * *', '30 7 * * 1-5', '0 8 * * 1', '0 9,17 * * *']) expect(checkCron({ cron, timeZone: 'Europe/Paris' }, now)).toEqual({ ok: true });
  });
  test.for([
    ['0 25 * * *', /not a five-field cron pattern/],
    ['* * * * *', /more often than hourly/],
    ['*/10 9 * * *', /more often than hourly/],
    ['0 9 * * * *', /not a five-field cron pattern/],
    ['banana', /not a five-field cron pattern/],
  ] as const)('refuses %s', ([cron, problem]) => {
    const check = checkCron({ cron, timeZone: 'UTC' }, now);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.problem).toMatch(problem);
  });
});
