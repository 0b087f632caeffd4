import { describe, expect, it } from 'vitest';
import {
  accreditationRows,
  categoryText,
  directoryQuery,
  filtered,
  invitationsInOrder,
  inviteeOf,
  mayInvite,
  NO_FILTERS,
  recordLines,
  requiredTestText,
  rowsOf,
  standingOf,
  testProgressOf,
} from './independents.core';

describe('the directory filters as a query', () => {
  it('leaves blanks out and keeps the page size and cursor', () => {
    expect(directoryQuery(NO_FILTERS, 25, null)).toEqual({ limit: 25 });
    expect(directoryQuery(NO_FILTERS, 25, 'abc')).toEqual({ limit: 25, after: 'abc' });
  });
  it('writes the category as the server reads it, the language lower-cased, the level as a number', () => {
    expect(directoryQuery({ category: ' Audio>Headphones ', minLevel: '3', language: 'DE ', timezone: ' Europe/Berlin' }, 10, null)).toEqual({
      limit: 10,
      category: 'Audio > Headphones',
      minLevel: 3,
      language: 'de',
      timezone: 'Europe/Berlin',
    });
  });
  it('drops a level outside 1 to 5 rather than send a refused query', () => {
    expect(directoryQuery({ ...NO_FILTERS, minLevel: '7' }, 25, null)).toEqual({ limit: 25 });
    expect(directoryQuery({ ...NO_FILTERS, minLevel: '2.5' }, 25, null)).toEqual({ limit: 25 });
  });
  it('joins the parts of a category and drops empty ones', () => {
    expect(categoryText('Audio >> Headphones > ')).toBe('Audio > Headphones');
    expect(categoryText('  ')).toBe('');
  });
  it('knows whether anything filters', () => {
    expect(filtered(NO_FILTERS)).toBe(false);
    expect(filtered({ ...NO_FILTERS, language: 'fr' })).toBe(true);
    expect(filtered({ ...NO_FILTERS, language: '  ' })).toBe(false);
  });
});

describe('the enterprise’s standing with an independent', () => {
  it('is admitted while in the pool, else the invitation’s status, else none', () => {
    expect(standingOf({ admitted: true, invitation: 'accepted' })).toBe('admitted');
    expect(standingOf({ admitted: false, invitation: 'invited' })).toBe('invited');
    expect(standingOf({ admitted: false, invitation: 'declined' })).toBe('declined');
    expect(standingOf({ admitted: false, invitation: null })).toBe('none');
  });
  it('allows an invitation unless one waits or they are admitted', () => {
    expect(mayInvite({ admitted: false, invitation: null })).toBe(true);
    expect(mayInvite({ admitted: false, invitation: 'declined' })).toBe(true);
    expect(mayInvite({ admitted: false, invitation: 'withdrawn' })).toBe(true);
    expect(mayInvite({ admitted: false, invitation: 'invited' })).toBe(false);
    expect(mayInvite({ admitted: true, invitation: 'accepted' })).toBe(false);
  });
});

describe('the record in words', () => {
  it('says plainly what the counts are', () => {
    expect(recordLines({ outcomes: 0, sales: 0, conversion: null })).toEqual({ counts: 'no outcomes yet', share: null });
    expect(recordLines({ outcomes: 1, sales: 1, conversion: 1 })).toEqual({ counts: '1 outcome, 1 sale', share: '100 % converted' });
    expect(recordLines({ outcomes: 12, sales: 3, conversion: 0.25 })).toEqual({ counts: '12 outcomes, 3 sales', share: '25 % converted' });
  });
});

