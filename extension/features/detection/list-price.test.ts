import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../lib/testing/html-page';
import type { SiteAdapter } from '../../../shared/sites';
import { detect } from './detect';
import { isListPrice, isNotThePrice, isOtherQuantity, isStruckThrough } from './shown-price';

/**
 * The price the shopper pays against the list price beside it, and prices for another quantity,
 * on small hand-written pages of each kind (issue 18).
 */

const URL = 'https://shop.example/p/oak-lamp';
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

/** A product page with no structured data: a heading, the price block given, a buy button. */
function visiblePage(prices: string, head = ''): Document {
  return htmlPage(
    `<header><a href="/">Shop</a></header><main><h1>Oak desk lamp</h1><p>A lamp of solid oak.</p><div class="buy-box">${prices}<button type="submit">Add to cart</button></div></main>`,
    head,
  );
}

const priceOf = (doc: Document, adapter: SiteAdapter | null = null) => {
  const { product } = detect(doc, URL, adapter);
  return { price: product?.price ?? null, listPrice: product?.listPrice ?? null, currency: product?.currency ?? null };
};

describe('a struck-through price on the visible page', () => {
  it.each([
    ['<s>', '<s>€ 129,00</s> <span>€ 99,00</span>'],
    ['<del>', '<del><span class="amount">€ 129,00</span></del> <ins><span class="amount">€ 99,00</span></ins>'],
    ['<strike>', '<span class="prices"><strike>€ 129,00</strike> <b>€ 99,00</b></span>'],
    ['an inline line-through', '<span style="text-decoration: line-through">€ 129,00</span> <span class="price">€ 99,00</span>'],
    ['a line-through from the page\'s style sheet', '<span class="p-a">€ 129,00</span> <span class="p-b">€ 99,00</span>'],
    ['a data attribute naming the old price', '<span data-auto="old-price">129,00 €</span> <span data-auto="price">99,00 €</span>'],
  ])('%s: the price paid is the other one, the struck one the list price', (_, prices) => {
    const doc = visiblePage(prices, '<style>.p-a { color: grey; text-decoration: line-through }</style>');
    expect(priceOf(doc)).toEqual({ price: '99.00', listPrice: '129.00', currency: 'EUR' });
  });

  it('knows a struck element by its tag, its style or its sheet', () => {
    const doc = htmlPage('<s><b id="a">1</b></s><i id="b" style="text-decoration:line-through">2</i><i id="c" class="gone">3</i><i id="d">4</i>', '<style>.gone{text-decoration-line:line-through}</style>');
    expect(['a', 'b', 'c', 'd'].map((id) => isStruckThrough(doc.getElementById(id)!))).toEqual([true, true, true, false]);
  });
});

describe('"was", "compare at", "list price" and "RRP" labels', () => {
  it.each([
    ['Was', '<span>Was</span> <span class="price">$40.00</span> <span>Now</span> <span class="price">$30.00</span>'],
    ['Compare at', '<span class="price">$30.00</span> <span>Compare at</span> <span class="price">$40.00</span>'],
    ['List price:', '<div>List price: <span class="price">$40.00</span></div><div><span class="price">$30.00</span></div>'],
    ['RRP', '<p class="price">RRP $40.00</p><p class="price">$30.00</p>'],
    ['Regularly', '<span class="price">Regularly $40.00</span> <span class="price">$30.00</span>'],
    ['De … por (Brazil)', '<span class="price">De US$ 40,00</span> <span class="price">por US$ 30,00</span>'],
  ])('%s: the labelled amount is the list price', (_, prices) => {
    expect(priceOf(visiblePage(prices))).toEqual({ price: '30.00', listPrice: '40.00', currency: 'USD' });
  });

  it('a "Regular price" label only screen readers get (a price not on sale) does not make it a list price', () => {
    const doc = visiblePage('<span class="visually-hidden">Regular price</span> <span class="price-item price-item--regular">$30.00</span>');
    expect(priceOf(doc)).toEqual({ price: '30.00', listPrice: null, currency: 'USD' });
  });

  it('tells the labels apart element by element', () => {
    const doc = htmlPage('<p><span>Was</span> <b id="a">$4</b></p><p><b id="b">Compare at $5</b></p><p><b id="c">$6</b></p><p><b id="d" class="price--compare">$7</b></p>');
    expect(['a', 'b', 'c', 'd'].map((id) => isListPrice(doc.getElementById(id)!))).toEqual([true, true, false, true]);
  });
});

