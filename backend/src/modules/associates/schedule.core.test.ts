import { describe, expect, it } from 'vitest';
import { OFFICE_HOURS, type SchedulePeriod } from '../../../../shared/associates';
import { exceptionDateProblem, isWithinSchedule, localWeekTime, type ScheduleDayException } from './schedule.core';

const weekdays = OFFICE_HOURS;
const saturdayMorning: SchedulePeriod[] = [{ day: 6, from: '08:00', to: '12:30' }];
const allDaySunday: SchedulePeriod[] = [{ day: 7, from: '00:00', to: '24:00' }];

describe('isWithinSchedule', () => {
  it.each<[string, SchedulePeriod[], string, string, boolean]>([
    // 2026-03-02 is a Monday.
    ['Monday 10:00 UTC, office hours in UTC', weekdays, 'UTC', '2026-03-02T10:00:00Z', true],
    ['Monday 09:00 is the first minute', weekdays, 'UTC', '2026-03-02T09:00:00Z', true],
    ['Monday 17:00 is already after', weekdays, 'UTC', '2026-03-02T17:00:00Z', false],
    ['Monday 16:59 is the last minute', weekdays, 'UTC', '2026-03-02T16:59:59Z', true],
    ['Monday 08:59 is before', weekdays, 'UTC', '2026-03-02T08:59:00Z', false],
    ['Saturday is not a weekday', weekdays, 'UTC', '2026-03-07T10:00:00Z', false],
    ['10:00 UTC is 11:00 in Paris in winter', [{ day: 1, from: '11:00', to: '11:30' }], 'Europe/Paris', '2026-03-02T10:00:00Z', true],
    ['10:00 UTC is 12:00 in Paris in summer (daylight saving)', [{ day: 1, from: '12:00', to: '12:30' }], 'Europe/Paris', '2026-07-06T10:00:00Z', true],
    ['the zone moves the day: Monday 02:00 UTC is Sunday evening in New York', allDaySunday, 'America/New_York', '2026-03-02T02:00:00Z', true],
    ['… and Monday morning in Tokyo', weekdays, 'Asia/Tokyo', '2026-03-02T02:00:00Z', true],
    ['Saturday morning, inside', saturdayMorning, 'UTC', '2026-03-07T12:29:00Z', true],
    ['Saturday morning, after', saturdayMorning, 'UTC', '2026-03-07T12:30:00Z', false],
    ['24:00 closes a day that runs to midnight', allDaySunday, 'UTC', '2026-03-08T23:59:00Z', true],
    ['an empty schedule is never', [], 'UTC', '2026-03-02T10:00:00Z', false],
    ['half-hour zones: 10:00 UTC is 15:30 in Kolkata', [{ day: 1, from: '15:30', to: '15:31' }], 'Asia/Kolkata', '2026-03-02T10:00:00Z', true],
  ])('%s', (_, schedule, zone, at, expected) => {
    expect(isWithinSchedule(schedule, zone, new Date(at))).toBe(expected);
  });

  it('reads the local week time of the spring-forward night in Paris', () => {
    // 2026-03-29 01:00 UTC: clocks go from 02:00 to 03:00 local; a Sunday.
    expect(localWeekTime(new Date('2026-03-29T00:59:00Z'), 'Europe/Paris')).toEqual({ day: 7, minutes: 1 * 60 + 59, date: '2026-03-29' });
    expect(localWeekTime(new Date('2026-03-29T01:00:00Z'), 'Europe/Paris')).toEqual({ day: 7, minutes: 3 * 60, date: '2026-03-29' });
  });
});

