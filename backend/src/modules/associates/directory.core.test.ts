import { describe, expect, it } from 'vitest';
import { categoryKey, conversionOf, decodeListingCursor, encodeListingCursor, parseCategoryFilter } from './directory.core';

describe('the directory’s category filter', () => {
  it('reads a path typed with ">"', () => {
    expect(parseCategoryFilter(' Audio >Headphones > ')).toEqual(['Audio', 'Headphones']);
  });

  it('makes keys where covering is a prefix, case aside, and a word is not a part', () => {
    const audio = categoryKey(['Audio']);
    expect(categoryKey(['audio', 'Headphones']).startsWith(audio)).toBe(true);
    expect(categoryKey(['Audiobooks']).startsWith(audio)).toBe(false);
  });
});

describe('the directory’s cursor', () => {
  const position = { name: 'Ivy “the closer” Moreau', id: '00000000-0000-4000-8000-000000000001' };
  it('gives back the position it names', () => {
    expect(decodeListingCursor(encodeListingCursor(position))).toEqual(position);
  });
  it.each(['', 'not a cursor', Buffer.from('["x","not-a-uuid"]').toString('base64url'), Buffer.from('{}').toString('base64url'), `${encodeListingCursor(position)}=`])(
    'refuses %j',
    (cursor) => {
      expect(decodeListingCursor(cursor)).toBeNull();
    },
  );
});

describe('conversion', () => {
  it('is sales per outcome, or null without outcomes', () => {
    expect(conversionOf(0, 0)).toBeNull();
    expect(conversionOf(3, 1)).toBe(0.333);
  });
});
