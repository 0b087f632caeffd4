import { describe, expect, it } from 'vitest';
import { OFFICE_HOURS, type SchedulePeriod } from '../../../../shared/associates';
import { isWithinSchedule, localWeekTime } from './schedule.core';

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
    expect(localWeekTime(new Date('2026-03-29T00:59:00Z'), 'Europe/Paris')).toEqual({ day: 7, minutes: 1 * 60 + 59 });
    expect(localWeekTime(new Date('2026-03-29T01:00:00Z'), 'Europe/Paris')).toEqual({ day: 7, minutes: 3 * 60 });
  });
});
