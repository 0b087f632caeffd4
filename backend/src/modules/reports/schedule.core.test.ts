import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExportSchedule } from '../../../../shared/reports';
import { exportPeriod, nextRun } from './schedule.core';
import { dayReader, localDay, localTime, offsetAt, zonedInstant } from './zone.core';

const T = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const daily = (hour: number, timeZone: string): ExportSchedule => ({ frequency: 'daily', hour, timeZone });
const weekly = (weekday: number, hour: number, timeZone: string): ExportSchedule => ({ frequency: 'weekly', weekday, hour, timeZone });

describe('wall-clock time in a zone', () => {
  it('reads offsets, local days and the instants of local times', () => {
    expect(offsetAt(T('2026-01-15T12:00:00Z'), 'Europe/Paris')).toBe(3_600_000);
    expect(offsetAt(T('2026-07-15T12:00:00Z'), 'Europe/Paris')).toBe(7_200_000);
    expect(offsetAt(T('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(19_800_000);
    expect(localDay(T('2026-03-01T23:30:00Z'), 'Europe/Paris')).toBe('2026-03-02');
    expect(localDay(T('2026-03-01T23:30:00Z'), 'UTC')).toBe('2026-03-01');
    expect(localTime(T('2026-03-02T00:00:00Z'), 'UTC').weekday).toBe(1);
    expect(iso(zonedInstant(2026, 7, 15, 6, 0, 'Europe/Paris'))).toBe('2026-07-15T04:00:00.000Z');
    expect(iso(zonedInstant(2026, 1, 32, 6, 0, 'Europe/Paris'))).toBe('2026-02-01T05:00:00.000Z');
  });

  it('moves a skipped time forward by the gap and takes a repeated time at its first occurrence', () => {
    // Paris: 2026-03-29 02:00 CET → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET.
    expect(iso(zonedInstant(2026, 3, 29, 2, 30, 'Europe/Paris'))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso(zonedInstant(2026, 10, 25, 2, 30, 'Europe/Paris'))).toBe('2026-10-25T00:30:00.000Z'); // the first 02:30, CEST
    // Lord Howe moves by half an hour: 2026-10-04 02:00 → 02:30.
    expect(iso(zonedInstant(2026, 10, 4, 2, 0, 'Australia/Lord_Howe'))).toBe('2026-10-03T15:30:00.000Z');
  });
});

describe('the day reader', () => {
  it('reads the same day as localDay for every instant, across DST changes and odd offsets', () => {
    const zones = ['UTC', 'Europe/Paris', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/Amsterdam'];
    const readers = new Map(zones.map((z) => [z, dayReader(z)]));
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: T('1930-01-01T00:00:00Z'), max: T('2030-01-01T00:00:00Z') }), (zone, at) => {
        expect(readers.get(zone)!(at)).toBe(localDay(at, zone));
      }),
      { numRuns: 2_000 },
    );
    // Every minute around Santiago's change at midnight and Paris's at 02:00.
    for (const [zone, around] of [['America/Santiago', T('2026-04-05T03:00:00Z')], ['America/Santiago', T('2026-09-06T04:00:00Z')], ['Europe/Paris', T('2026-03-29T01:00:00Z')]] as const) {
      const read = dayReader(zone);
      for (let at = around - 7_200_000; at < around + 7_200_000; at += 60_000) expect(read(at)).toBe(localDay(at, zone));
    }
  });
});

describe('the export schedule', () => {
  it('runs daily at the hour in the zone, through the change to summer time', () => {
    const paris = daily(6, 'Europe/Paris');
    let at = T('2026-03-27T12:00:00Z');
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) runs.push(iso((at = nextRun(paris, at))));
    expect(runs).toEqual(['2026-03-28T05:00:00.000Z', '2026-03-29T04:00:00.000Z', '2026-03-30T04:00:00.000Z']);
  });

  it('runs a skipped hour at the change, and a repeated hour once', () => {
    const two = daily(2, 'Europe/Paris');
    expect(iso(nextRun(two, T('2026-03-28T12:00:00Z')))).toBe('2026-03-29T01:00:00.000Z'); // 03:00 CEST, the moment 02:00 was skipped
    const first = nextRun(two, T('2026-10-24T12:00:00Z'));
    expect(iso(first)).toBe('2026-10-25T00:00:00.000Z'); // 02:00 CEST
    expect(iso(nextRun(two, first))).toBe('2026-10-26T01:00:00.000Z'); // not again at 02:00 CET an hour later
  });

  it('runs weekly on its weekday, and strictly after the time given', () => {
    const mondays = weekly(1, 6, 'America/New_York');
    expect(iso(nextRun(mondays, T('2026-03-02T10:59:59Z')))).toBe('2026-03-02T11:00:00.000Z');
    expect(iso(nextRun(mondays, T('2026-03-02T11:00:00Z')))).toBe('2026-03-09T10:00:00.000Z'); // EDT from March 8
    expect(iso(nextRun(weekly(7, 23, 'Pacific/Kiritimati'), T('2026-03-02T00:00:00Z')))).toBe('2026-03-08T09:00:00.000Z');
  });

  it('covers the local day or week before the run', () => {
    const paris = daily(6, 'Europe/Paris');
    const spring = exportPeriod(paris, T('2026-03-30T04:00:00Z'));
    expect([iso(spring.from), iso(spring.to)]).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']); // 23 hours
    const week = exportPeriod(weekly(1, 6, 'UTC'), T('2026-03-09T06:00:00Z'));
    expect([iso(week.from), iso(week.to)]).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z']);
  });

  it('always finds the next run at the hour (or just past a skipped one), on its day, with none missed in between', () => {
    const zones = ['UTC', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Chatham'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 23 }),
        fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
        fc.integer({ min: T('2025-01-01T00:00:00Z'), max: T('2028-01-01T00:00:00Z') }),
        (timeZone, hour, weekday, after) => {
          const schedule: ExportSchedule = weekday === undefined ? daily(hour, timeZone) : weekly(weekday, hour, timeZone);
          const run = nextRun(schedule, after);
          expect(run).toBeGreaterThan(after);
          expect(run - after).toBeLessThanOrEqual((weekday === undefined ? 1 : 7) * 86_400_000 + 3 * 3_600_000);
          const local = localTime(run, timeZone);
          expect(local.minute === 0 || local.minute === 30).toBe(true);
          if (local.hour !== hour || local.minute !== 0) {
            // Only when the hour did not exist that day: the run is at the end of the gap, within an hour of it.
            expect(offsetAt(run, timeZone)).toBeGreaterThan(offsetAt(run - 3_600_000, timeZone));
          }
          if (weekday !== undefined) expect(local.weekday).toBe(weekday);
          // Nothing in between: asking from just before the run gives the run.
          expect(nextRun(schedule, run - 1)).toBe(run);
          expect(nextRun(schedule, Math.floor((after + run) / 2))).toBe(run);
        },
      ),
      { numRuns: 400 },
    );
  });
});
