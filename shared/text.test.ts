import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isStorableText, text } from './text';

describe('isStorableText', () => {
  it.each([
    ['plain text', 'Noise cancelling', true],
    ['accents and CJK', 'Café 東京', true],
    ['an emoji (a surrogate pair)', 'Tent ⛺ 🏕️', true],
    ['an empty string', '', true],
    ['other control characters', 'a\tb\u0001c', true],
    ['a NUL', 'a\u0000b', false],
    ['a high surrogate alone', 'a\ud800b', false],
    ['a high surrogate at the end', 'a\ud83d', false],
    ['a low surrogate alone', '\udc00a', false],
    ['two high surrogates', '\ud83d\ud83d\ude00', false],
    ['a reversed pair', '\ude00\ud83d', false],
  ])('%s: %s', (_name, s, storable) => expect(isStorableText(s)).toBe(storable));
});

describe('text()', () => {
  it('refuses what Postgres cannot store, with the other checks', () => {
    const title = text().max(5);
    expect(title.safeParse('abc').success).toBe(true);
    expect(title.safeParse('a\u0000').error?.issues.map((i) => i.message)).toEqual(['must not contain a NUL character or a lone UTF-16 surrogate']);
    expect(title.safeParse('abcdef').success).toBe(false);
  });

  it('wraps a string format', () => {
    const url = text(z.url()).max(100);
    expect(url.safeParse('https://shop.example/p/1').success).toBe(true);
    expect(url.safeParse('https://shop.example/p/\ud800').success).toBe(false);
    expect(url.safeParse('not a url').success).toBe(false);
  });
});