describe('accreditations by source', () => {
  const earned = [
    { category: ['TV'], level: 4, expiresAt: '2027-01-01T00:00:00.000Z', source: 'marketplace_test' as const },
    { category: ['Audio', 'Headphones'], level: 3, expiresAt: '2027-02-01T00:00:00.000Z', source: 'enterprise_test' as const },
    { category: ['Audio'], level: 5, expiresAt: '2027-03-01T00:00:00.000Z', source: 'marketplace_test' as const },
  ];
  const grants = [{ category: ['TV', 'OLED'], level: 2, expiresAt: null }];
  it('puts grants, then our tests, then marketplace tests, each by category', () => {
    const rows = accreditationRows(grants, earned);
    expect(rows.map((r) => [r.source, r.category, r.level])).toEqual([
      ['grant', 'TV › OLED', 2],
      ['enterprise_test', 'Audio › Headphones', 3],
      ['marketplace_test', 'Audio', 5],
      ['marketplace_test', 'TV', 4],
    ]);
    expect(rowsOf(rows, 'marketplace_test')).toHaveLength(2);
    expect(rowsOf(rows, 'grant')[0]!.expiresAt).toBeNull();
  });
  it('shows the higher level first within one category and source', () => {
    const rows = accreditationRows([], [
      { category: ['Audio'], level: 2, expiresAt: 'x', source: 'marketplace_test' },
      { category: ['Audio'], level: 4, expiresAt: 'y', source: 'marketplace_test' },
    ]);
    expect(rows.map((r) => r.level)).toEqual([4, 2]);
  });
  it('takes an associate’s test accreditations as the associates list gives them', () => {
    const tests = [{ bankId: 'b', title: 'OLED TVs', category: ['TV', 'OLED'], level: 4, source: 'marketplace_test' as const, earnedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z' }];
    expect(accreditationRows([], tests)).toEqual([{ source: 'marketplace_test', category: 'TV › OLED', level: 4, expiresAt: '2027-01-01T00:00:00.000Z' }]);
  });
});

describe('the invitations the enterprise made', () => {
  const base = { email: null, associate: null, requiredTest: null, answeredAt: null };
  it('names the invitee, else the address typed', () => {
    expect(inviteeOf({ associate: { id: '1', displayName: 'Inès' }, email: null })).toBe('Inès');
    expect(inviteeOf({ associate: null, email: 'kofi@indie.example' })).toBe('kofi@indie.example');
  });
  it('says the required test in words', () => {
    expect(requiredTestText(null)).toBe('none');
    expect(requiredTestText({ bankId: 'b', title: 'Volt audio basics', category: ['Audio', 'Headphones'], level: 3, passed: false, passedAt: null })).toBe(
      'Volt audio basics (Audio › Headphones, level 3)',
    );
  });
  it('says whether the invitee has passed the required test yet', () => {
    const test = { bankId: 'b', title: 'Volt audio basics', category: ['Audio'], level: 3 };
    expect(testProgressOf({ status: 'invited', requiredTest: null })).toBeNull();
    expect(testProgressOf({ status: 'invited', requiredTest: { ...test, passed: false, passedAt: null } })).toBe('waiting');
    expect(testProgressOf({ status: 'invited', requiredTest: { ...test, passed: true, passedAt: '2026-03-02T10:00:00.000Z' } })).toBe('passed');
    expect(testProgressOf({ status: 'accepted', requiredTest: { ...test, passed: true, passedAt: '2026-03-02T10:00:00.000Z' } })).toBe('passed');
    // Accepted once with a pass that has expired since, or declined without ever passing.
    expect(testProgressOf({ status: 'accepted', requiredTest: { ...test, passed: false, passedAt: null } })).toBe('lapsed');
    expect(testProgressOf({ status: 'declined', requiredTest: { ...test, passed: false, passedAt: null } })).toBe('lapsed');
  });
  it('lists waiting invitations first, then the latest', () => {
    const list = [
      { ...base, status: 'accepted' as const, invitedAt: '2026-01-03' },
      { ...base, status: 'invited' as const, invitedAt: '2026-01-01' },
      { ...base, status: 'declined' as const, invitedAt: '2026-01-04' },
      { ...base, status: 'invited' as const, invitedAt: '2026-01-02' },
    ];
    expect(invitationsInOrder(list).map((a) => `${a.status} ${a.invitedAt}`)).toEqual(['invited 2026-01-02', 'invited 2026-01-01', 'declined 2026-01-04', 'accepted 2026-01-03']);
  });
});
