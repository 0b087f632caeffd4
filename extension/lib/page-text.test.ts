import { describe, expect, it } from 'vitest';
import { isStorableText } from '../../shared/text';
import { pageText, withPageText } from './page-text';

describe('pageText', () => {
  it.each([
    { name: 'plain text as it is', text: 'Trail Tent 2P', max: undefined, out: 'Trail Tent 2P' },
    { name: 'a NUL out', text: 'Trail\u0000 Tent', max: undefined, out: 'Trail Tent' },
    { name: 'other C0 controls out', text: '\u0001Bell\u0007\u001b[0m', max: undefined, out: 'Bell[0m' },
    { name: 'DEL and C1 controls out', text: 'a\u007fb\u0085c\u009fd', max: undefined, out: 'abcd' },
    { name: 'tabs and line breaks as spaces', text: 'a\tb\nc\r\nd', max: undefined, out: 'a b c  d' },
    { name: 'a lone high surrogate out', text: 'ab\ud800cd', max: undefined, out: 'abcd' },
    { name: 'a lone low surrogate out', text: '\udc00abc', max: undefined, out: 'abc' },
    { name: 'halves in the wrong order out', text: 'x\udc00\ud800y', max: undefined, out: 'xy' },
    { name: 'pairs kept', text: 'Zelt ⛺ 😀 𝔸', max: undefined, out: 'Zelt ⛺ 😀 𝔸' },
    { name: 'zero-width and bidi marks kept (not controls)', text: 'a\u200bb\u200ec', max: undefined, out: 'a\u200bb\u200ec' },
    { name: 'cut at max code units', text: 'abcdef', max: 3, out: 'abc' },
    { name: 'not cut when it fits', text: 'abc', max: 3, out: 'abc' },
    { name: 'cut before a pair that would be split', text: 'ab😀', max: 3, out: 'ab' },
    { name: 'cut after a pair that fits', text: 'ab😀c', max: 4, out: 'ab😀' },
    { name: 'a pair alone, max 1', text: '😀', max: 1, out: '' },
    { name: 'max 0', text: 'abc', max: 0, out: '' },
    { name: 'cut after cleaning, not before', text: '\u0000\u0000abc', max: 3, out: 'abc' },
    { name: 'empty', text: '', max: 10, out: '' },
  ])('$name', ({ text, max, out }) => {
    const result = pageText(text, max);
    expect(result).toBe(out);
    expect(isStorableText(result)).toBe(true);
  });

  it('never leaves what the backend refuses, whatever the text and the cut', () => {
    const pieces = ['a', '\u0000', '\ud800', '\udc00', '😀', '\u0007', ' ', 'é'];
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: (i % 9) + 1 }, (_, k) => pieces[(i * 7 + k * 13) % pieces.length]).join('');
      for (let max = 0; max <= text.length; max++) {
        const result = pageText(text, max);
        expect(isStorableText(result) && result.length <= max && !/[\u0000-\u001f]/.test(result)).toBe(true);
      }
    }
  });
});

describe('withPageText', () => {
  it('cleans every string of an event, at any depth, and leaves the rest', () => {
    const event = {
      type: 'cart_view',
      items: [{ name: 'Tent\u0000', quantity: 2, sku: 'T\ud800-1' }],
      value: '10.00',
      flags: [true, null],
    };
    expect(withPageText(event)).toEqual({
      type: 'cart_view',
      items: [{ name: 'Tent', quantity: 2, sku: 'T-1' }],
      value: '10.00',
      flags: [true, null],
    });
  });
});