describe('isWithinSchedule with exceptions', () => {
  const off = (date: string): ScheduleDayException => ({ date, periods: [] });
  const hours = (date: string, from: string, to: string): ScheduleDayException => ({ date, periods: [{ from, to }] });

  it('a day off replaces the week’s periods of that date only', () => {
    // 2026-03-02 is a Monday; 2026-03-03 a Tuesday.
    expect(isWithinSchedule(weekdays, 'UTC', new Date('2026-03-02T10:00:00Z'), [off('2026-03-02')])).toBe(false);
    expect(isWithinSchedule(weekdays, 'UTC', new Date('2026-03-03T10:00:00Z'), [off('2026-03-02')])).toBe(true);
  });

  it('one-off hours replace the week’s periods, even on a day the week has none', () => {
    const saturday = [hours('2026-03-07', '18:00', '20:00')];
    expect(isWithinSchedule(weekdays, 'UTC', new Date('2026-03-07T18:30:00Z'), saturday)).toBe(true);
    expect(isWithinSchedule(weekdays, 'UTC', new Date('2026-03-07T10:00:00Z'), saturday)).toBe(false);
    expect(isWithinSchedule([], 'UTC', new Date('2026-03-07T19:59:00Z'), saturday)).toBe(true);
    // A weekday's usual hours do not also count beside the exception's.
    expect(isWithinSchedule(weekdays, 'UTC', new Date('2026-03-02T10:00:00Z'), [hours('2026-03-02', '13:00', '14:00')])).toBe(false);
  });

  it('the exception’s date is the local date in the associate’s zone', () => {
    // Monday 02:00 UTC is still Sunday 1 March in New York (21:00) and already Monday in Tokyo.
    const at = new Date('2026-03-02T02:00:00Z');
    expect(isWithinSchedule(allDaySunday, 'America/New_York', at, [off('2026-03-02')])).toBe(true);
    expect(isWithinSchedule(allDaySunday, 'America/New_York', at, [off('2026-03-01')])).toBe(false);
    expect(isWithinSchedule(weekdays, 'Asia/Tokyo', at, [off('2026-03-02')])).toBe(false);
  });

  it('keeps wall-clock hours on the spring-forward day in Paris (2026-03-29, 02:00 → 03:00)', () => {
    const day = [hours('2026-03-29', '01:00', '04:00')];
    expect(isWithinSchedule([], 'Europe/Paris', new Date('2026-03-29T00:30:00Z'), day)).toBe(true); // 01:30 CET
    expect(isWithinSchedule([], 'Europe/Paris', new Date('2026-03-29T01:30:00Z'), day)).toBe(true); // 03:30 CEST
    expect(isWithinSchedule([], 'Europe/Paris', new Date('2026-03-29T02:00:00Z'), day)).toBe(false); // 04:00 CEST
    expect(isWithinSchedule([], 'Europe/Paris', new Date('2026-03-28T23:59:00Z'), day)).toBe(false); // 00:59, before
  });

  it('keeps wall-clock hours on the fall-back day in New York (2026-11-01, 02:00 → 01:00)', () => {
    const day = [hours('2026-11-01', '09:00', '17:00')];
    // 09:00 EST is 14:00 UTC that day (it was 13:00 UTC the day before, in EDT).
    expect(isWithinSchedule([], 'America/New_York', new Date('2026-11-01T13:30:00Z'), day)).toBe(false);
    expect(isWithinSchedule([], 'America/New_York', new Date('2026-11-01T14:00:00Z'), day)).toBe(true);
    expect(isWithinSchedule([], 'America/New_York', new Date('2026-11-01T21:59:00Z'), day)).toBe(true);
    expect(isWithinSchedule([], 'America/New_York', new Date('2026-11-01T22:00:00Z'), day)).toBe(false);
  });
});

describe('exceptionDateProblem', () => {
  it.each<[string, string, boolean]>([
    ['2026-03-02', '2026-03-02', true],
    ['2026-03-01', '2026-03-02', false],
    ['2027-03-02', '2026-03-02', true],
    ['2027-03-04', '2026-03-02', false],
  ])('%s when today is %s: allowed %s', (date, today, allowed) => {
    expect(exceptionDateProblem(date, today) === null).toBe(allowed);
  });
});
