import { describe, expect, test } from 'vitest';
import { parseSchedule } from '../../../src/domain/digest/schedule-text.js';
import { checkTimeZone, formatInZone } from '../../../src/domain/digest/time-zones.js';

describe('schedules as people say them', () => {
  test.for<[string, string, string | undefined, string]>([
    ['send a daily digest here at 9:00 for prod', '0 9 * * *', undefined, 'daily at 09:00'],
    ['weekly on Monday 8:00 Europe/Paris', '0 8 * * 1', 'Europe/Paris', 'Mondays at 08:00'],
    ['digest every weekday at 7:30am America/New_York', '30 7 * * 1-5', 'America/New_York', 'weekdays at 07:30'],
    ['every Monday and Thursday at 17:00', '0 17 * * 1,4', undefined, 'Mondays and Thursdays at 17:00'],
    ['daily digest at 5pm utc', '0 17 * * *', 'UTC', 'daily at 17:00'],
    ['daily digest at 12am', '0 0 * * *', undefined, 'daily at 00:00'],
    ['weekly digest', '0 9 * * 1', undefined, 'Mondays at 09:00'],
    ['digest every day at 18h30 asia/tokyo', '30 18 * * *', 'Asia/Tokyo', 'daily at 18:30'],
    ['digest cron 15 6 * * 2-6 Europe/Berlin', '15 6 * * 2-6', 'Europe/Berlin', 'cron “15 6 * * 2-6”'],
  ])('“%s” → %s', ([text, cron, zone, label]) => {
    const parsed = parseSchedule(text);
    expect(parsed.kind).toBe('schedule');
    if (parsed.kind !== 'schedule') return;
    expect(parsed.schedule.cron).toBe(cron);
    expect(parsed.schedule.timeZone).toBe(zone);
    expect(parsed.schedule.label).toBe(label);
  });

  test.for<[string, RegExp]>([
    ['daily at 25:00', /not a time of day/],
    ['daily at 9:75', /not a time of day/],
    ['daily at 13pm', /not a time of day/],
    ['weekly on Monday 8:00 Europe/Pariss', /not a time zone I know\. Did you mean Europe\/Paris\?/],
    ['daily at 9:00 Mars/Olympus', /not a time zone I know\. Use an IANA name/],
    ['daily at 9:00 CET', /abbreviation.*Europe\/Paris/],
    ['daily at 9:00 EST', /abbreviation.*America\/New_York/],
    ['hourly digest for prod', /at most daily/],
  ])('“%s” is refused with a reason', ([text, problem]) => {
    const parsed = parseSchedule(text);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' ? parsed.problem : '').toMatch(problem);
  });

  test.for(['digest now', 'unsubscribe', 'show digest settings', 'top 5 images'])('“%s” holds no schedule', (text) => {
    expect(parseSchedule(text).kind).toBe('none');
  });
});

describe('time zones', () => {
  test('canonical IANA spelling whatever the case', () => {
    expect(checkTimeZone('europe/paris')).toEqual({ ok: true, timeZone: 'Europe/Paris' });
    expect(checkTimeZone('GMT')).toEqual({ ok: true, timeZone: 'UTC' });
    expect(checkTimeZone('+02:00').ok).toBe(false);
  });

  test('dates are shown in the subscription’s zone', () => {
    expect(formatInZone('2026-03-30T06:00:00.000Z', 'Europe/Paris')).toBe('Mon 30 Mar, 08:00');
    expect(formatInZone('2026-03-30T06:00:00.000Z', 'America/New_York')).toBe('Mon 30 Mar, 02:00');
  });
});
