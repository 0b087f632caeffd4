import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalUrl, checkDetectedPrice, indexCatalog, nameTokens, priceToPay, resolve, type DetectedProduct, type Resolvable } from './resolve.core';

describe('canonical page addresses', () => {
  it.each<[string, string | null]>([
    ['https://shop.example/p/mug', 'shop.example/p/mug'],
    ['https://WWW.Shop.Example/p/mug/', 'shop.example/p/mug'],
    ['http://shop.example/p/mug#reviews', 'shop.example/p/mug'],
    ['https://shop.example/p/mug?utm_source=news&utm_medium=mail&gclid=x&fbclid=y&srsltid=z', 'shop.example/p/mug'],
    ['https://shop.example/p/mug?variant=2&colour=blue&utm_campaign=x', 'shop.example/p/mug?colour=blue&variant=2'],
    ['https://shop.example/', 'shop.example'],
    ['https://shop.example:8443/p/Mug', 'shop.example:8443/p/Mug'],
    ['https://shop.example:443/p/mug', 'shop.example/p/mug'],
    ['  https://shop.example/p/mug  ', 'shop.example/p/mug'],
    ['javascript:alert(1)', null],
    ['/p/mug', null],
    ['not a url', null],
  ])('%s → %s', (href, canonical) => expect(canonicalUrl(href)).toBe(canonical));

  it('gives one address for every spelling of a page that differs only in what it ignores', () => {
    const path = fc.array(fc.stringMatching(/^[a-z0-9-]{1,8}$/), { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
    const params = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9]{0,6}$/)), { selector: ([name]) => name, maxLength: 4 });
    fc.assert(
      fc.property(path, params, fc.boolean(), fc.boolean(), fc.boolean(), (p, kept, www, slash, https) => {
        const own = kept.filter(([name]) => !/^(ref|spm|trk|campaign|affiliate|referrer)$/.test(name));
        const plain = `https://shop.example${p}${own.length ? `?${new URLSearchParams(own)}` : ''}`;
        const query = new URLSearchParams([...[...own].reverse(), ['utm_source', 'x'], ['gclid', 'y']]);
        const spelled = `${https ? 'https' : 'http'}://${www ? 'WWW.' : ''}Shop.Example${p}${slash ? '/' : ''}?${query}#top`;
        expect(canonicalUrl(spelled)).toBe(canonicalUrl(plain));
      }),
    );
  });
});

describe('name tokens', () => {
  it.each([
    ['Crème-Brûlée 2L', ['creme', 'brulee', '2l']],
    ['Sony WH-1000XM5, Black', ['sony', 'wh', '1000xm5', 'black']],
    ['ＳＯＮＹ', ['sony']],
    ['  ', []],
  ])('%s', (text, tokens) => expect(nameTokens(text)).toEqual(tokens));
});

interface Row extends Resolvable {
  id: string;
}
const catalog: Row[] = [
  { id: 'r1', sku: 'WH-1000-B', gtin: '0027242923782', mpn: 'WH1000XM5/B', name: 'WH-1000XM5 Wireless Headphones Black', brand: 'Sony', url: 'https://shop.example/p/wh-1000?variant=black' },
  { id: 'r2', sku: 'WH-1000-S', gtin: null, mpn: 'WH1000XM5/S', name: 'WH-1000XM5 Wireless Headphones Silver', brand: 'Sony', url: 'https://shop.example/p/wh-1000?variant=silver' },
  { id: 'r3', sku: 'QC-45', gtin: '017817835022', mpn: '866724-0100', name: 'QuietComfort 45 Headphones', brand: 'Bose', url: 'https://shop.example/p/qc-45' },
  { id: 'r4', sku: 'MUG-1', name: 'Stoneware Mug 350 ml Blue', brand: 'Hay', url: 'https://shop.example/p/mug', otherUrls: ['https://m.shop.example/mug'] },
  { id: 'r5', sku: 'MUG-2', name: 'Stoneware Mug 350 ml Green', brand: 'Hay', url: 'https://shop.example/p/mug' },
  { id: 'r6', sku: 'TEE-1', name: 'Organic Cotton T-Shirt', brand: 'Patagonia', url: 'https://shop.example/p/tee' },
  { id: 'r7', sku: 'TEE-2', name: 'Organic Cotton T-Shirt', brand: 'Patagonia', url: 'https://shop.example/p/tee-2' },
  { id: 'r8', sku: 'CABLE', mpn: 'X-1', name: 'USB-C Cable 2 m', brand: 'Anker', url: 'https://shop.example/p/cable-anker' },
  { id: 'r9', sku: 'CABLE-B', mpn: 'X-1', name: 'USB-C Cable 1 m', brand: 'Belkin', url: 'https://shop.example/p/cable-belkin' },
];
const index = indexCatalog(catalog);
const page = (p: Partial<DetectedProduct>): DetectedProduct => ({ url: 'https://other.example/unknown', name: 'Unrelated thing', ...p });
const outcome = (p: Partial<DetectedProduct>) => {
  const r = resolve(index, page(p));
  return r.how === 'none' ? ['none'] : r.how === 'ambiguous' ? ['ambiguous', r.by, r.candidates.map((c) => c.id)] : [r.how, r.item.id];
};

