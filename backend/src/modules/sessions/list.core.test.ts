import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../db/keyset.core';
import { containsPattern, decodeSortCursor, encodeSortCursor, SESSION_SORTS } from './list.core';

const id = '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f';
const raw = (text: string) => Buffer.from(text).toString('base64url');

describe('session list sorts and cursors', () => {
  it.each([
    { sort: 'lastActivity', key: new Date('2026-03-02T10:00:00.123Z'), id },
    { sort: 'started', key: new Date('2026-03-02T10:00:00.000Z'), id },
    { sort: 'duration', key: 0, id },
    { sort: 'duration', key: 1_800_000, id },
    { sort: 'cartValue', key: '1299.5', id },
    { sort: 'cartValue', key: '0', id },
  ] as const)('decodes what it encoded for $sort', (p) => {
    expect(decodeSortCursor(p.sort, encodeSortCursor(p))).toEqual(p);
  });

  it('keeps the cursor GET /api/v1/sessions always handed out for the default sort', () => {
    const at = new Date('2026-03-02T10:00:00.123Z');
    expect(encodeSortCursor({ sort: 'lastActivity', key: at, id })).toBe(encodeCursor({ lastEventAt: at, id }));
  });

  it('refuses a cursor made for another sort', () => {
    const started = encodeSortCursor({ sort: 'started', key: new Date('2026-03-02T10:00:00.000Z'), id });
    for (const sort of SESSION_SORTS) if (sort !== 'started') expect(decodeSortCursor(sort, started)).toBeNull();
    const duration = encodeSortCursor({ sort: 'duration', key: 5, id });
    expect(decodeSortCursor('cartValue', duration)).toBeNull();
  });

  it.each([
    ['duration', raw(`duration~-5|${id}`)],
    ['duration', raw(`duration~1.5|${id}`)],
    ['duration', raw(`duration~0012|${id}`)],
    ['duration', raw(`duration~12|${id}|x`)],
    ['cartValue', raw(`cartValue~1e5|${id}`)],
    ['cartValue', raw(`cartValue~NaN|${id}`)],
    ['cartValue', raw(`cartValue~12|${id.toUpperCase()}`)],
    ['started', raw(`started~2026-02-30T10:00:00.000Z|${id}`)],
    ['started', 'nonsense!'],
  ] as const)('refuses a damaged %s cursor', (sort, cursor) => expect(decodeSortCursor(sort, cursor)).toBeNull());

  it('searches for the text as typed, wildcards included', () => {
    expect(containsPattern('Sony WH')).toBe('%sony wh%');
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});
