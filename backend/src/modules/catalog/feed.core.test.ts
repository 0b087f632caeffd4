import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogProduct, MAX_CATALOG_BATCH, type CatalogProductInput, type RefusedRow } from '../../../../shared/catalog';
import { writeCsv } from './csv.core';
import { catalogCsv, epochMs, productsFromCsv, productsFromJson, productsFromMerchantFeed, type BatchRead } from './feed.core';

const minimal: CatalogProductInput = { sku: 'WH-1000', name: 'Wireless headphones', currency: 'USD', price: 34900, availability: 'in_stock', url: 'https://shop.example/p/wh-1000' };
const product = (p: Partial<CatalogProductInput> = {}) => CatalogProduct.parse({ ...minimal, ...p });

const batch = (read: BatchRead) => {
  if (!read.ok) throw new Error(`${read.code}: ${read.message}`);
  return read;
};
/** The problems of a batch as [row, field, code]. */
const problems = (read: BatchRead) => batch(read).refused.map((r: RefusedRow) => [r.row, r.field, r.code]);

describe('products from JSON items', () => {
  it('takes a whole product, and fills what a minimal one leaves out', () => {
    const full: CatalogProductInput = {
      ...minimal,
      gtin: '4006381333931',
      mpn: 'WH1000XM5/B',
      description: 'Over-ear, 30 hours.',
      brand: 'Sony',
      category: ['Audio', 'Headphones'],
      salePrice: 29900,
      saleStartsAt: 1_764_000_000_000,
      saleEndsAt: 1_765_000_000_000,
      stock: 12,
      otherUrls: ['https://m.shop.example/p/wh-1000'],
      image: 'https://cdn.shop.example/wh.jpg',
      itemGroupId: 'WH',
      attributes: { colour: 'Black' },
      related: { accessories: ['CASE-1'], alternatives: ['WH-900'], bundles: [] },
    };
    const read = batch(productsFromJson([full, minimal].map((p, i) => ({ ...p, sku: `S-${i}` }))));
    expect(read.refused).toEqual([]);
    expect(read.products[0]).toEqual({ ...full, sku: 'S-0' });
    expect(read.products[1]).toMatchObject({ gtin: null, brand: null, salePrice: null, stock: null, category: [], otherUrls: [], attributes: {}, related: { accessories: [], alternatives: [], bundles: [] } });
  });

  it.each<[string, unknown, [number, string, string][]]>([
    ['a GTIN with a wrong check digit', { gtin: '4006381333932' }, [[1, 'gtin', 'invalid_gtin']]],
    ['a GTIN of 11 digits', { gtin: '12345678901' }, [[1, 'gtin', 'invalid_gtin']]],
    ['a javascript: URL', { url: 'javascript:alert(1)' }, [[1, 'url', 'invalid_url']]],
    ['an ftp image', { image: 'ftp://shop.example/a.jpg' }, [[1, 'image', 'invalid_url']]],
    ['a price as a float', { price: 349.5 }, [[1, 'price', 'invalid']]],
    ['a price as a decimal string', { price: '349.00' }, [[1, 'price', 'invalid']]],
    ['a negative price', { price: -1 }, [[1, 'price', 'invalid']]],
    ['a sale price above the list price', { salePrice: 40000 }, [[1, 'salePrice', 'sale_above_price']]],
    ['a sale ending before it starts', { saleStartsAt: 2000, saleEndsAt: 1000 }, [[1, 'saleEndsAt', 'sale_ends_before_start']]],
    ['a currency ISO does not know', { currency: 'XYZ' }, [[1, 'currency', 'unknown_currency']]],
    ['gold as a currency', { currency: 'XAU' }, [[1, 'currency', 'unknown_currency']]],
    ['a currency in small letters', { currency: 'usd' }, [[1, 'currency', 'invalid']]],
    ['no name', { name: undefined }, [[1, 'name', 'required']]],
    ['a blank name', { name: '   ' }, [[1, 'name', 'invalid']]],
    ['a NUL in the name', { name: 'Mug\u0000' }, [[1, 'name', 'invalid']]],
    ['a name of 501 characters', { name: 'x'.repeat(501) }, [[1, 'name', 'too_long']]],
    ['an availability Google does not have', { availability: 'InStock' }, [[1, 'availability', 'not_allowed']]],
    ['a blank accessory SKU', { related: { accessories: ['A', ' '] } }, [[1, 'related.accessories.1', 'invalid']]],
    ['a stock of 2.5', { stock: 2.5 }, [[1, 'stock', 'invalid']]],
    ['a field it does not know (a misspelt sale price)', { salesPrice: 29900 }, [[1, 'salesPrice', 'unknown_field']]],
    ['a kind of related product it does not know', { related: { spares: ['A'] } }, [[1, 'related.spares', 'unknown_field']]],
    ['two problems, both reported', { gtin: '1', url: 'data:text/html,x' }, [[1, 'gtin', 'invalid_gtin'], [1, 'url', 'invalid_url']]],
  ])('refuses %s', (_name, change, expected) => {
    const read = productsFromJson([{ ...minimal, ...(change as object) }]);
    expect(problems(read)).toEqual(expected);
    expect(batch(read).products).toEqual([]);
  });

  it('refuses an item that is not an object as a whole row, and keeps the others', () => {
    const read = productsFromJson(['WH-1000', minimal, null]);
    expect(problems(read)).toEqual([[1, '', 'invalid'], [3, '', 'invalid']]);
    expect(batch(read).products.map((p) => p.sku)).toEqual(['WH-1000']);
  });

  it('keeps the first row of a SKU and refuses the later ones, saying where the first is', () => {
    const read = batch(productsFromJson([minimal, { ...minimal, sku: 'other' }, { ...minimal, name: 'Again' }]));
    expect(read.products.map((p) => p.name)).toEqual(['Wireless headphones', 'Wireless headphones']);
    expect(read.refused).toEqual([{ row: 3, field: 'sku', code: 'duplicate_sku', message: 'SKU "WH-1000" is already on row 1' }]);
  });

  it.each([
    ['not a list', { products: [] }, 'not_a_list'],
    ['an empty list', [], 'empty'],
    [`${MAX_CATALOG_BATCH + 1} items`, Array.from({ length: MAX_CATALOG_BATCH + 1 }, () => minimal), 'too_many_products'],
  ])('refuses a batch that is %s, whole', (_name, items, code) => expect(productsFromJson(items)).toMatchObject({ ok: false, code }));

  it(`takes ${MAX_CATALOG_BATCH} items, the most a batch holds`, () => {
    const read = batch(productsFromJson(Array.from({ length: MAX_CATALOG_BATCH }, (_, i) => ({ ...minimal, sku: `S-${i}` }))));
    expect([read.products.length, read.refused.length]).toEqual([MAX_CATALOG_BATCH, 0]);
  });
});

