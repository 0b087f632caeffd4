import { describe, expect, it } from 'vitest';
import { currentCursor, FIRST_PAGE, nextPage, pageNumber, previousPage } from './pager.core';
import { eventsPerMinute } from './session.core';
import { nextTheme, readTheme, shownTheme } from './theme.core';

describe('cursor paging', () => {
  it('goes forward with the server’s cursor and back without asking it', () => {
    const two = nextPage(FIRST_PAGE, 'c1');
    const three = nextPage(two, 'c2');
    expect([pageNumber(three), currentCursor(three)]).toEqual([3, 'c2']);
    expect(currentCursor(previousPage(three))).toBe('c1');
    expect(currentCursor(previousPage(previousPage(three)))).toBeNull();
    expect(previousPage(FIRST_PAGE)).toBe(FIRST_PAGE);
    expect(nextPage(three, null)).toBe(three);
  });
});

describe('the theme', () => {
  it('follows the system until chosen; the toggle picks the other and then the system again', () => {
    expect(readTheme(null)).toBe('system');
    expect(readTheme('nonsense')).toBe('system');
    expect(shownTheme('system', true)).toBe('dark');
    expect(nextTheme('system', true)).toBe('light');
    expect(nextTheme('system', false)).toBe('dark');
    expect(nextTheme('dark', false)).toBe('system');
  });
});

describe('events per minute', () => {
  it('counts every minute from the first to the last, empty ones as 0', () => {
    const at = (m: number, s = 0) => new Date(Date.UTC(2026, 0, 1, 10, m, s)).toISOString();
    expect(eventsPerMinute([at(0, 5), at(0, 40), at(2, 1)])).toEqual({ x: [0, 1, 2].map((i) => Date.UTC(2026, 0, 1, 10, i) / 1000), counts: [2, 0, 1] });
    expect(eventsPerMinute([])).toEqual({ x: [], counts: [] });
  });
});
