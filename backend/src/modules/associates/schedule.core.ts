import type { SchedulePeriod } from '../../../../shared/associates';

/** Where an instant falls in a zone's week: day 1 = Monday … 7 = Sunday, minutes since local midnight. */
export interface LocalWeekTime {
  day: number;
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();
// Ranking asks for many associates at one instant: most share a zone, so the answer is kept per zone and minute.
const recent = new Map<string, LocalWeekTime>();

/** The local weekday and minute of `at` in `timezone` (an IANA zone; daylight saving included). */
export function localWeekTime(at: Date, timezone: string): LocalWeekTime {
  const minute = Math.floor(at.getTime() / 60_000);
  const key = `${timezone}|${minute}`;
  const hit = recent.get(key);
  if (hit) return hit;
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(at)) parts[p.type] = p.value;
  const local = { day: WEEKDAYS[parts.weekday ?? ''] ?? 1, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
  if (recent.size > 10_000) recent.clear();
  recent.set(key, local);
  return local;
}

function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * Whether `at` falls inside one of the week's periods, read in the associate's zone: from
 * included, to excluded ("09:00"-"17:00" covers 09:00 to 16:59). An empty schedule is never.
 */
export function isWithinSchedule(schedule: readonly SchedulePeriod[], timezone: string, at: Date): boolean {
  if (schedule.length === 0) return false;
  const t = localWeekTime(at, timezone);
  return schedule.some((p) => p.day === t.day && clockMinutes(p.from) <= t.minutes && t.minutes < clockMinutes(p.to));
}
