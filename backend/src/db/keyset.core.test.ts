import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, keysetPage } from './keyset.core';

const id = '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f';
const raw = (text: string) => Buffer.from(text).toString('base64url');

describe('session list cursor', () => {
  it('decodes what it encoded', () => {
    const position = { lastEventAt: new Date('2026-03-02T10:00:00.123Z'), id };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    ['not base64url', 'nonsense!'],
    ['empty', ''],
    ['longer than any cursor', 'A'.repeat(201)],
    ['no separator', raw(`2026-03-02T10:00:00.000Z${id}`)],
    ['year 0000', raw(`0000-01-01T00:00:00.000Z|${id}`)],
    ['a negative year', raw(`-000001-01-01T00:00:00.000Z|${id}`)],
    ['a six-digit year', raw(`+275760-09-13T00:00:00.000Z|${id}`)],
    ['a date that does not exist', raw(`2026-02-30T10:00:00.000Z|${id}`)],
    ['an hour past 23', raw(`2026-03-02T24:00:00.000Z|${id}`)],
    ['a time with an offset', raw(`2026-03-02T10:00:00.000+01:00|${id}`)],
    ['36 dashes for an id', raw(`2026-03-02T10:00:00.000Z|${'-'.repeat(36)}`)],
    ['an id in capitals', raw(`2026-03-02T10:00:00.000Z|${id.toUpperCase()}`)],
    ['something after the id', raw(`2026-03-02T10:00:00.000Z|${id}|x`)],
    ['a NUL in it', raw(`2026-03-02T10:00:00.000Z|${id}\u0000`)],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x7c]).toString('base64url')],
  ])('refuses %s', (_name, cursor) => expect(decodeCursor(cursor)).toBeNull());

  it.each([
    ['year 0001', `0001-01-01T00:00:00.000Z|${id}`],
    ['year 9999', `9999-12-31T23:59:59.999Z|${id}`],
  ])('takes %s, which Postgres can compare against', (_name, text) => expect(decodeCursor(raw(text))?.id).toBe(id));
});

describe('keyset page', () => {
  const cursorOf = (n: number) => `after-${n}`;

  it('shows the limit and names the last row shown when one more was read', () => {
    expect(keysetPage([1, 2, 3, 4], 3, cursorOf)).toEqual({ shown: [1, 2, 3], next: 'after-3' });
  });

  it.each([
    ['exactly the limit', [1, 2, 3]],
    ['fewer than the limit', [1, 2]],
    ['no rows', []],
  ])('has no next page with %s', (_name, rows) => {
    expect(keysetPage(rows, 3, cursorOf)).toEqual({ shown: rows, next: null });
  });

  it('hands the last row shown, not the extra one, to the cursor', () => {
    const seen: string[] = [];
    keysetPage([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 2, (last) => (seen.push(last.id), last.id));
    expect(seen).toEqual(['b']);
  });
});
