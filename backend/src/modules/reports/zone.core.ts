/**
 * Wall-clock time in an IANA time zone, through `Intl` (the runtime's tz database): the local
 * calendar day of an instant, and the instant of a local date and hour. Pure.
 *
 * A local time that does not exist (skipped when clocks go forward) or exists twice (when they go
 * back) is read as Temporal's "compatible" disambiguation and RFC 5545 read it: a skipped time is
 * moved forward by the length of the gap (02:30 on a night that jumps from 02:00 to 03:00 is 03:30),
 * and a repeated time is its first occurrence.
 */

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of `at` (epoch ms) in `timeZone`. */
export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const [year, month, day, hour, minute, second] = [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map(Number) as [number, number, number, number, number, number];
  return { year, month, day, hour, minute, second, weekday: weekdayOf(year, month, day) };
}

/** 1 = Monday … 7 = Sunday, of a calendar date. */
export function weekdayOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return ((d.getUTCDay() + 6) % 7) + 1;
}

/** The calendar day of `at` in `timeZone`, as YYYY-MM-DD. */
export function localDay(at: number, timeZone: string): string {
  if (timeZone === 'UTC') return new Date(at).toISOString().slice(0, 10);
  const t = localTime(at, timeZone);
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** Local time less UTC at `at`, in ms (+3_600_000 in Paris in winter). */
export function offsetAt(at: number, timeZone: string): number {
  const t = localTime(at, timeZone);
  return wallMs(t.year, t.month, t.day, t.hour, t.minute, t.second) - Math.floor(at / 1000) * 1000;
}

/** A wall-clock reading as if it were UTC, in ms. */
function wallMs(year: number, month: number, day: number, hour: number, minute: number, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

const DAY_MS = 86_400_000;

/**
 * The instant of a local date and time in `timeZone` (month 1-12; a day past the month's end rolls
 * over, as Date does). Skipped and repeated times as this module's header says.
 *
 *   zonedInstant(2026, 3, 29, 2, 30, 'Europe/Paris')  // 01:30Z: 02:30 does not exist that night, 03:30 CEST
 */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wall = wallMs(year, month, day, hour, minute);
  // The offsets in force a day either side: a transition between them is the only way a reading can be skipped or repeated.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates);
  // Skipped: read with the offset before the gap, which lands as far past the gap's end as the reading was past its start.
  return wall - before;
}

const QUARTER_HOUR = 900_000;

/**
 * `localDay` for many instants in one zone, remembered per quarter hour: one whose first and last
 * instants fall on the same local day lies wholly in it (local time only moves forward within it,
 * unless the clocks went back across midnight inside those 15 minutes, which no zone does); one
 * that does not is read instant by instant.
 */
export function dayReader(timeZone: string): (at: number) => string {
  const known = new Map<number, string | null>();
  return (at) => {
    const bucket = Math.floor(at / QUARTER_HOUR);
    let day = known.get(bucket);
    if (day === undefined) {
      const first = localDay(bucket * QUARTER_HOUR, timeZone);
      day = first === localDay(bucket * QUARTER_HOUR + QUARTER_HOUR - 1, timeZone) ? first : null;
      if (known.size > 100_000) known.clear();
      known.set(bucket, day);
    }
    return day ?? localDay(at, timeZone);
  };
}