describe('times in tables', () => {
  it.each<[string, number | null]>([
    ['2026-11-27', Date.UTC(2026, 10, 27)],
    ['2026-11-27T10:30+0100', Date.UTC(2026, 10, 27, 9, 30)],
    ['2026-11-27T10:30:15.250Z', Date.UTC(2026, 10, 27, 10, 30, 15, 250)],
    ['2026-11-27T10:30:00-08:00', Date.UTC(2026, 10, 27, 18, 30)],
    ['2026-02-30', null],
    ['2026-11-27T10:30', null], // No zone: the time would depend on the server's.
    ['27/11/2026', null],
    ['next friday', null],
  ])('%s', (text, ms) => expect(epochMs(text)).toBe(ms));
});

describe('products from the project’s CSV', () => {
  const header = 'sku,name,brand,category,currency,price,sale_price,availability,stock,url,gtin,accessories,attribute:colour';

  it('reads a spreadsheet’s export: BOM, CRLF, quoted commas and quotes, a line break in a cell, headers in any case', () => {
    const text =
      '\uFEFFSKU,Name,Description,Category,Currency,Price,Sale Price,Availability,Stock,URL,Accessories,Attribute: Colour,Attribute:Size\r\n' +
      'MUG-1,"Mug, ""XL""","Holds 1 l.\r\nDishwasher safe.",Home > Kitchen > Mugs,EUR,12.50,9.99,In Stock,40,https://shop.example/p/mug-1,CUP-1|CUP-2,Blue,\r\n' +
      'TEA-9,Tea,,,jpy,1500,,out_of_stock,0,https://shop.example/p/tea-9,,,\r\n';
    const read = batch(productsFromCsv(text));
    expect(read.refused).toEqual([]);
    expect(read.ignoredColumns).toEqual([]);
    expect(read.products).toEqual([
      product({
        sku: 'MUG-1',
        name: 'Mug, "XL"',
        description: 'Holds 1 l.\r\nDishwasher safe.',
        category: ['Home', 'Kitchen', 'Mugs'],
        currency: 'EUR',
        price: 1250,
        salePrice: 999,
        availability: 'in_stock',
        stock: 40,
        url: 'https://shop.example/p/mug-1',
        attributes: { Colour: 'Blue' },
        related: { accessories: ['CUP-1', 'CUP-2'] },
      }),
      product({ sku: 'TEA-9', name: 'Tea', currency: 'JPY', price: 1500, availability: 'out_of_stock', stock: 0, url: 'https://shop.example/p/tea-9' }),
    ]);
  });

  it('reads a semicolon-separated export (a spreadsheet set to a comma for decimals) and a TSV', () => {
    const rows = [['sku', 'name', 'currency', 'price', 'availability', 'url'], ['A', 'Plate, flat', 'EUR', '3.00', 'in_stock', 'https://shop.example/a']];
    for (const delimiter of [';', '\t'] as const) expect(batch(productsFromCsv(writeCsv(rows, delimiter))).products.map((p) => [p.name, p.price])).toEqual([['Plate, flat', 300]]);
  });

  it.each<[string, string, [number, string, string][]]>([
    ['a decimal comma', 'A,Mug,,,EUR,"12,50",,in_stock,,https://s.example/a,,,', [[2, 'price', 'invalid_price']]],
    ['cents on a yen price', 'A,Mug,,,JPY,1500.50,,in_stock,,https://s.example/a,,,', [[2, 'price', 'invalid_price']]],
    ['no currency: reported once, on the currency', 'A,Mug,,,,12.50,,in_stock,,https://s.example/a,,,', [[2, 'currency', 'required']]],
    ['a sale price above the price', 'A,Mug,,,EUR,10,12,in_stock,,https://s.example/a,,,', [[2, 'sale_price', 'sale_above_price']]],
    ['an availability that is none', 'A,Mug,,,EUR,10,,available,,https://s.example/a,,,', [[2, 'availability', 'not_allowed']]],
    ['a negative stock', 'A,Mug,,,EUR,10,,in_stock,-1,https://s.example/a,,,', [[2, 'stock', 'invalid']]],
    ['a bad GTIN', 'A,Mug,,,EUR,10,,in_stock,,https://s.example/a,123,,', [[2, 'gtin', 'invalid_gtin']]],
    ['a relative URL', 'A,Mug,,,EUR,10,,in_stock,,/p/a,,,', [[2, 'url', 'invalid_url']]],
    ['no SKU', ',Mug,,,EUR,10,,in_stock,,https://s.example/a,,,', [[2, 'sku', 'required']]],
    ['more cells than the header names', 'A,Mug,,,EUR,10,,in_stock,,https://s.example/a,,,,surplus', [[2, '', 'too_many_cells']]],
  ])('refuses a row with %s, naming the column as the file does', (_name, row, expected) => expect(problems(productsFromCsv(`${header}\r\n${row}\r\n`))).toEqual(expected));

  it('counts rows as a spreadsheet does, the header being row 1, past a cell with line breaks', () => {
    const text = `${header}\n"A\nB",Mug,,,EUR,1,,in_stock,,https://s.example/a,,,\nC,Mug,,,EUR,x,,in_stock,,https://s.example/c,,,\n`;
    expect(problems(productsFromCsv(text))).toEqual([[3, 'price', 'invalid_price']]);
  });

  it('skips rows of empty cells and names the columns it does not read', () => {
    const read = batch(productsFromCsv(`${header},Notes\r\nA,Mug,,,EUR,1,,in_stock,,https://s.example/a,,,,hi\r\n,,,,,,,,,,,,,\r\n`));
    expect([read.rows, read.products.length, read.ignoredColumns]).toEqual([1, 1, ['Notes']]);
  });

  it('reads an attribute called "constructor" like any other, and says it ignores one called "__proto__"', () => {
    const text = 'sku,name,currency,price,availability,url,attribute:__proto__,attribute:constructor\r\nA,Mug,EUR,1,in_stock,https://s.example/a,x,y\r\n';
    const read = batch(productsFromCsv(text));
    const [mug] = read.products;
    expect(Object.entries(mug!.attributes)).toEqual([['constructor', 'y']]);
    expect(read.ignoredColumns).toEqual(['attribute:__proto__']);
    expect(Object.getPrototypeOf(mug!.attributes)).toBe(Object.prototype);
    expect(batch(productsFromCsv(catalogCsv([mug!]))).products).toEqual([mug]);
  });

  it.each([
    ['without the columns a product needs', 'sku,name,price\r\nA,Mug,1\r\n', 'missing_columns', /"currency", "availability", "url"/],
    ['with an unterminated quote', `${header}\r\nA,"Mug,,,EUR,1\r\n`, 'unterminated_quote', /line 2/],
    ['that is empty', '', 'empty', /empty/],
    ['with a header only', `${header}\r\n`, 'empty', /no product/],
    [`of ${MAX_CATALOG_BATCH + 1} rows`, `${header}\r\n${'A,Mug,,,EUR,1,,in_stock,,https://s.example/a,,,\r\n'.repeat(MAX_CATALOG_BATCH + 1)}`, 'too_many_products', /send it in parts/],
  ])('refuses a file %s, whole', (_name, text, code, message) => {
    const read = productsFromCsv(text);
    expect(read).toMatchObject({ ok: false, code });
    expect(!read.ok && read.message).toMatch(message);
  });
});

