import { z } from 'zod';

/**
 * Times the API takes. The supported range is 0001-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z (by the UTC instant): the years ISO 8601 writes with four digits
 * and no sign, which `Date.prototype.toISOString` writes as such, which Postgres (PGlite
 * too) parses and stores exactly (it keeps microseconds, from 4713 BC on), and which
 * `instantOf` reads back. Year 0000 is 1 BC, which Postgres writes with "BC"; year 10000
 * is `+010000`, which Postgres refuses as input. How old or far ahead a time may be for
 * its purpose (an event's, a chat line's) is each field's own rule on top of this.
 */
export const MIN_TIME_MS = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z
export const MAX_TIME_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

export const TIME_RANGE = 'between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in UTC';

/** Whether a number of milliseconds since 1970 is a time the API takes. */
export function isSupportedTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_TIME_MS && ms <= MAX_TIME_MS;
}

/**
 * An ISO 8601 time with its offset ("2026-03-02T10:00:00Z", "2026-03-02T11:00:00.250+01:00")
 * whose instant lies in the supported range; read its instant with `instantOf`.
 */
export const ApiTime = z.iso
  .datetime({ offset: true, abort: true, message: 'an ISO 8601 time with its offset, e.g. "2026-03-02T10:00:00Z"' })
  .refine((s) => isSupportedTime(instantOf(s)), `must be ${TIME_RANGE}`)
  .meta({ description: `An ISO 8601 time with its offset (\`Z\` or \`±HH:MM\`), ${TIME_RANGE}.` });

/** A time in a query (`?from=…&to=…`): an ApiTime, in the supported range, as the Date of its instant. */
export const QueryTime = ApiTime.transform((v) => new Date(instantOf(v)));

const TIME =
  /^([+-]\d{6}|\d{4,})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(?:([zZ])|([+-])(\d\d)(?::?(\d\d)(?::?(\d\d))?)?)( BC)?$/;

/**
 * The instant (ms since 1970, UTC) of a time as ISO 8601 or Postgres writes it, or NaN:
 * "2026-03-02T10:00:00.123Z", "2026-03-02 10:00:00.123456+00", "0050-03-01 10:09:21+00:09:21",
 * "0001-12-31T00:00:00+00:00 BC", "+010000-01-01T00:00:00Z". Years below 100 are years below
 * 100 (`new Date(string)` reads some as 19xx or 20xx), digits past the millisecond are
 * dropped, and a field out of range (a 13th month, a 30th of February) is NaN.
 */
export function instantOf(text: string): number {
  const m = TIME.exec(text);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, s = '0', frac = '', z, sign, oh = '0', om = '0', os = '0', bc] = m;
  if (bc && /^[+-]/.test(y!)) return NaN;
  const year = bc ? 1 - Number(y) : Number(y);
  const [month, day, hour, minute, second] = [mo, d, h, mi, s].map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 24 || minute > 59 || second > 59) return NaN;
  if (hour === 24 && (minute || second || /[1-9]/.test(frac))) return NaN;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would take years 0 to 99 for 1900 to 1999
  if (date.getUTCDate() !== day) return NaN;
  date.setUTCHours(hour, minute, second, ms);
  const offset = z ? 0 : (sign === '-' ? -1 : 1) * ((Number(oh) * 60 + Number(om)) * 60 + Number(os)) * 1000;
  return date.getTime() - offset;
}
