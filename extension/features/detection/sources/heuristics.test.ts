import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../../lib/testing/html-page';
import { brandBeforeName, mainHeading, specTable } from './heuristics';

describe('visible-page heuristics', () => {
  it('reads identifiers from a spec table or list', () => {
    const doc = htmlPage(`<table><tr><th>Brand</th><td>Acme</td></tr><tr><th>EAN</th><td>4006381 333931</td></tr></table>
      <dl><dt>Art.-Nr.</dt><dd>X2-BLK</dd></dl><ul><li><span>Manufacturer : </span><span>Ignored, brand known</span></li><li><b>MPN:</b> X2</li></ul>`);
    // The SKU is the code the page shows (identifiers.ts), read once for all sources.
    expect(specTable(doc)).toEqual({ brand: 'Acme', gtin: '4006381333931', mpn: 'X2' });
  });

  it('takes the main h1 outside the page header, or the marked one', () => {
    expect(mainHeading(htmlPage('<header><h1>Shop</h1></header><main><h1>Desk Lamp</h1></main>'))).toBe('Desk Lamp');
    expect(mainHeading(htmlPage('<h1>Cart is empty</h1><h1 itemprop="name">Desk Lamp</h1>'))).toBe('Desk Lamp');
    expect(mainHeading(htmlPage('<header><h1>Desk Lamp</h1></header>'))).toBe('Desk Lamp');
  });

  it('does not take the shop name at the start of the title for the brand', () => {
    const doc = htmlPage('<h1>Beef jerky</h1><div><span class="price">NT$990</span><button>Buy now</button></div>', '<title>i3Fresh Market - Beef jerky</title>');
    expect(brandBeforeName(doc, 'Beef jerky', new URL('https://i3fresh.tw/favorable_1.html'))).toBeNull();
    expect(brandBeforeName(doc, 'Beef jerky', new URL('https://other.example/p/1'))).toBe('i3Fresh Market');
  });
});