describe('products from a Google Merchant feed, as Google takes it', () => {
  const tsv = (rows: string[][]) => rows.map((r) => r.join('\t')).join('\n') + '\n';
  const head = ['id', 'title', 'description', 'link', 'image_link', 'price', 'sale_price', 'availability', 'brand', 'gtin', 'mpn', 'product_type', 'item_group_id', 'color', 'shipping'];
  const row = (change: Record<string, string> = {}) => {
    const cells: Record<string, string> = {
      id: 'WH-1000-B',
      title: 'Sony WH-1000XM5 Wireless Headphones, Black',
      description: 'Noise cancelling.',
      link: 'https://shop.example/p/wh-1000?variant=black',
      image_link: 'https://cdn.shop.example/wh-b.jpg',
      price: '349.00 USD',
      sale_price: '299.00 USD',
      availability: 'in_stock',
      brand: 'Sony',
      gtin: '0027242923782',
      mpn: 'WH1000XM5/B',
      product_type: 'Electronics > Audio > Headphones',
      item_group_id: 'WH-1000',
      color: 'Black',
      shipping: 'US:CA:Overnight:16.00 USD',
      ...change,
    };
    return head.map((h) => cells[h]!);
  };

  it('reads a TSV feed: prices with their currency, the category path, the group and the attributes it knows', () => {
    const read = batch(productsFromMerchantFeed(tsv([head, row(), row({ id: 'WH-1000-S', color: 'Silver', sale_price: '', availability: 'preorder', gtin: '' })])));
    expect(read.refused).toEqual([]);
    expect(read.ignoredColumns).toEqual(['shipping']);
    expect(read.products[0]).toEqual(
      product({
        sku: 'WH-1000-B',
        name: 'Sony WH-1000XM5 Wireless Headphones, Black',
        description: 'Noise cancelling.',
        url: 'https://shop.example/p/wh-1000?variant=black',
        image: 'https://cdn.shop.example/wh-b.jpg',
        currency: 'USD',
        price: 34900,
        salePrice: 29900,
        brand: 'Sony',
        gtin: '0027242923782',
        mpn: 'WH1000XM5/B',
        category: ['Electronics', 'Audio', 'Headphones'],
        itemGroupId: 'WH-1000',
        attributes: { color: 'Black' },
      }),
    );
    expect(read.products[1]).toMatchObject({ sku: 'WH-1000-S', salePrice: null, availability: 'preorder', gtin: null, attributes: { color: 'Silver' } });
  });

  it('reads a CSV feed with "g:" attribute names, old availability spellings, "USD 12.00", the sale’s dates, and the first of several product types', () => {
    const text =
      'g:id,g:title,g:link,g:price,g:sale_price,g:sale_price_effective_date,g:availability,g:product_type\r\n' +
      'A,"Mug, large",https://shop.example/a,USD 12.00,9.00 USD,2026-11-27T00:00+0100/2026-11-30T23:59:59+0100,in stock,"Home > Kitchen, Sale"\r\n' +
      'B,Plate,https://shop.example/b,1500 JPY,,,backorder,\r\n';
    const read = batch(productsFromMerchantFeed(text));
    expect(read.refused).toEqual([]);
    expect(read.products.map((p) => [p.sku, p.currency, p.price, p.salePrice, p.saleStartsAt, p.saleEndsAt, p.availability, p.category])).toEqual([
      ['A', 'USD', 1200, 900, Date.UTC(2026, 10, 26, 23), Date.UTC(2026, 10, 30, 22, 59, 59), 'in_stock', ['Home', 'Kitchen']],
      ['B', 'JPY', 1500, null, null, null, 'backorder', []],
    ]);
  });

  it('takes the first of several product types, one with a comma in quotes', () => {
    const text = writeCsv([['id', 'title', 'link', 'price', 'availability', 'product_type'], ['A', 'Mug', 'https://s.example/a', '5 EUR', 'in_stock', '"Home > Kitchen, Mugs",Sale']], '\t');
    expect(batch(productsFromMerchantFeed(text)).products.map((p) => p.category)).toEqual([['Home', 'Kitchen, Mugs']]);
  });

  it('reads quotes as text in a feed whose data source has no quoted fields', () => {
    const text = 'id\ttitle\tlink\tprice\tavailability\nA\t"Best" pan, 12"\thttps://s.example/a\t5 EUR\tin_stock\n';
    expect(productsFromMerchantFeed(text)).toMatchObject({ ok: false, code: 'text_after_quote' });
    expect(batch(productsFromMerchantFeed(text, { quotedFields: false })).products.map((p) => p.name)).toEqual(['"Best" pan, 12"']);
  });

  it('takes Google’s taxonomy as the category when it is a path, not a number, and there is no product_type', () => {
    const text = 'id\ttitle\tlink\tprice\tavailability\tgoogle_product_category\nA\tShoe\thttps://s.example/a\t50 EUR\tin_stock\tApparel & Accessories > Shoes\nB\tBoot\thttps://s.example/b\t50 EUR\tin_stock\t187\n';
    expect(batch(productsFromMerchantFeed(text)).products.map((p) => p.category)).toEqual([['Apparel & Accessories', 'Shoes'], []]);
  });

  it.each<[string, Record<string, string>, [number, string, string][]]>([
    ['a price without its currency', { price: '349.00' }, [[2, 'price', 'invalid_price']]],
    ['no price', { price: '' }, [[2, 'price', 'required']]],
    ['a sale price in another currency', { sale_price: '299.00 EUR' }, [[2, 'sale_price', 'currency_mismatch']]],
    ['a price with a decimal comma', { price: '349,00 EUR' }, [[2, 'price', 'invalid_price']]],
    ['an availability Google has not', { availability: 'limited_availability' }, [[2, 'availability', 'not_allowed']]],
    ['a GTIN with a wrong check digit', { gtin: '0027242923783' }, [[2, 'gtin', 'invalid_gtin']]],
    ['a link that is not http(s)', { link: 'javascript:void(0)' }, [[2, 'link', 'invalid_url']]],
    ['no title', { title: '' }, [[2, 'title', 'required']]],
    ['a sale price above the price', { sale_price: '399.00 USD' }, [[2, 'sale_price', 'sale_above_price']]],
  ])('refuses a row with %s, naming the feed’s attribute', (_name, change, expected) => expect(problems(productsFromMerchantFeed(tsv([head, row(change)])))).toEqual(expected));

  it('refuses sale dates that are not two times split by "/"', () => {
    const text = 'id\ttitle\tlink\tprice\tavailability\tsale_price_effective_date\nA\tMug\thttps://s.example/a\t5 EUR\tin_stock\t2026-11-27\n';
    expect(problems(productsFromMerchantFeed(text))).toEqual([[2, 'sale_price_effective_date', 'invalid_time']]);
  });

  it('refuses a feed without the attributes a product needs, whole', () => {
    expect(productsFromMerchantFeed('id\ttitle\tprice\nA\tMug\t5 EUR\n')).toMatchObject({ ok: false, code: 'missing_columns', message: 'the header lacks "link", "availability"' });
  });
});

