import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { anyCase } from './selector';

describe('anyCase', () => {
  it('writes a case-insensitive match out in the three cases pages use', () => {
    expect(anyCase('div[class*="buy" i], a')).toBe('div[class*="buy"], div[class*="Buy"], div[class*="BUY"], a');
    expect(anyCase('[id*="stock" i]')).toBe('[id*="stock"], [id*="Stock"], [id*="STOCK"]');
  });

  it('expands every caseless part of a complex selector, and leaves the rest alone', () => {
    expect(anyCase('li > [class*="a" i][id^="b" i]').split(', ')).toHaveLength(4); // "a"/"A" × "b"/"B"
    expect(anyCase('a[href], :is(b, i)')).toBe('a[href], :is(b, i)');
    expect(anyCase('meta[property="og:title"]')).toBe('meta[property="og:title"]');
  });

  it('matches what the flag matched, in the cases pages write', () => {
    const doc = new JSDOM('<p class="product-price"></p><p class="ProductPrice"></p><p class="PRICE_NOW"></p><p class="cost"></p>').window.document;
    const flag = Array.from(doc.querySelectorAll('[class*="price" i]'));
    expect(Array.from(doc.querySelectorAll(anyCase('[class*="price" i]')))).toEqual(flag);
    expect(flag).toHaveLength(3);
  });
});
