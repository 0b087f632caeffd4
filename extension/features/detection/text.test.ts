import { describe, expect, it } from 'vitest';
import { cleanText, clip } from './text';

describe('cleanText', () => {
  it.each([
    ['Desk\n\n  Lamp\t', 'Desk Lamp'],
    ['\u00a0Price\u200b', 'Price'],
    [' \n ', null],
    [12.5, '12.5'],
    [null, null],
  ])('%j → %j', (input, expected) => expect(cleanText(input)).toBe(expected));
});

describe('clip', () => {
  it.each([
    ['Desk lamp', 4, 'Desk'],
    ['ab\ud83d\udca1', 3, 'ab'],
    ['short', 10, 'short'],
  ])('%j to %i → %j', (text, max, expected) => expect(clip(text, max)).toBe(expected));
});
