/**
 * When a scheduled report export runs, and the period it covers. Pure: instants in, instants out.
 *
 * - A daily export runs every day at `hour`:00 in its time zone, a weekly one on its weekday
 *   (1 = Monday … 7 = Sunday). Wall-clock time in the zone, so it follows daylight saving: 06:00 in
 *   Paris is 05:00Z in winter and 04:00Z in summer.
 * - DST: on the night clocks go forward, an hour that does not exist runs when it would have been,
 *   the gap's length later (02:00 becomes 03:00, the moment of the change); on the night they go
 *   back, an hour that happens twice runs once, at its first occurrence.
 * - The period of a run is the whole local day (or the seven local days) before the run's local
 *   day: a daily export at 06:00 on the 2nd covers the 1st from 00:00 to 00:00, 23 or 25 hours long
 *   on the nights the clocks change.
 */
import type { ExportSchedule } from '../../../../shared/reports';
import { localTime, weekdayOf, zonedInstant } from './zone.core';

/** A calendar date `days` after the one given (month 1-12), normalised. */
function addDays(year: number, month: number, day: number, days: number): { year: number; month: number; day: number } {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day + days);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The first run of `schedule` strictly after `after` (epoch ms).
 *
 *   nextRun({ frequency: 'daily', hour: 6, timeZone: 'Europe/Paris' }, Date.parse('2026-03-28T12:00:00Z'))  // 2026-03-29T04:00:00Z
 */
export function nextRun(schedule: ExportSchedule, after: number): number {
  const today = localTime(after, schedule.timeZone);
  // From the day before (a zone's date can trail the run's) to eight days on: a weekly run is among them.
  for (let k = -1; k <= 8; k++) {
    const date = addDays(today.year, today.month, today.day, k);
    if (schedule.frequency === 'weekly' && weekdayOf(date.year, date.month, date.day) !== schedule.weekday) continue;
    const at = zonedInstant(date.year, date.month, date.day, schedule.hour, 0, schedule.timeZone);
    if (at > after) return at;
  }
  throw new RangeError('no run within nine days: the schedule is not daily or weekly');
}

/** The period an export running at `runAt` covers: [from, to), the local day (or week) before the run's local day. */
export function exportPeriod(schedule: ExportSchedule, runAt: number): { from: number; to: number } {
  const day = localTime(runAt, schedule.timeZone);
  const start = addDays(day.year, day.month, day.day, schedule.frequency === 'daily' ? -1 : -7);
  return {
    from: zonedInstant(start.year, start.month, start.day, 0, 0, schedule.timeZone),
    to: zonedInstant(day.year, day.month, day.day, 0, 0, schedule.timeZone),
  };
}