describe('a price for another quantity is not the price', () => {
  it.each(['2 for $30', '3 x $9.99', '$1.20 / 100 g', '€ 12,40 / kg', 'per 100 g $2.10', 'from $29 / month', '$29 a month', '($0.45 / Count)', '(2,50 € each)', '€ 15 monthly', '12 € pro Monat', '9 € par mois', '3,99 € je kg', '$29/mo'])('%j', (text) => {
    expect(isOtherQuantity(text)).toBe(true);
  });

  it.each(['$30.00', '49 kr/st', '24,90 € pro Stück', 'Now $30.00', '€ 1.299,00', 'por R$ 99,90', '$40 per person', 'Vendu par Acme 12 €'])('%j is a price', (text) => {
    expect(isOtherQuantity(text)).toBe(false);
  });

  it.each([
    ['a "2 for" deal', '<span class="price">2 for $50.00</span> <span class="price">$30.00</span>'],
    ['a price per 100 g', '<span class="price">($1.50 / 100 g)</span> <span class="price">$30.00</span>'],
    ['a monthly instalment', '<span class="price">from $2.50 / month</span> <span class="price">$30.00</span>'],
    ['a multipack\'s unit price', '<span class="price">($5.00 each)</span> <span class="price">$30.00</span>'],
  ])('%s: the price of the unit sold is the one taken', (_, prices) => {
    expect(priceOf(visiblePage(prices)).price).toBe('30.00');
  });

  it('an element showing a price for another quantity is not the price', () => {
    const doc = htmlPage('<b id="a" class="price">$1.20 / 100 g</b><b id="b" class="price">$3.00</b>');
    expect([isNotThePrice(doc.getElementById('a')!), isNotThePrice(doc.getElementById('b')!)]).toEqual([true, false]);
  });
});

