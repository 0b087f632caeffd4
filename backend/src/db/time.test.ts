import { eq, getTableColumns, isTable, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { MAX_TIME_MS, MIN_TIME_MS } from '../../../shared/time';
import { DB_KINDS, useTestDb } from '../testing/databases';
import { recordset, rowsOf } from './records';
import * as schema from './schema';
import { enterprises } from './schema';
import { readIsoTime, readTime } from './time';

describe('readTime', () => {
  it.each([
    // What each driver hands over (drizzle turns their parsers off): a column's text, JSON's text, at any session offset.
    ['0050-03-01 10:00:00+00', '0050-03-01T10:00:00.000Z'],
    ['0001-06-01 00:00:00+00', '0001-06-01T00:00:00.000Z'],
    ['0020-03-01 10:00:00+00', '0020-03-01T10:00:00.000Z'],
    ['2026-03-02 10:00:00.123+00', '2026-03-02T10:00:00.123Z'],
    ['2026-03-02 10:00:00.123456+00', '2026-03-02T10:00:00.123Z'],
    ['2026-03-02 15:30:00+05:30', '2026-03-02T10:00:00.000Z'],
    ['0050-03-01 15:53:28+05:53:28', '0050-03-01T10:00:00.000Z'],
    ['0020-03-01T10:00:00.5+00:00', '0020-03-01T10:00:00.500Z'],
    ['0001-12-31 00:00:00+00 BC', '0000-12-31T00:00:00.000Z'],
    ['10000-01-01 05:29:59.999+05:30', '9999-12-31T23:59:59.999Z'],
  ])('%s is %s', (stored, iso) => expect(readIsoTime(stored)).toBe(iso));

  it('takes a Date as it is, and null as null; refuses what is not a time', () => {
    const d = new Date(0);
    expect(readTime(d)).toBe(d);
    expect(readTime(null)).toBeNull();
    expect(readIsoTime(undefined)).toBeNull();
    expect(() => readTime('infinity')).toThrow(/Not a stored time/);
  });

  it('reads every timestamp column of the schema (drizzle’s own reads years below 100 wrong)', () => {
    const tables = (Object.values(schema) as unknown[]).filter((t): t is PgTable => isTable(t));
    const columns = tables.flatMap((t) => Object.values(getTableColumns(t)).filter((c) => c.getSQLType().startsWith('timestamp')));
    expect(columns.length).toBeGreaterThan(30);
    for (const c of columns) expect((c.mapFromDriverValue('0050-03-01 10:00:00+00') as Date).toISOString(), c.name).toBe('0050-03-01T10:00:00.000Z');
  });
});

describe.each(DB_KINDS)('stored times on %s', (kind) => {
  const db = useTestDb(kind);
  const times = [
    MIN_TIME_MS,
    new Date('0050-03-01T10:00:00.000Z').getTime(),
    new Date('0001-06-01T00:00:00.000Z').getTime(),
    new Date('0020-03-01T10:00:00.000Z').getTime(),
    new Date('0099-12-31T23:59:59.999Z').getTime(),
    new Date('1969-12-31T23:59:59.999Z').getTime(),
    new Date('2026-03-02T10:00:00.123Z').getTime(),
    MAX_TIME_MS,
  ].map((ms) => new Date(ms));

  it.each(['UTC', 'Asia/Kolkata'])('read back exactly through drizzle, a raw query and JSON (session zone %s)', async (zone) => {
    const { db: d } = db();
    await d.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local timezone = '${zone}'`));
      await tx.insert(enterprises).values(times.map((createdAt, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, name: `e${i}`, slug: `e${i}`, createdAt })));
      const rows = await tx.select().from(enterprises).orderBy(enterprises.slug);
      expect(rows.map((r) => r.createdAt.toISOString())).toEqual(times.map((t) => t.toISOString()));
      const raw = rowsOf<{ createdAt: unknown }>(await tx.execute(sql`select created_at as "createdAt" from enterprises order by slug`));
      expect(raw.map((r) => readIsoTime(r.createdAt))).toEqual(times.map((t) => t.toISOString()));
      const r = recordset(enterprises, ['createdAt']);
      const [agg] = rowsOf<{ all: unknown }>(await tx.execute(sql`select json_agg(s) as all from (select ${r.selection} from enterprises order by slug) s`));
      const records = typeof agg!.all === 'string' ? JSON.parse(agg!.all) : agg!.all;
      expect(r.read(records).map((x) => x.createdAt.toISOString())).toEqual(times.map((t) => t.toISOString()));
      const [one] = await tx.select().from(enterprises).where(eq(enterprises.createdAt, times[2]!));
      expect(one?.slug).toBe('e2');
      await tx.delete(enterprises);
    });
  });
});
