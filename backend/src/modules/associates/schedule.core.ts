import type { SchedulePeriod } from '../../../../shared/associates';

/** Where an instant falls in a zone's week: day 1 = Monday … 7 = Sunday, minutes since local midnight, and the local date. */
export interface LocalWeekTime {
  day: number;
  minutes: number;
  /** The local calendar date, "YYYY-MM-DD". */
  date: string;
}

/** One day's exception to the weekly schedule: the hours worked that local date; none is a day off. */
export interface ScheduleDayException {
  /** "YYYY-MM-DD" in the associate's zone. */
  date: string;
  periods: readonly { from: string; to: string }[];
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();
// Ranking asks for many associates at one instant: most share a zone, so the answer is kept per zone and minute.
const recent = new Map<string, LocalWeekTime>();

/** The local weekday, minute and date of `at` in `timezone` (an IANA zone; daylight saving included). */
export function localWeekTime(at: Date, timezone: string): LocalWeekTime {
  const minute = Math.floor(at.getTime() / 60_000);
  const key = `${timezone}|${minute}`;
  const hit = recent.get(key);
  if (hit) return hit;
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(at)) parts[p.type] = p.value;
  const local = {
    day: WEEKDAYS[parts.weekday ?? ''] ?? 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
  if (recent.size > 10_000) recent.clear();
  recent.set(key, local);
  return local;
}

function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function inPeriod(p: { from: string; to: string }, minutes: number): boolean {
  return clockMinutes(p.from) <= minutes && minutes < clockMinutes(p.to);
}

/**
 * Whether `at` falls inside the associate's working hours, read in their zone: the day's
 * exception when there is one for that local date (its periods, or none: a day off), else
 * the week's periods for that weekday. From included, to excluded ("09:00"-"17:00" covers
 * 09:00 to 16:59). Local clock times are read from the zone's rules, so a daylight-saving
 * change moves nothing: "09:00" is 09:00 on the wall clock that day. An empty schedule
 * without an exception is never.
 */
export function isWithinSchedule(
  schedule: readonly SchedulePeriod[],
  timezone: string,
  at: Date,
  exceptions: readonly ScheduleDayException[] = [],
): boolean {
  if (schedule.length === 0 && exceptions.length === 0) return false;
  const t = localWeekTime(at, timezone);
  const exception = exceptions.find((e) => e.date === t.date);
  if (exception) return exception.periods.some((p) => inPeriod(p, t.minutes));
  return schedule.some((p) => p.day === t.day && inPeriod(p, t.minutes));
}

/** The UTC dates a day either side of `at`: every zone's local date at `at` lies between them. */
export function datesAround(at: Date): [string, string] {
  const day = 86_400_000;
  return [new Date(at.getTime() - day).toISOString().slice(0, 10), new Date(at.getTime() + day).toISOString().slice(0, 10)];
}

/** The local date "YYYY-MM-DD" today in the zone. */
export function localDate(at: Date, timezone: string): string {
  return localWeekTime(at, timezone).date;
}

/** Days between two "YYYY-MM-DD" dates (b - a), calendar days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** How far ahead an exception may be set: a year. */
export const EXCEPTION_HORIZON_DAYS = 366;

/**
 * Why an exception for `date` cannot be set today (`today` is the associate's local date),
 * or null: no past date, at most a year ahead.
 */
export function exceptionDateProblem(date: string, today: string): string | null {
  const ahead = daysBetween(today, date);
  if (ahead < 0) return `${date} is in the past (today is ${today} in your time zone).`;
  if (ahead > EXCEPTION_HORIZON_DAYS) return `${date} is more than a year ahead.`;
  return null;
}