describe('list prices in structured data', () => {
  const product = (offers: unknown) => ld({ '@context': 'https://schema.org', '@type': 'Product', name: 'Oak desk lamp', sku: 'L1', offers });

  it('JSON-LD: a priceSpecification of priceType StrikethroughPrice is the list price', () => {
    const doc = htmlPage('', product({ '@type': 'Offer', price: 99, priceCurrency: 'EUR', priceSpecification: { '@type': 'UnitPriceSpecification', priceType: 'https://schema.org/StrikethroughPrice', price: 129, priceCurrency: 'EUR' } }));
    expect(priceOf(doc)).toEqual({ price: '99', listPrice: '129', currency: 'EUR' });
  });

  it('JSON-LD: an offer whose price is its ListPrice, beside a sale price specification, is sold at the sale price', () => {
    const doc = htmlPage(
      '',
      product({
        '@type': 'Offer',
        price: '129.00',
        priceCurrency: 'EUR',
        priceSpecification: [
          { '@type': 'UnitPriceSpecification', priceType: 'ListPrice', price: '129.00' },
          { '@type': 'UnitPriceSpecification', priceType: 'SalePrice', price: '99.00' },
        ],
      }),
    );
    expect(priceOf(doc)).toEqual({ price: '99.00', listPrice: '129.00', currency: 'EUR' });
  });

  it('JSON-LD: prices only in specifications, one per 100 g: the unit\'s own is the price', () => {
    const doc = htmlPage(
      '',
      product({
        '@type': 'Offer',
        priceSpecification: [
          { '@type': 'UnitPriceSpecification', price: '1.20', priceCurrency: 'EUR', referenceQuantity: { '@type': 'QuantitativeValue', value: 100, unitCode: 'GRM' } },
          { '@type': 'UnitPriceSpecification', price: '5.99', priceCurrency: 'EUR' },
        ],
      }),
    );
    expect(priceOf(doc)).toEqual({ price: '5.99', listPrice: null, currency: 'EUR' });
  });

  it('JSON-LD says the list price as the price, the page shows it struck through beside the sale price: the sale price is paid', () => {
    const doc = visiblePage('<s>€ 129,00</s> <span class="price">€ 99,00</span>', product({ '@type': 'Offer', price: '129.00', priceCurrency: 'EUR' }));
    expect(priceOf(doc)).toEqual({ price: '99.00', listPrice: '129.00', currency: 'EUR' });
  });

  it('microdata: a price inside a ListPrice specification, or struck through, is the list price', () => {
    const microdata = (inner: string) =>
      htmlPage(`<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Oak desk lamp</h1><div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="priceCurrency" content="USD">${inner}</div></div>`);
    const spec = '<div itemprop="priceSpecification" itemscope itemtype="https://schema.org/UnitPriceSpecification"><meta itemprop="priceType" content="https://schema.org/ListPrice"><span itemprop="price" content="40.00">$40.00</span></div><span itemprop="price" content="30.00">$30.00</span>';
    expect(priceOf(microdata(spec))).toEqual({ price: '30.00', listPrice: '40.00', currency: 'USD' });
    expect(priceOf(microdata('<del itemprop="price">$40.00</del> <span itemprop="price">$30.00</span>'))).toEqual({ price: '30.00', listPrice: '40.00', currency: 'USD' });
  });

  it('OpenGraph: product:sale_price is paid, product:price is the list price', () => {
    const doc = htmlPage(
      '',
      '<meta property="og:type" content="product"><meta property="og:title" content="Oak desk lamp"><meta property="product:price:amount" content="129.00"><meta property="product:price:currency" content="EUR"><meta property="product:sale_price:amount" content="99.00">',
    );
    expect(priceOf(doc)).toEqual({ price: '99.00', listPrice: '129.00', currency: 'EUR' });
  });

  it('a list price not above the price is none', () => {
    const doc = htmlPage('', product({ '@type': 'Offer', price: 99, priceCurrency: 'EUR', priceSpecification: { priceType: 'ListPrice', price: 99 } }));
    expect(priceOf(doc)).toEqual({ price: '99', listPrice: null, currency: 'EUR' });
  });

  it('the site adapter reads the list price where it says', () => {
    const adapter: SiteAdapter = { pageKinds: [{ kind: 'product', pattern: '^/p/' }], product: { name: { selector: 'h1' }, price: { selector: '.now' }, listPrice: { selector: '.was' }, currency: 'GBP' } };
    expect(priceOf(htmlPage('<h1>Oak desk lamp</h1><s class="was">£40.00</s><b class="now">£30.00</b>'), adapter)).toEqual({ price: '30.00', listPrice: '40.00', currency: 'GBP' });
  });
});

describe('a list price belongs to its price', () => {
  it('the visible page\'s list price is dropped when the price paid came from the markup and is another amount', () => {
    const doc = visiblePage(
      '<s>€ 999,00</s> <span class="price">€ 899,00</span>',
      ld({ '@context': 'https://schema.org', '@type': 'Product', name: 'Oak desk lamp', offers: { '@type': 'Offer', price: '429.00', priceCurrency: 'EUR' } }),
    );
    expect(priceOf(doc)).toEqual({ price: '429.00', listPrice: null, currency: 'EUR' });
  });

  it('and kept when it is the same amount', () => {
    const doc = visiblePage(
      '<s>€ 999,00</s> <span class="price">€ 899,00</span>',
      ld({ '@context': 'https://schema.org', '@type': 'Product', name: 'Oak desk lamp', offers: { '@type': 'Offer', price: '899.00', priceCurrency: 'EUR' } }),
    );
    expect(priceOf(doc)).toEqual({ price: '899.00', listPrice: '999.00', currency: 'EUR' });
  });
});