describe('resolving a detected product to its catalogue item', () => {
  it.each<[string, Partial<DetectedProduct>, unknown[]]>([
    ['by its page, spelt otherwise', { url: 'http://www.shop.example/p/qc-45/?utm_source=ad#specs' }, ['url', 'r3']],
    ['by another page the item lists', { url: 'https://m.shop.example/mug?gclid=1', sku: 'MUG-1' }, ['url', 'r4']],
    ['by its page over a SKU that says otherwise (the page is surer)', { url: 'https://shop.example/p/qc-45', sku: 'MUG-1' }, ['url', 'r3']],
    ['by the SKU where the page is unknown, case aside', { sku: 'wh-1000-s' }, ['sku', 'r2']],
    ['by the GTIN, a UPC-A given as its EAN-13', { gtin: '0017817835022' }, ['gtin', 'r3']],
    ['by the GTIN with the spaces a page puts in', { gtin: '0 27242 92378 2' }, ['gtin', 'r1']],
    ['not by a GTIN with a wrong check digit', { gtin: '0027242923783' }, ['none']],
    ['by the MPN within the brand', { mpn: 'x-1', brand: 'Belkin' }, ['mpn', 'r9']],
    ['not by an MPN two brands share, without a brand', { mpn: 'X-1' }, ['ambiguous', 'mpn', ['r8', 'r9']]],
    ['by name and brand, words in another order and case', { name: 'Sony Wireless Headphones WH-1000XM5 — black', brand: 'SONY' }, ['name', 'r1']],
    ['by name alone when the brand is in it', { name: 'Bose QuietComfort 45 headphones' }, ['name', 'r3']],
    ['not by a name of another brand', { name: 'QuietComfort 45 Headphones', brand: 'Sony' }, ['none']],
    ['not by a name too unlike any', { name: 'Headphones' }, ['none']],
    ['not by a name two items share', { name: 'Organic Cotton T-Shirt', brand: 'Patagonia' }, ['ambiguous', 'name', ['r6', 'r7']]],
    ['a page of two variants: the SKU chooses', { url: 'https://shop.example/p/mug', sku: 'MUG-2' }, ['url', 'r5']],
    ['a page of two variants: the name chooses', { url: 'https://shop.example/p/mug', name: 'Hay Stoneware Mug 350 ml, Green' }, ['url', 'r5']],
    ['a page of two variants and nothing to choose', { url: 'https://shop.example/p/mug', name: 'Mug' }, ['ambiguous', 'url', ['r4', 'r5']]],
    ['nothing known', {}, ['none']],
  ])('%s', (_name, detected, expected) => expect(outcome(detected)).toEqual(expected));

  it('scores an identifier 1 and a name by its similarity', () => {
    expect(resolve(index, page({ sku: 'QC-45' }))).toMatchObject({ how: 'sku', score: 1 });
    const byName = resolve(index, page({ name: 'Bose QuietComfort 45 headphones' }));
    expect(byName.how === 'name' && byName.score).toBeGreaterThan(0.7);
  });

  it('resolves every item of a generated catalogue by each of its identifiers and by its own name', () => {
    const item = fc.record({ sku: fc.stringMatching(/^[A-Z0-9]{3,10}$/), name: fc.stringMatching(/^[a-z]{3,8}( [a-z]{3,8}){1,4}$/), slug: fc.stringMatching(/^[a-z0-9]{3,10}$/) });
    fc.assert(
      fc.property(
        fc.uniqueArray(item, { selector: (i) => i.sku, minLength: 1, maxLength: 30 }).filter((items) => new Set(items.map((i) => i.slug)).size === items.length && new Set(items.map((i) => i.name)).size === items.length),
        fc.nat(),
        (items, pick) => {
          const rows = items.map((i) => ({ sku: i.sku, name: i.name, url: `https://shop.example/p/${i.slug}` }));
          const index = indexCatalog(rows);
          const chosen = rows[pick % rows.length]!;
          expect(resolve(index, { url: `${chosen.url}/?utm_source=x`, name: 'x' })).toMatchObject({ how: 'url', item: chosen });
          expect(resolve(index, { url: 'https://elsewhere.example/', sku: chosen.sku.toLowerCase(), name: 'x' })).toMatchObject({ how: 'sku', item: chosen });
          const byName = resolve(index, { url: 'https://elsewhere.example/', name: chosen.name });
          // Its own name finds it, or names it among the candidates when another item's name is much the same.
          if (byName.how === 'ambiguous') expect(byName.candidates).toContain(chosen);
          else expect(byName).toMatchObject({ how: 'name', item: chosen });
        },
      ),
    );
  });
});

