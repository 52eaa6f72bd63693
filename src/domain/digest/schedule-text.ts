import { checkTimeZone, isZoneAbbreviation } from './time-zones.js';

/**
 * Schedules as people say them: "daily at 9:00", "weekly on Monday 8:00 Europe/Paris", "every
 * weekday at 7:30am", "Mondays and Thursdays at 17:00", or a five-field cron ("cron 0 9 * * 1-5").
 * The result is a cron pattern plus a label; whether croner accepts a raw cron is checked where
 * croner lives (src/schedule).
 */

export interface ScheduleRequest {
  cron: string;
  /** As named in the text (canonical IANA); undefined when the text names none. */
  timeZone: string | undefined;
  label: string;
  /** What the words asked for, used to tell "no schedule said" from "a schedule said badly". */
  frequency: 'daily' | 'weekdays' | 'weekly' | 'cron';
}

export type ScheduleParse = { kind: 'schedule'; schedule: ScheduleRequest } | { kind: 'none' } | { kind: 'invalid'; problem: string };

export const SCHEDULE_EXAMPLES = [
  'send a daily digest here at 9:00 for prod',
  'weekly on Monday 8:00 Europe/Paris',
  'digest every weekday at 7:30am America/New_York for staging',
  'digest cron 0 9 * * 1-5 UTC',
] as const;

const DAYS: readonly [RegExp, number, string][] = [
  [/^sun(day)?s?$/i, 0, 'Sunday'],
  [/^mon(day)?s?$/i, 1, 'Monday'],
  [/^tue(s(day)?)?s?$/i, 2, 'Tuesday'],
  [/^wed(nesday)?s?$/i, 3, 'Wednesday'],
  [/^thu(r(s(day)?)?)?s?$/i, 4, 'Thursday'],
  [/^fri(day)?s?$/i, 5, 'Friday'],
  [/^sat(urday)?s?$/i, 6, 'Saturday'],
];

const CRON = /\bcron\s+((?:\S+\s+){4}\S+)/i;
const ZONE = /(?:^|\s)((?:[A-Za-z][A-Za-z0-9_+-]*\/)+[A-Za-z0-9_+-]+|[A-Za-z]{3,4})(?=\s|$|[.,!?])/g;
const TIME = /(?:\bat\s+)?\b(\d{1,2})(?:[:h.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?(?=\s|$|[.,!?])/i;

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** The time of day in the text; `at` is needed for a bare number so that "top 5" is never a time. */
function timeOf(text: string): { hour: number; minute: number } | { problem: string } | undefined {
  const pattern = new RegExp(TIME.source, 'gi');
  for (const match of text.matchAll(pattern)) {
    const [whole, h, m, meridiem] = match;
    const explicit = m !== undefined || meridiem !== undefined || /^at\s/i.test(whole);
    if (!explicit) continue;
    let hour = Number(h);
    const minute = m === undefined ? 0 : Number(m);
    if (meridiem) {
      if (hour < 1 || hour > 12) return { problem: `“${whole.trim()}” is not a time of day.` };
      const pm = meridiem.toLowerCase().startsWith('p');
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    if (hour > 23 || minute > 59) return { problem: `“${whole.trim()}” is not a time of day (hours 0–23, minutes 0–59).` };
    return { hour, minute };
  }
  return undefined;
}

function daysOf(words: readonly string[]): { day: number; name: string }[] {
  const out: { day: number; name: string }[] = [];
  for (const word of words) {
    const found = DAYS.find(([re]) => re.test(word));
    if (found && !out.some((d) => d.day === found[1])) out.push({ day: found[1], name: found[2] });
  }
  return out.sort((a, b) => ((a.day + 6) % 7) - ((b.day + 6) % 7));
}

function zoneOf(text: string): { timeZone: string } | { problem: string } | undefined {
  for (const match of text.matchAll(ZONE)) {
    const name = match[1] as string;
    // Short words are zones only when they are UTC/GMT or a known abbreviation (refused with advice).
    if (!name.includes('/') && !/^(utc|gmt)$/i.test(name) && !isZoneAbbreviation(name)) continue;
    const check = checkTimeZone(name);
    return check.ok ? { timeZone: check.timeZone } : { problem: check.problem };
  }
  return undefined;
}

export function parseSchedule(text: string): ScheduleParse {
  const zone = zoneOf(text);
  if (zone && 'problem' in zone) return { kind: 'invalid', problem: zone.problem };
  const timeZone = zone?.timeZone;

  const cron = CRON.exec(text);
  if (cron?.[1]) {
    const pattern = cron[1].trim().replace(/\s+/g, ' ');
    return { kind: 'schedule', schedule: { cron: pattern, timeZone, label: `cron “${pattern}”`, frequency: 'cron' } };
  }

  const words = text.toLowerCase().split(/[^a-z]+/).filter(Boolean);
  const has = (...w: string[]): boolean => w.some((x) => words.includes(x));
  const days = daysOf(words);
  const weekdays = has('weekday', 'weekdays', 'workday', 'workdays') || /monday\s+(to|through|-)\s+friday/i.test(text);
  const weekly = has('weekly', 'week') || days.length > 0;
  const daily = has('daily', 'day', 'days', 'everyday', 'morning', 'mornings') && !weekdays;
  const time = timeOf(text);
  if (time && 'problem' in time) return { kind: 'invalid', problem: time.problem };
  if (has('hourly', 'hour', 'hours', 'minute', 'minutes')) {
    return { kind: 'invalid', problem: 'Digests go out at most daily: a summary every hour would bury what matters.' };
  }
  if (!weekdays && !weekly && !daily && !time) return { kind: 'none' };

  const at = time ?? { hour: 9, minute: 0 };
  const clock = `${two(at.hour)}:${two(at.minute)}`;
  if (weekdays) {
    return { kind: 'schedule', schedule: { cron: `${at.minute} ${at.hour} * * 1-5`, timeZone, label: `weekdays at ${clock}`, frequency: 'weekdays' } };
  }
  if (weekly) {
    const chosen = days.length > 0 ? days : [{ day: 1, name: 'Monday' }];
    const names = chosen.map((d) => `${d.name}s`);
    const label = `${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1) as string}` : names[0] as string} at ${clock}`;
    return {
      kind: 'schedule',
      schedule: { cron: `${at.minute} ${at.hour} * * ${chosen.map((d) => d.day).join(',')}`, timeZone, label, frequency: 'weekly' },
    };
  }
  return { kind: 'schedule', schedule: { cron: `${at.minute} ${at.hour} * * *`, timeZone, label: `daily at ${clock}`, frequency: 'daily' } };
}
