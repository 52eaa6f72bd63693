import { editDistance } from '../language/index.js';

/**
 * Time zones as people write them. IANA names only (`Europe/Paris`): abbreviations such as CET or
 * EST change meaning with daylight saving, so they get a clear refusal naming a city to use.
 */

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  cet: 'Europe/Paris', cest: 'Europe/Paris', wet: 'Europe/Lisbon', eet: 'Europe/Athens', bst: 'Europe/London',
  est: 'America/New_York', edt: 'America/New_York', cst: 'America/Chicago', cdt: 'America/Chicago',
  mst: 'America/Denver', mdt: 'America/Denver', pst: 'America/Los_Angeles', pdt: 'America/Los_Angeles',
  ist: 'Asia/Kolkata', jst: 'Asia/Tokyo', aest: 'Australia/Sydney', aedt: 'Australia/Sydney',
};

/** CET, EST and the like, written in capitals (lower-case "est" is more likely a word). */
export function isZoneAbbreviation(word: string): boolean {
  return word === word.toUpperCase() && ABBREVIATIONS[word.toLowerCase()] !== undefined;
}

let known: readonly string[] | undefined;
function knownZones(): readonly string[] {
  known ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
  return known;
}

/** The canonical spelling of a valid IANA time zone, or undefined. */
export function canonicalTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '' || /^(z|gmt|utc)$/i.test(trimmed)) return trimmed === '' ? undefined : 'UTC';
  // Offsets ("+02:00") are valid to Intl but ignore daylight saving, which a schedule must follow.
  if (!/^[A-Za-z]/.test(trimmed)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export type TimeZoneCheck = { ok: true; timeZone: string } | { ok: false; problem: string };

export function checkTimeZone(name: string): TimeZoneCheck {
  // Checked first: Intl accepts some of them (CET, EST) as fixed or surprising zones.
  const city = ABBREVIATIONS[name.trim().toLowerCase()];
  if (city) {
    return { ok: false, problem: `“${name}” is an abbreviation whose meaning changes with daylight saving. Name a city's time zone instead, such as ${city}.` };
  }
  const canonical = canonicalTimeZone(name);
  if (canonical) return { ok: true, timeZone: canonical };
  const wanted = name.trim().toLowerCase();
  const nearest = knownZones()
    .map((zone) => ({ zone, distance: editDistance(zone.toLowerCase(), wanted) }))
    .sort((a, b) => a.distance - b.distance)[0];
  const suggestion = nearest && nearest.distance <= 3 ? ` Did you mean ${nearest.zone}?` : '';
  return { ok: false, problem: `“${name}” is not a time zone I know.${suggestion} Use an IANA name such as Europe/Paris, America/New_York or UTC.` };
}

/** "09:00 Europe/Paris (UTC+01:00 today)": the offset helps readers in other zones. */
export function zoneOffsetLabel(timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName');
  return part?.value === 'GMT' ? 'UTC' : (part?.value ?? '').replace('GMT', 'UTC');
}

/** "Mon 30 Mar, 08:00" in the subscription's zone. */
export function formatInZone(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(date);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  return `${day.replace(',', '')}, ${time}`;
}
