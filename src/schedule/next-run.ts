import { Cron } from 'croner';
import type { Schedule } from '../domain/digest/types.js';

/**
 * Next occurrences with croner, in the schedule's own time zone. Across daylight-saving changes a
 * local time that does not exist (02:30 on the spring-forward night) runs at the same offset an hour
 * later, and one that exists twice (autumn) runs once, at its first occurrence.
 */

function cronOf(schedule: Pick<Schedule, 'cron' | 'timeZone'>): Cron {
  return new Cron(schedule.cron, { timezone: schedule.timeZone, paused: true, mode: '5-part' });
}

/** The first occurrence strictly after `after`; undefined for a schedule that never fires again. */
export function nextRunAfter(schedule: Pick<Schedule, 'cron' | 'timeZone'>, after: Date): Date | undefined {
  return cronOf(schedule).nextRun(after) ?? undefined;
}

/** Digests at most hourly: anything more frequent is a mistake, not a digest. */
const MIN_GAP_MS = 60 * 60_000;

export type CronCheck = { ok: true } | { ok: false; problem: string };

export function checkCron(schedule: Pick<Schedule, 'cron' | 'timeZone'>, now: Date): CronCheck {
  let runs: Date[];
  try {
    runs = cronOf(schedule).nextRuns(3, now);
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    return { ok: false, problem: `“${schedule.cron}” is not a five-field cron pattern I can use (${detail}).` };
  }
  if (runs.length === 0) return { ok: false, problem: `“${schedule.cron}” never runs again.` };
  for (let i = 1; i < runs.length; i++) {
    if ((runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime() < MIN_GAP_MS) {
      return { ok: false, problem: `“${schedule.cron}” runs more often than hourly; digests summarise a day or a week.` };
    }
  }
  return { ok: true };
}
