/**
 * An associate's schedule exceptions (days off and one-off hours) as the console says them: each
 * on the associate's own local date, which is a calendar date and not an instant, so it is never
 * moved into the viewer's zone.
 */
import type { ScheduleException } from '../../../shared/associates';

/** "Day off", or the one-off hours worked that day: "08:00–09:30, 18:00–20:00". */
export function exceptionHours(e: Pick<ScheduleException, 'periods'>): string {
  return e.periods.length === 0 ? 'Day off' : e.periods.map((p) => `${p.from}–${p.to}`).join(', ');
}

/** A local date "YYYY-MM-DD" in words ("Tue, 3 Mar 2026" in en-GB), read as that calendar day whatever the viewer's zone. */
export function localDateText(date: string, locale?: string): string {
  const noon = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(noon.getTime())) return date;
  return noon.toLocaleDateString(locale, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** How far the date is from today in the associate's zone: "today", "tomorrow", "in 5 days" (or "5 days ago" for a range into the past). */
export function daysAway(today: string, date: string): string {
  const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (!Number.isFinite(days)) return '';
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}
