import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { cleanText, clip, hasText, shortText } from './text';

const page = new JSDOM('').window.document;
const fragment = (html: string) => {
  const root = page.createElement('div');
  root.innerHTML = html;
  return root;
};

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

describe('shortText', () => {
  it.each([
    ['<span> 12,99 </span><i>€</i>', 40, '12,99 €'],
    ['<b>Desk</b>\n   <b>lamp</b>', 9, 'Desk lamp'],
    ['<b>Desk</b>\n   <b>lamp</b>', 8, null],
    ['   \n  ', 10, null],
  ])('%j within %i → %j', (html, max, expected) => expect(shortText(fragment(html), max)).toBe(expected));

  it('is cleanText of the whole text when that is short enough, else null, for any text', () => {
    const part = fc.oneof(fc.constantFrom(' ', '\n  ', '\u00a0', 'ab', 'x y', '12,50'), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(fc.array(part, { maxLength: 3 }), { maxLength: 8 }), fc.integer({ min: 0, max: 30 }), (blocks, max) => {
        const root = fragment('');
        for (const texts of blocks) {
          const el = root.appendChild(root.ownerDocument.createElement('span'));
          for (const t of texts) el.appendChild(root.ownerDocument.createTextNode(t));
        }
        const whole = cleanText(root.textContent);
        expect(shortText(root, max)).toBe(whole !== null && whole.length <= max ? whole : null);
        expect(hasText(root)).toBe(whole !== null);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a part its own way (cents in superscript)', () => {
    const cents = (part: Text, before: string) => (part.parentElement?.tagName === 'SUP' && /\d$/.test(before) ? `.${part.data}` : part.data);
    expect(shortText(fragment('173<sup>34</sup> Lei'), 20, cents)).toBe('173.34 Lei');
  });
});
