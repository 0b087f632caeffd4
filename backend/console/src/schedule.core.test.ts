import { describe, expect, it } from 'vitest';
import { daysAway, exceptionHours, localDateText } from './schedule.core';

describe('an associate’s schedule exceptions in words', () => {
  it('says a day off, or the one-off hours in order as the server keeps them', () => {
    expect(exceptionHours({ periods: [] })).toBe('Day off');
    expect(exceptionHours({ periods: [{ from: '08:00', to: '09:30' }, { from: '18:00', to: '20:00' }] })).toBe('08:00–09:30, 18:00–20:00');
  });

  it('reads a local date as that calendar day, whatever zone the viewer is in', () => {
    // Midnight UTC would be the evening before in the Americas: the date must not move.
    expect(localDateText('2026-03-03', 'en-GB')).toBe('Tue, 3 Mar 2026');
    expect(localDateText('2026-12-31', 'en-GB')).toBe('Thu, 31 Dec 2026');
    expect(localDateText('not a date', 'en-GB')).toBe('not a date');
  });

  it('counts the days from today in the associate’s zone', () => {
    expect(daysAway('2026-03-03', '2026-03-03')).toBe('today');
    expect(daysAway('2026-03-03', '2026-03-04')).toBe('tomorrow');
    expect(daysAway('2026-03-03', '2026-04-02')).toBe('in 30 days');
    expect(daysAway('2026-03-03', '2026-03-02')).toBe('yesterday');
    expect(daysAway('2026-03-03', '2026-02-24')).toBe('7 days ago');
    expect(daysAway('2026-03-03', 'soon')).toBe('');
  });
});