describe('the price the shopper pays', () => {
  const prices = { currency: 'EUR', price: 12_50, salePrice: 9_99, saleStartsAt: 1_000, saleEndsAt: 2_000 };
  it.each<[string, Parameters<typeof priceToPay>[0], number, number, boolean]>([
    ['before the sale', prices, 999, 12_50, false],
    ['as the sale starts', prices, 1_000, 9_99, true],
    ['during the sale', prices, 1_999, 9_99, true],
    ['as the sale ends', prices, 2_000, 12_50, false],
    ['a sale without dates', { currency: 'EUR', price: 12_50, salePrice: 9_99 }, 0, 9_99, true],
    ['no sale price', { currency: 'EUR', price: 12_50, salePrice: null }, 0, 12_50, false],
  ])('%s', (_name, facts, at, amount, onSale) => expect(priceToPay(facts, at)).toEqual({ amount, currency: 'EUR', onSale }));
});

describe('the price detection read, against the catalogue’s', () => {
  const onSale = { currency: 'EUR', price: 12_50, salePrice: 9_99, saleStartsAt: 1_000, saleEndsAt: 2_000 };
  it.each<[string, Parameters<typeof checkDetectedPrice>[1], number, string]>([
    ['the sale price during the sale', { price: '9.99', currency: 'EUR' }, 1_500, 'pays'],
    ['the same amount written otherwise', { price: '9.990', currency: 'EUR' }, 1_500, 'pays'],
    ['the list price during the sale: the struck-through one', { price: '12.50', currency: 'EUR' }, 1_500, 'list_price'],
    ['the list price after the sale', { price: '12.50', currency: 'EUR' }, 2_000, 'pays'],
    ['the sale price after the sale', { price: '9.99', currency: 'EUR' }, 2_000, 'other'],
    ['a price for three', { price: '29.97', currency: 'EUR' }, 1_500, 'other'],
    ['another currency', { price: '9.99', currency: 'USD' }, 1_500, 'unknown'],
    ['no price', { price: null, currency: 'EUR' }, 1_500, 'unknown'],
    ['more decimals than the currency has', { price: '9.991', currency: 'EUR' }, 1_500, 'unknown'],
  ])('%s', (_name, detected, at, check) => expect(checkDetectedPrice(onSale, detected, at)).toBe(check));
});
