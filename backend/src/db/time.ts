import { customType } from 'drizzle-orm/pg-core';
import { instantOf } from '../../../shared/time';

/**
 * A stored time as a query hands it over, as a Date. Both drivers give text (drizzle turns
 * their timestamp parsers off): "2026-03-02 10:00:00.123456+00" in a column, "…T…+00:00" in
 * JSON, with "BC" before year 1, a five-digit year past 9999, and the session's offset
 * ("+05:30", "+00:09:21" for a zone's old local mean time). `new Date(text)` misreads years
 * below 100 (0050 as 1950, 0001-06-01 as 2001-01-06) and refuses some (0020), so every
 * stored time is read here. A Date is taken as it is; null and undefined stay as they are.
 */
export function readTime(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const ms = instantOf(String(value));
  if (Number.isNaN(ms)) throw new Error(`Not a stored time: ${JSON.stringify(String(value).slice(0, 40))}`);
  return new Date(ms);
}

/** A stored time as the API shows it (ISO 8601 in UTC), or null. */
export function readIsoTime(value: unknown): string | null {
  return readTime(value)?.toISOString() ?? null;
}

const timestamptz = customType<{ data: Date; driverData: string }>({
  dataType: () => 'timestamp with time zone',
  toDriver: (value) => value.toISOString(),
  fromDriver: (value) => readTime(value)!,
});

/**
 * `timestamp with time zone` mapped to a Date through `readTime` (drizzle's own column reads
 * its text with `new Date(text)`). Called as drizzle's is, so a schema only imports it from here.
 */
export function timestamp(name: string, _config: { withTimezone: true }) {
  return timestamptz(name);
}