describe('the project’s CSV, written and read back', () => {
  /** Text that is awkward for CSV (delimiters, quotes, line breaks, accents) but holds no "|" or ">" (the list and path separators). */
  const awkward = (max: number) =>
    fc
      .string({ unit: fc.oneof(fc.constantFrom(',', ';', '"', '\r\n', '\n', ' ', 'é', '😀', '\t'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: max })
      .filter((s) => !/[|>]/.test(s) && /\S/.test(s));
  const sku = awkward(20);
  const url = fc.webUrl({ withQueryParameters: true }).filter((u) => !u.includes('|'));
  const money = fc.record({ currency: fc.constantFrom('USD', 'EUR', 'JPY', 'KWD', 'BHD'), price: fc.integer({ min: 0, max: 1e12 }) });
  const input = fc.record(
    {
      sku,
      name: awkward(60),
      gtin: fc.constantFrom('4006381333931', '036000291452', '96385074', '10012345678902'),
      mpn: awkward(20),
      description: awkward(200),
      brand: awkward(20),
      category: fc.array(awkward(20), { maxLength: 4 }),
      money,
      saleShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      saleStartsAt: fc.option(fc.integer({ min: 0, max: 2e12 })),
      availability: fc.constantFrom('in_stock', 'out_of_stock', 'preorder', 'backorder'),
      stock: fc.option(fc.nat()),
      url,
      otherUrls: fc.array(url, { maxLength: 2 }),
      image: fc.option(url),
      itemGroupId: awkward(20),
      attributes: fc.dictionary(awkward(15), awkward(30), { maxKeys: 3 }),
      related: fc.record({ accessories: fc.array(sku, { maxLength: 3 }), alternatives: fc.array(sku, { maxLength: 3 }), bundles: fc.array(sku, { maxLength: 3 }) }),
    },
    { requiredKeys: ['sku', 'name', 'money', 'availability', 'url'] },
  );
  const products = fc
    .uniqueArray(input, { selector: (p) => p.sku.trim(), maxLength: 8 })
    .map((inputs) =>
      inputs.map(({ money: { currency, price }, saleShare, ...p }) =>
        CatalogProduct.safeParse({ ...p, currency, price, salePrice: saleShare == null ? null : Math.floor(price * saleShare), saleEndsAt: p.saleStartsAt == null ? null : p.saleStartsAt + 86_400_000 }),
      ),
    )
    .filter((parsed) => parsed.length > 0 && parsed.every((p) => p.success))
    .map((parsed) => parsed.map((p) => p.data!));

  it('gives the same products back, field for field', () => {
    fc.assert(
      fc.property(products, (list) => {
        const read = batch(productsFromCsv(catalogCsv(list)));
        expect(read.refused).toEqual([]);
        expect(read.products).toEqual(list);
      }),
      { numRuns: 200 },
    );
  });
});
