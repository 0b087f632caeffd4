import { describe, expect, it } from 'vitest';
import { ApiTime, instantOf, isSupportedTime, MAX_TIME_MS, MIN_TIME_MS } from './time';

/** The instant of an ISO string in the ECMAScript format, computed without `new Date(string)`. */
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
};

describe('instantOf', () => {
  it.each([
    // as the API takes it
    ['2026-03-02T10:00:00Z', utc(2026, 3, 2, 10)],
    ['2026-03-02T11:00:00.250+01:00', utc(2026, 3, 2, 10, 0, 0, 250)],
    ['2026-03-02T10:00:00.123456789Z', utc(2026, 3, 2, 10, 0, 0, 123)],
    ['0050-03-01T10:00:00Z', utc(50, 3, 1, 10)],
    ['0001-06-01T00:00:00Z', utc(1, 6, 1)],
    ['0099-12-31T23:59:59.999Z', utc(99, 12, 31, 23, 59, 59, 999)],
    ['1969-12-31T23:59:59.999Z', -1],
    ['9999-12-31T23:59:59.999Z', MAX_TIME_MS],
    ['9999-12-31T23:59:59-01:00', utc(10000, 1, 1, 0, 59, 59)],
    ['+010000-01-01T00:00:00Z', utc(10000, 1, 1)],
    ['-000001-01-01T00:00:00Z', utc(-1, 1, 1)],
    // as Postgres (and PGlite) write a timestamptz, in a column and in JSON
    ['0050-03-01 10:00:00+00', utc(50, 3, 1, 10)],
    ['0020-03-01 10:00:00+00', utc(20, 3, 1, 10)],
    ['2026-03-02 10:00:00.123+00', utc(2026, 3, 2, 10, 0, 0, 123)],
    ['2026-03-02 10:00:00.123456+00', utc(2026, 3, 2, 10, 0, 0, 123)],
    ['2026-03-02 15:30:00.123456+05:30', utc(2026, 3, 2, 10, 0, 0, 123)],
    ['2026-03-02 05:00:00-05', utc(2026, 3, 2, 10)],
    ['0050-03-01 15:53:28+05:53:28', utc(50, 3, 1, 10)],
    ['0020-03-01T10:09:21.5+00:09:21', utc(20, 3, 1, 10, 0, 0, 500)],
    ['0001-12-31 00:00:00+00 BC', utc(0, 12, 31)],
    ['0001-12-31T00:00:00+00:00 BC', utc(0, 12, 31)],
    ['10000-01-01 05:29:59.999+05:30', utc(9999, 12, 31, 23, 59, 59, 999)],
  ])('%s', (text, expected) => expect(instantOf(text)).toBe(expected));

  it.each(['', 'now', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-03-02T10:60:00Z', '2026-03-02T10:00:00', '2026-03-02', '+010000-01-01 00:00:00+00 BC', 'infinity'])(
    'is NaN for %j',
    (text) => expect(instantOf(text)).toBeNaN(),
  );
});

describe('ApiTime', () => {
  it('takes the supported range to its ends, by the UTC instant', () => {
    expect(isSupportedTime(MIN_TIME_MS)).toBe(true);
    expect(isSupportedTime(MIN_TIME_MS - 1)).toBe(false);
    expect(isSupportedTime(MAX_TIME_MS + 1)).toBe(false);
    for (const t of ['0001-01-01T00:00:00Z', '0050-03-01T10:00:00Z', '1969-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59+00:00', '0001-01-01T01:00:00+01:00'])
      expect(ApiTime.safeParse(t).success, t).toBe(true);
  });

  it.each([
    ['year 0000', '0000-01-01T00:00:00Z', /between 0001/],
    ['year 0001 that is year 0000 in UTC', '0001-01-01T00:30:00+01:00', /between 0001/],
    ['year 9999 that is year 10000 in UTC', '9999-12-31T23:59:59-01:00', /between 0001/],
    ['an expanded year', '+010000-01-01T00:00:00Z', /ISO 8601/],
    ['no offset', '2026-03-02T10:00:00', /ISO 8601/],
    ['a Postgres text', '2026-03-02 10:00:00+00', /ISO 8601/],
  ])('refuses %s', (_, text, message) => {
    const result = ApiTime.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });
});
