import type { DateMention, DurationMention, DurationUnit, Entities } from './parsed-text.js';
import type { TextScanner } from './text-scanner.js';

/** Dates ("until 2025-03-31", "since Jan 5") and periods ("older than 90 days", "for a month"). */

const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE_RELATION =
  '(?:(until|till|til|through|thru|by|before|expires?(?:\\s+on)?|expiring(?:\\s+on)?|ending(?:\\s+on)?|since|after|from|on)\\s+)?';
const ISO_DATE = new RegExp(`\\b${DATE_RELATION}(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[t ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?z?)?\\b`, 'i');
const DAY_MONTH = new RegExp(`\\b${DATE_RELATION}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\.?(?:,?\\s+(\\d{4}))?\\b`, 'i');
const MONTH_DAY = new RegExp(`\\b${DATE_RELATION}${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'i');
const RELATIVE_DAY = new RegExp(`\\b${DATE_RELATION}(today|tomorrow|yesterday)\\b`, 'i');

const PERIOD_RELATION =
  '(?:(older\\s+than|more\\s+than|over|at\\s+least|newer\\s+than|younger\\s+than|less\\s+than|under|within|in\\s+the\\s+(?:last|past)|the\\s+(?:last|past)|last|past|for|every|in)\\s+)?';
const DIGIT_PERIOD = new RegExp(
  `\\b${PERIOD_RELATION}(\\d+(?:\\.\\d+)?)\\s*(\\+)?\\s*(minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mos?|years?|yrs?|y)\\b(\\+)?(\\s+old(?:er)?)?`,
  'i',
);
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, sixty: 60, ninety: 90,
};
const WORD_PERIOD = new RegExp(
  `\\b${PERIOD_RELATION}(${Object.keys(NUMBER_WORDS).join('|')})\\s+(minutes?|hours?|days?|weeks?|months?|years?)\\b(\\s+old(?:er)?)?`,
  'i',
);

const UNIT_HOURS: Readonly<Record<DurationUnit, number>> = { minute: 1 / 60, hour: 1, day: 24, week: 168, month: 720, year: 8760 };

function unitOf(raw: string): DurationUnit {
  const u = raw.toLowerCase();
  if (u.startsWith('mi')) return 'minute';
  if (u.startsWith('h')) return 'hour';
  if (u.startsWith('d')) return 'day';
  if (u.startsWith('w')) return 'week';
  if (u.startsWith('mo')) return 'month';
  return 'year';
}

function periodRelation(prefix: string | undefined, olderMarker: boolean): DurationMention['relation'] {
  const p = (prefix ?? '').toLowerCase().replace(/\s+/g, ' ');
  if (['older than', 'more than', 'over', 'at least'].includes(p)) return 'older-than';
  if (p !== '' && p !== 'for' && p !== 'every' && p !== 'in') return 'newer-than';
  if (p === 'for' || p === 'in') return 'for';
  if (p === 'every') return 'every';
  return olderMarker ? 'older-than' : 'plain';
}

function dateRelation(prefix: string | undefined): DateMention['relation'] {
  const p = (prefix ?? '').toLowerCase();
  if (p === '' || p === 'on') return 'on';
  return ['since', 'after', 'from'].includes(p) ? 'since' : 'until';
}

function isoDay(year: number, month: number, day: number): string | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return d.toISOString().slice(0, 10);
}

/** A day without a year is the next one (or, after "since", the last one). */
function inferYear(month: number, day: number, relation: DateMention['relation'], now: Date): string | undefined {
  const today = now.toISOString().slice(0, 10);
  const year = now.getUTCFullYear();
  const thisYear = isoDay(year, month, day);
  if (!thisYear) return undefined;
  if (relation === 'since') return thisYear > today ? isoDay(year - 1, month, day) : thisYear;
  return thisYear < today ? isoDay(year + 1, month, day) : thisYear;
}

function monthNumber(name: string): number {
  return ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

export function extractDates(scanner: TextScanner, entities: Entities, now: Date): void {
  const add = (date: string | undefined, prefix: string | undefined, text: string): boolean => {
    if (!date) return false;
    entities.dates.push({ date, relation: dateRelation(prefix), text: text.trim() });
    return true;
  };
  scanner.scan(ISO_DATE, (m) => add(isoDay(Number(m[2]), Number(m[3]), Number(m[4])), m[1], m[0]));
  const named = (prefix: string | undefined, day: number, month: number, year: string | undefined, text: string): boolean => {
    const date = year ? isoDay(Number(year), month, day) : inferYear(month, day, dateRelation(prefix), now);
    return add(date, prefix, text);
  };
  scanner.scan(DAY_MONTH, (m) => named(m[1], Number(m[2]), monthNumber(m[3] ?? ''), m[4], m[0]));
  scanner.scan(MONTH_DAY, (m) => named(m[1], Number(m[3]), monthNumber(m[2] ?? ''), m[4], m[0]));
  scanner.scan(RELATIVE_DAY, (m) => {
    const offset = { today: 0, tomorrow: 1, yesterday: -1 }[(m[2] ?? '').toLowerCase()] ?? 0;
    const day = new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    return add(day, m[1], m[0]);
  });
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY = /\b(since|from|after|on)\s+(?:last\s+)?(sun|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?)(?:day)?\b/i;
const THIS_PERIOD = /\b(?:this|the\s+current|current)\s+(week|month|year)\b/i;
const IN_MONTH = new RegExp(`\\b(?:in|during|for)\\s+${MONTH}\\.?(?:\\s+(\\d{4}))?\\b(?!\\s*\\d)`, 'i');

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "since Monday", "this week", "in November": windows people name by the calendar (weeks start on Monday). */
export function extractCalendarWindows(scanner: TextScanner, entities: Entities, now: Date): void {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  scanner.scan(WEEKDAY, (m) => {
    const wanted = WEEKDAYS.findIndex((d) => d.startsWith((m[2] ?? '').toLowerCase().slice(0, 3)));
    if (wanted < 0) return false;
    // The last such day, today included: "since Monday" on a Monday means today.
    const back = (new Date(today).getUTCDay() - wanted + 7) % 7;
    entities.dates.push({ date: dayOf(new Date(today - back * 86_400_000)), relation: (m[1] ?? '').toLowerCase() === 'on' ? 'on' : 'since', text: m[0].trim(), calendar: true });
  });
  scanner.scan(THIS_PERIOD, (m) => {
    const unit = (m[1] ?? '').toLowerCase();
    const start = new Date(today);
    if (unit === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
    else if (unit === 'month') start.setUTCDate(1);
    else start.setUTCMonth(0, 1);
    entities.dates.push({ date: dayOf(start), relation: 'since', text: m[0].trim(), calendar: true });
  });
  scanner.scan(IN_MONTH, (m) => {
    const month = monthNumber(m[1] ?? '');
    // A month without a year is the last one that has begun.
    const year = m[2] ? Number(m[2]) : month - 1 <= now.getUTCMonth() ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
    const first = new Date(Date.UTC(year, month - 1, 1));
    const last = new Date(Date.UTC(year, month, 0));
    entities.dates.push({ date: dayOf(first), relation: 'since', text: m[0].trim(), calendar: true }, { date: dayOf(last), relation: 'until', text: m[0].trim(), calendar: true });
  });
}

export function extractDurations(scanner: TextScanner, entities: Entities): void {
  const add = (amount: number, unitRaw: string, relation: DurationMention['relation'], text: string): boolean => {
    if (!Number.isFinite(amount) || amount <= 0) return false;
    const unit = unitOf(unitRaw);
    entities.durations.push({ amount, unit, relation, hours: amount * UNIT_HOURS[unit], text: text.trim() });
    return true;
  };
  scanner.scan(DIGIT_PERIOD, (m) => add(Number(m[2]), m[4] ?? '', periodRelation(m[1], Boolean(m[3] || m[5] || m[6])), m[0]));
  scanner.scan(WORD_PERIOD, (m) => add(NUMBER_WORDS[(m[2] ?? '').toLowerCase()] ?? 0, m[3] ?? '', periodRelation(m[1], Boolean(m[4])), m[0]));
}
