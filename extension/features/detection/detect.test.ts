import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../lib/testing/html-page';
import type { SiteAdapter } from '../../../shared/sites';
import { chosenQuantity, isAddToCartForm } from './add-to-cart';
import { cleanBrand, detect } from './detect';
import type { Detection } from './types';

const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

interface Case {
  name: string;
  url: string;
  head?: string;
  body?: string;
  adapter?: SiteAdapter;
  expected: Partial<Detection>;
}

const PRODUCT = 'https://shop.example/p/headphones?color=black';

const cases: Case[] = [
  {
    name: 'JSON-LD Product with an Offer, canonical URL',
    url: `${PRODUCT}#reviews`,
    head: `<link rel="canonical" href="/p/headphones">${ld({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Studio Headphones X2',
      sku: 'X2-BLK',
      gtin13: '4006381333931',
      mpn: 'X2',
      brand: { '@type': 'Brand', name: 'Sonora' },
      image: ['/img/x2.jpg'],
      offers: { '@type': 'Offer', price: '349.00', priceCurrency: 'USD', availability: 'https://schema.org/InStock' },
    })}`,
    expected: {
      kind: 'product',
      product: {
        name: 'Studio Headphones X2',
        price: '349.00',
        currency: 'USD',
        sku: 'X2-BLK',
        gtin: '4006381333931',
        mpn: 'X2',
        brand: 'Sonora',
        availability: 'InStock',
        image: 'https://shop.example/img/x2.jpg',
        url: 'https://shop.example/p/headphones',
      },
      search: null,
      cart: null,
    },
  },
  {
    name: 'JSON-LD @graph: Product with an offers array, BreadcrumbList as the category path',
    url: PRODUCT,
    head: ld({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'Example Shop' },
        {
          '@type': 'BreadcrumbList',
          itemListElement: [
            { '@type': 'ListItem', position: 3, name: 'Headphones' },
            { '@type': 'ListItem', position: 1, name: 'Home' },
            { '@type': 'ListItem', position: 2, item: { '@id': '/audio', name: 'Audio' } },
            { '@type': 'ListItem', position: 4, name: 'Studio Headphones X2' },
          ],
        },
        {
          '@type': ['Product', 'Thing'],
          name: 'Studio Headphones X2',
          offers: [{ '@type': 'Offer', availability: 'OutOfStock' }, { '@type': 'Offer', price: 299, priceCurrency: 'eur', availability: 'http://schema.org/OutOfStock' }],
        },
      ],
    }),
    expected: {
      kind: 'product',
      product: {
        name: 'Studio Headphones X2',
        price: '299',
        currency: 'EUR',
        availability: 'OutOfStock',
        category: ['Audio', 'Headphones'],
        url: PRODUCT,
      },
    },
  },
  {
    name: 'JSON-LD array with an AggregateOffer (lowPrice), HTML entities decoded',
    url: PRODUCT,
    head: ld([
      { '@type': 'Organization', name: 'Example' },
      { '@type': 'Product', name: 'Tom &amp; Jerry Mug', brand: 'Acme', offers: { '@type': 'AggregateOffer', lowPrice: '9.5', highPrice: '12', priceCurrency: 'GBP' } },
    ]),
    expected: { kind: 'product', product: { name: 'Tom & Jerry Mug', brand: 'Acme', price: '9.5', currency: 'GBP', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'JSON-LD ProductGroup takes the first variant offer',
    url: PRODUCT,
    head: ld({
      '@type': 'ProductGroup',
      name: 'Running Shoe',
      productGroupID: 'RS1',
      hasVariant: [{ '@type': 'Product', name: 'Running Shoe 42', offers: { price: '89.90', priceCurrency: 'EUR' } }],
    }),
    expected: { kind: 'product', product: { name: 'Running Shoe', price: '89.90', currency: 'EUR', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'JSON-LD ItemList of products is a listing',
    url: 'https://shop.example/audio',
    head: ld({
      '@type': 'ItemList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, item: { '@type': 'Product', name: 'A' } },
        { '@type': 'ListItem', position: 2, item: { '@type': 'Product', name: 'B' } },
      ],
    }),
    expected: { kind: 'listing', product: null },
  },
  {
    name: 'several JSON-LD Products are a listing',
    url: 'https://shop.example/audio',
    head: ld({ '@type': 'Product', name: 'A', sku: 'a' }) + ld({ '@type': 'Product', name: 'B', sku: 'b' }),
    expected: { kind: 'listing', product: null },
  },
  {
    name: 'one JSON-LD Product per colour (same name, other SKU) is one product',
    url: PRODUCT,
    head: ld([
      { '@type': 'Product', name: 'Flat Boots', sku: 'FB-BLK', offers: { price: '89.95', priceCurrency: 'EUR' } },
      { '@type': 'Product', name: 'Flat Boots', sku: 'FB-BRN', offers: { price: '89.95', priceCurrency: 'EUR' } },
    ]),
    expected: { kind: 'product', product: { name: 'Flat Boots', sku: 'FB-BLK', price: '89.95', currency: 'EUR', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'a product with related products in an ItemList is still a product page',
    url: PRODUCT,
    head:
      ld({ '@type': 'Product', name: 'Main', offers: { price: 10, priceCurrency: 'USD' } }) +
      ld({ '@type': 'ItemList', itemListElement: [{ '@type': 'Product', name: 'Related' }] }),
    expected: { kind: 'product', product: { name: 'Main', price: '10', currency: 'USD', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'broken JSON-LD is skipped; OpenGraph product tags are used',
    url: PRODUCT,
    head: `<script type="application/ld+json">{ "@type": "Product", </script>
      <meta property="og:type" content="product">
      <meta property="og:title" content="Espresso Machine">
      <meta property="og:image" content="https://cdn.example/e.jpg">
      <meta property="product:price:amount" content="1249.00">
      <meta property="product:price:currency" content="EUR">
      <meta property="product:availability" content="in stock">`,
    expected: {
      kind: 'product',
      product: { name: 'Espresso Machine', price: '1249.00', currency: 'EUR', availability: 'InStock', image: 'https://cdn.example/e.jpg', url: PRODUCT },
    },
  },
  {
    name: 'JSON-LD wins over OpenGraph field by field, OpenGraph fills the gaps',
    url: PRODUCT,
    head: `${ld({ '@type': 'Product', name: 'From JSON-LD' })}
      <meta property="og:type" content="product"><meta property="og:title" content="From OG">
      <meta property="product:price:amount" content="15"><meta property="product:price:currency" content="USD">`,
    expected: { kind: 'product', product: { name: 'From JSON-LD', price: '15', currency: 'USD', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'microdata Product',
    url: PRODUCT,
    body: `<div itemscope itemtype="https://schema.org/Product">
        <h1 itemprop="name">Desk Lamp</h1>
        <span itemprop="brand" itemscope itemtype="https://schema.org/Brand"><span itemprop="name">Lumo</span></span>
        <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
          <meta itemprop="priceCurrency" content="EUR"><span itemprop="price" content="39.90">39,90 €</span>
          <link itemprop="availability" href="https://schema.org/InStock">
        </div>
      </div>`,
    expected: { kind: 'product', product: { name: 'Desk Lamp', brand: 'Lumo', price: '39.90', currency: 'EUR', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'adapter selectors, fixed currency and category breadcrumbs',
    url: 'http://localhost:4101/item/42',
    body: `<nav><a class="crumb">Audio</a><a class="crumb">Speakers</a></nav>
      <h2 class="title"> Boom  Box </h2><span class="cost">1.249,00</span><span class="ref">SKU-42</span>
      <img class="hero" src="/i/42.png"><p class="stock">Sold out</p>`,
    adapter: {
      pageKinds: [{ kind: 'product', pattern: '^/item/' }],
      product: {
        name: { selector: '.title' },
        price: { selector: '.cost' },
        currency: 'EUR',
        sku: { selector: '.ref' },
        category: { selector: '.crumb' },
        image: { selector: 'img.hero' },
        availability: { selector: '.stock' },
      },
    },
    expected: {
      kind: 'product',
      product: {
        name: 'Boom Box',
        price: '1249.00',
        currency: 'EUR',
        sku: 'SKU-42',
        category: ['Audio', 'Speakers'],
        image: 'http://localhost:4101/i/42.png',
        availability: 'OutOfStock',
        url: 'http://localhost:4101/item/42',
      },
    },
  },
  {
    name: "the adapter's page kind wins over JSON-LD",
    url: 'http://localhost:4101/c/audio?page=2',
    head: ld({ '@type': 'Product', name: 'Featured' }),
    adapter: { pageKinds: [{ kind: 'product', pattern: '^/p/' }, { kind: 'listing', pattern: '^/c/.*page=' }] },
    expected: { kind: 'listing', product: null },
  },
  {
    name: 'an invalid adapter pattern or selector is ignored',
    url: 'http://localhost:4101/x',
    adapter: { pageKinds: [{ kind: 'cart', pattern: '([' }], product: { name: { selector: '!!nope' } } },
    expected: { kind: 'other', product: null },
  },
  { name: 'search by ?q=', url: 'https://shop.example/search?q=red+shoes', expected: { kind: 'search', search: { terms: 'red shoes' } } },
  { name: 'search by ?k=', url: 'https://shop.example/s?k=usb%20cable', expected: { kind: 'search', search: { terms: 'usb cable' } } },
  { name: 'search by ?searchTerm=', url: 'https://shop.example/results?searchTerm=lamp', expected: { kind: 'search', search: { terms: 'lamp' } } },
  { name: 'search by /search/<terms>', url: 'https://shop.example/search/wool%20socks', expected: { kind: 'search', search: { terms: 'wool socks' } } },
  {
    name: "search by the adapter's parameter",
    url: 'http://localhost:4101/find?term=tent',
    adapter: { pageKinds: [{ kind: 'search', pattern: '^/find' }], search: { param: 'term' } },
    expected: { kind: 'search', search: { terms: 'tent' } },
  },
  {
    name: "search by the adapter's search box",
    url: 'http://localhost:4101/results',
    body: '<form><input type="search" name="query" value="camping stove"></form>',
    adapter: { pageKinds: [{ kind: 'search', pattern: '^/results' }], search: { input: { selector: 'input[name=query]' } } },
    expected: { kind: 'search', search: { terms: 'camping stove' } },
  },
  { name: 'a search page without terms', url: 'https://shop.example/search', expected: { kind: 'search', search: null } },
  { name: 'a checkout path', url: 'https://shop.example/checkout/shipping', expected: { kind: 'checkout' } },
  { name: 'a category path is a listing', url: 'https://shop.example/category/audio', expected: { kind: 'listing' } },
  { name: 'nothing known is other', url: 'https://shop.example/about', body: '<h1>About us</h1><h1>Team</h1>', expected: { kind: 'other', product: null, search: null, cart: null } },
  {
    name: 'cart by adapter selectors',
    url: 'http://localhost:4101/basket',
    body: `<table>
      <tr class="line"><td class="n"><a href="/p/1">Lamp</a></td><td class="q">2</td><td class="pr">€ 19,90</td><td class="s">L-1</td></tr>
      <tr class="line"><td class="n">Bulb</td><td class="q">x</td><td class="pr">3,00 €</td></tr>
      <tr class="line"><td class="n"></td></tr></table>`,
    adapter: {
      pageKinds: [{ kind: 'cart', pattern: '^/basket' }],
      cart: { item: 'tr.line', name: { selector: '.n' }, quantity: { selector: '.q' }, price: { selector: '.pr' }, sku: { selector: '.s' } },
    },
    expected: {
      kind: 'cart',
      cart: {
        items: [
          { name: 'Lamp', sku: 'L-1', url: 'http://localhost:4101/p/1', quantity: 2, price: '19.90', currency: 'EUR' },
          { name: 'Bulb', sku: null, url: null, quantity: 1, price: '3.00', currency: 'EUR' },
        ],
      },
    },
  },
  {
    name: 'cart by common class names, with its total',
    url: 'https://shop.example/cart',
    body: `<ul>
        <li class="cart-item" data-sku="A1"><a class="item-name" href="/p/a1">Kettle</a>
          <input type="number" name="quantity" value="3"><span class="price">$25.00</span></li>
      </ul>
      <div class="cart-total">Total: $75.00</div>`,
    expected: {
      kind: 'cart',
      cart: {
        items: [{ name: 'Kettle', sku: 'A1', url: 'https://shop.example/p/a1', quantity: 3, price: '25.00', currency: 'USD' }],
        value: '75.00',
        currency: 'USD',
      },
    },
  },
  {
    name: 'a page with a heading, a price and an add-to-cart button is a product',
    url: 'https://shop.example/thing-123',
    body: '<h1>Garden Hose 20 m</h1><span class="product-price">£24.99</span><button>Add to basket</button>',
    expected: { kind: 'product', product: { name: 'Garden Hose 20 m', price: '24.99', currency: 'GBP', availability: 'InStock', url: 'https://shop.example/thing-123' } },
  },
  {
    name: 'a listing with an add-to-cart button per product is not a product page',
    url: 'https://shop.example/party-supplies',
    body: `<h1>Party Supplies</h1>${'<div class="item"><span class="price">$3.95</span><button>Add to cart</button></div>'.repeat(5)}`,
    expected: { kind: 'other', product: null },
  },
  {
    name: 'German add-to-cart button counts too',
    url: 'https://shop.example/artikel/7',
    body: '<h1>Kaffeemühle</h1><div class="preis" data-price>49,00 €</div><button type="submit">In den Warenkorb</button>',
    expected: { kind: 'product', product: { name: 'Kaffeemühle', price: '49.00', currency: 'EUR', availability: 'InStock', url: 'https://shop.example/artikel/7' } },
  },
  {
    name: 'JSON-LD with one Product per size: the shown reference is the SKU, in stock when any size is',
    url: 'https://shop.example/boots-p11002710.html',
    head: ld(
      ['35', '36', '37'].map((size, i) => ({
        '@type': 'Product',
        name: 'Flat Boots',
        sku: `84518927-040-${size}`,
        offers: { '@type': 'Offer', price: '69.95', priceCurrency: 'EUR', availability: `https://schema.org/${i === 1 ? 'InStock' : 'OutOfStock'}` },
      })),
    ),
    body: '<h1>Flat Boots</h1><p><span>Black</span> - <span data-qa-qualifier="product-reference">1002/710</span></p>',
    expected: { kind: 'product', product: { name: 'Flat Boots', price: '69.95', currency: 'EUR', sku: '1002/710', availability: 'InStock', url: 'https://shop.example/boots-p11002710.html' } },
  },
  {
    name: 'JSON-LD offers per size, the first sold out: in stock',
    url: PRODUCT,
    head: ld({
      '@type': 'Product',
      name: 'Belt',
      sku: 'C1852D02Y-Q11',
      offers: [
        { '@type': 'Offer', price: '38.15', priceCurrency: 'EUR', availability: 'https://schema.org/OutOfStock' },
        { '@type': 'Offer', price: '38.15', priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
      ],
    }),
    expected: { kind: 'product', product: { name: 'Belt', price: '38.15', currency: 'EUR', sku: 'C1852D02Y-Q11', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'JSON-LD says in stock, the buy box says it cannot be bought: out of stock; the labelled code is the SKU',
    url: PRODUCT,
    head: ld({ '@type': 'Product', name: 'Weather Station', sku: 'WS-570', offers: { '@type': 'Offer', price: '54.5', priceCurrency: 'EUR', availability: 'http://schema.org/InStock' } }),
    body: `<h1>Weather Station</h1><table><tr><th>Kód produktu:</th><td>GARNI 570 EASY II</td></tr></table>
      <div class="info"><ul class="availability-box"><li><strong>Momentálne nie je možné produkt kúpiť</strong></li></ul>
      <form><div><p><button type="submit" disabled>Do košíka</button></p></div></form></div>`,
    expected: { kind: 'product', product: { name: 'Weather Station', price: '54.5', currency: 'EUR', sku: 'GARNI 570 EASY II', availability: 'OutOfStock', url: PRODUCT } },
  },
  {
    name: 'microdata SKU as the page shows it (a catalogue number with its slash)',
    url: 'https://shop.example/product/4667999',
    body: `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Indoor Camera</h1><span itemprop="sku" content="4667999">466/7999</span>
      <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="price" content="19.99"><meta itemprop="priceCurrency" content="GBP"></div></div>`,
    expected: { kind: 'product', product: { name: 'Indoor Camera', price: '19.99', currency: 'GBP', sku: '466/7999', availability: 'InStock', url: 'https://shop.example/product/4667999' } },
  },
  {
    name: 'no structured data: the shown product code, not the number in the address',
    url: 'https://shop.example/faux-fur-throw/p3969033',
    body: '<h1>Faux Fur Throw</h1><div><span class="price">£65.00</span><button>Add to basket</button></div><p class="product-code">Product code: 64981901</p>',
    expected: { kind: 'product', product: { name: 'Faux Fur Throw', price: '65.00', currency: 'GBP', sku: '64981901', availability: 'InStock', url: 'https://shop.example/faux-fur-throw/p3969033' } },
  },
  {
    name: 'RDFa Lite: a product with its offer and brand',
    url: PRODUCT,
    body: `<div vocab="https://schema.org/" typeof="Product"><h1 property="name">Desk Lamp</h1><img property="image" src="/img/lamp.jpg">
      <span property="brand" typeof="Brand"><span property="name">Lumo</span></span><span property="sku">LMP-9</span><meta property="gtin13" content="4006381333931">
      <div property="offers" typeof="Offer"><span property="price" content="59.90">59,90 €</span><meta property="priceCurrency" content="EUR">
      <link property="availability" href="https://schema.org/OutOfStock">Sold out</div></div>`,
    expected: {
      kind: 'product',
      product: { name: 'Desk Lamp', price: '59.90', currency: 'EUR', sku: 'LMP-9', gtin: '4006381333931', brand: 'Lumo', availability: 'OutOfStock', image: 'https://shop.example/img/lamp.jpg', url: PRODUCT },
    },
  },
  {
    name: 'RDFa with a prefix, a related product inside is not the page product',
    url: PRODUCT,
    body: `<div prefix="schema: http://schema.org/" typeof="schema:Product"><h1 property="schema:name">Desk Lamp</h1>
      <div property="schema:offers" typeof="schema:Offer"><meta property="schema:price" content="59.9"><meta property="schema:priceCurrency" content="EUR"></div>
      <div property="schema:isRelatedTo" typeof="schema:Product"><span property="schema:name">Bulb</span><meta property="schema:price" content="4.5"></div></div>`,
    expected: { kind: 'product', product: { name: 'Desk Lamp', price: '59.9', currency: 'EUR', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'RDFa: several product scopes are a listing',
    url: 'https://shop.example/c/lamps',
    body: '<div vocab="https://schema.org/"><div typeof="Product"><span property="name">A</span></div><div typeof="Product"><span property="name">B</span></div></div>',
    expected: { kind: 'listing', product: null },
  },
  {
    name: 'meta tags priced without tax, the page shows the price to pay: the shown one wins',
    url: PRODUCT,
    head: '<meta property="og:type" content="product"><meta property="product:price:amount" content="67.8400"><meta property="product:price:currency" content="EUR">',
    body: `<h1>Labour Code</h1><div itemscope itemtype="http://schema.org/Product"><span itemprop="name">Labour Code</span>
      <div itemprop="offers" itemscope itemtype="http://schema.org/Offer"><span itemprop="price" content="71.91">71,91 €</span><meta itemprop="priceCurrency" content="EUR"></div></div>
      <span class="price">71,91 €</span><span class="old-price">79,90 €</span>`,
    expected: { kind: 'product', product: { name: 'Labour Code', price: '71.91', listPrice: '79.90', currency: 'EUR', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'a sale price in the meta tags is the price to pay',
    url: PRODUCT,
    head: `<meta property="og:type" content="product"><meta property="og:title" content="WC frame"><meta property="product:sale_price:amount" content="997.00">
      <meta property="product:price:amount" content="1148.00"><meta property="product:price:currency" content="PLN">`,
    expected: { kind: 'product', product: { name: 'WC frame', price: '997.00', listPrice: '1148.00', currency: 'PLN', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'no structured data: the price by the heading, not a related product by the button',
    url: PRODUCT,
    body: `<div class="row"><div class="col"><div class="related"><h4><a href="/p/other">Other mask</a></h4><span class="price">150.00€</span></div>
      <div><button>Add to cart</button></div></div>
      <div class="col"><h1>Diving mask</h1><ul class="list-unstyled"><li class="price"><span class="price-old-live">100.00€</span></li></ul></div></div>`,
    expected: { kind: 'product', product: { name: 'Diving mask', price: '100.00', currency: 'EUR', availability: 'InStock', url: PRODUCT } },
  },
  {
    name: 'cents in superscript',
    url: 'https://shop.example.ro/p/whiskey',
    body: '<h1>Whiskey</h1><div><p class="product-new-price">173<sup>34</sup> <span>Lei</span></p><button>Adauga in cos</button></div>',
    expected: { kind: 'product', product: { name: 'Whiskey', price: '173.34', currency: 'RON', availability: 'InStock', url: 'https://shop.example.ro/p/whiskey' } },
  },
  {
    name: 'buy buttons made of divs; the related products\' buttons do not make it a listing',
    url: 'https://shop.example.kz/product/fridge',
    body: `<h1>Fridge BEKO</h1><div class="box"><span class="pr">131 990 тг.</span><div class="aa_buy">Купить</div></div>
      <div class="reco-row">${['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((n) => `<div class="item"><a href="/product/${n}">${n}</a><span class="pr">9 990 тг.</span><div class="aa_buy">Купить</div></div>`).join('')}</div>`,
    expected: { kind: 'product', product: { name: 'Fridge BEKO', price: '131990', currency: 'KZT', availability: 'InStock', url: 'https://shop.example.kz/product/fridge' } },
  },
  {
    name: 'no h1, an image buy button, the price in a short phrase',
    url: 'https://shop.example.tw/favorable_1409.html',
    body: `<div class="prd"><div class="title">Beef jerky (10 packs)</div><ul><li>原價：<strike>1,390</strike></li></ul>
      <div class="pdeal">最低價$<span>99</span>元起/包</div><a id="buy_btn" href="javascript:;"><div class="buy_btn"></div></a></div>`,
    expected: { kind: 'product', product: { name: 'Beef jerky (10 packs)', price: '99', listPrice: '1390', currency: 'TWD', availability: 'InStock', url: 'https://shop.example.tw/favorable_1409.html' } },
  },
  {
    name: 'invalid fields are dropped one by one, the product stays',
    url: PRODUCT,
    head: ld({ '@type': 'Product', name: 'Kite', gtin13: '1'.repeat(60), image: 'javascript:alert(1)', offers: { price: 'ask us', priceCurrency: 'euros' } }),
    expected: { kind: 'product', product: { name: 'Kite', url: PRODUCT } },
  },
];

describe('detect', () => {
  it.each(cases)('$name', ({ url, head, body, adapter, expected }) => {
    const result = detect(htmlPage(body ?? '', head ?? ''), url, adapter ?? null);
    expect(result).toMatchObject(expected);
    if (expected.product) expect(result.product).toEqual(expected.product);
  });

  it('never reads password, e-mail or card fields, even when an adapter points at them', () => {
    const doc = htmlPage(`
      <input type="password" id="pw" value="hunter2">
      <input type="email" id="mail" value="me@example.com">
      <input type="text" id="card" autocomplete="cc-number" value="4111111111111111">
      <h1 id="name">Safe Name</h1>`);
    const adapter = (selector: string): SiteAdapter => ({
      pageKinds: [{ kind: 'product', pattern: '/' }],
      product: { name: { selector: '#name' }, sku: { selector }, brand: { selector, attr: 'value' } },
    });
    for (const selector of ['#pw', '#mail', '#card']) {
      const product = detect(doc, PRODUCT, adapter(selector)).product;
      expect(product).toEqual({ name: 'Safe Name', url: PRODUCT });
    }
  });
});

describe('add-to-cart forms', () => {
  const form = (html: string, action = '/cart/add') => {
    const doc = htmlPage(`<form action="${action}">${html}</form>`);
    return doc.querySelector('form')!;
  };

  it.each([
    { name: 'action mentions cart', action: '/cart/add', html: '<button>Buy</button>', adapter: null, expected: true },
    { name: 'button says add to bag', action: '/x', html: '<button>Add to bag</button>', adapter: null, expected: true },
    { name: 'adapter button', action: '/x', html: '<button class="buy">Go</button>', adapter: { cart: { item: 'x', name: { selector: 'x' }, addButton: '.buy' } }, expected: true },
    { name: 'a newsletter form', action: '/subscribe', html: '<button>Subscribe</button>', adapter: null, expected: false },
  ])('$name', ({ action, html, adapter, expected }) => {
    expect(isAddToCartForm(form(html, action), null, adapter)).toBe(expected);
  });

  it('reads the chosen quantity from a quantity field only', () => {
    expect(chosenQuantity(form('<input type="number" name="qty" value="3">'))).toBe(3);
    expect(chosenQuantity(form('<select name="quantity"><option>1</option><option selected>4</option></select>'))).toBe(4);
    expect(chosenQuantity(form('<input type="text" name="code" value="7">'))).toBe(1);
    expect(chosenQuantity(null)).toBe(1);
  });
});

describe('what the page shows, read through detect()', () => {
  it('reports the terms a results page keeps in its search box as a search', () => {
    const results = detect(htmlPage('<form><input type="search" name="q" value="plastikfrei flasche"></form><h1>Ergebnisse</h1>'), 'https://shop.example/', null);
    expect(results).toMatchObject({ kind: 'search', search: { terms: 'plastikfrei flasche' } });
  });

  it('prefers the search box when the address is cut off mid-character', () => {
    const doc = htmlPage('<form role="search"><input type="text" name="field-keywords" value="光ファイバー パワーメーター"></form>');
    expect(detect(doc, 'https://www.amazon.co.jp/s?k=%E5%85%89+%E3%83', null).search?.terms).toBe('光ファイバー パワーメーター');
  });

  it('drops a label before the brand', () => {
    expect(cleanBrand('Ver mais artigos da Marca: Panasonic')).toBe('Panasonic');
    expect(cleanBrand('Acme')).toBe('Acme');
  });

  it.each([
    ['a price with no telling class near the buy button', '<h1>Puffer Jacket</h1><div><div><span class="x1">alkaen 74,95 €</span></div><button aria-label="Lisää ostoskoriin">Lisää</button></div>', '74.95', 'EUR'],
    ['the price by the button, not the cart total in the header', '<header><span class="price">0,00 €</span></header><h1>Regal</h1><div class="buy"><span class="c-price">99,95<span>€</span></span><button>In den Warenkorb</button></div>', '99.95', 'EUR'],
    ['the current price, not the struck-through one', '<h1>Mask</h1><div><s class="price">150.00€</s><span class="price-new">100.00€</span><button>Add to cart</button></div>', '100.00', 'EUR'],
  ])('%s', (_name, body, price, currency) => {
    const found = detect(htmlPage(body), 'https://shop.example/p/1', null);
    expect(found.kind).toBe('product');
    expect(found.product).toMatchObject({ price, currency, availability: 'InStock' });
  });

  it('many add-to-cart buttons and no product data make a listing', () => {
    const cards = Array.from({ length: 8 }, (_, i) => `<div><a href="/p/${i}">Item ${i}</a><span class="price">${i + 1} €</span><button>Add to cart</button></div>`).join('');
    expect(detect(htmlPage(`<h1>Lamps</h1>${cards}`), 'https://shop.example/lamps', null).kind).toBe('listing');
  });

  it('a product reviews page is not the product page', () => {
    expect(detect(htmlPage('<h1>Lamp › Customer Reviews</h1><span class="price">$10</span><button>Add to Cart</button>'), 'https://shop.example/Lamp/product-reviews/B0001', null).kind).toBe('other');
  });

  it('takes a 13-digit product code with a right check digit for the GTIN too, but not a shorter shop number', () => {
    const withIsbn = detect(htmlPage('<h1>Código do Trabalho</h1><div><span class="price">71,91 €</span><button>Comprar</button></div><p>Ref.: 9789724084985</p>'), 'https://shop.example/p/1', null);
    expect(withIsbn.product).toMatchObject({ sku: '9789724084985', gtin: '9789724084985' });
    const withNumber = detect(htmlPage('<h1>Throw</h1><div><span class="price">£65.00</span><button>Add to basket</button></div><p>Product code: 64981901</p>'), 'https://shop.example/p/2', null);
    expect(withNumber.product?.sku).toBe('64981901');
    expect(withNumber.product).not.toHaveProperty('gtin');
  });

  it.each(['$metabrand', '{{ product.brand }}', '${brand}', '%BRAND%'])('drops a brand the template left unfilled: %s', (brand) => {
    const doc = htmlPage(`<script type="application/ld+json">${JSON.stringify({ '@type': 'Product', name: 'Bra', brand, offers: { price: '20', priceCurrency: 'EUR' } })}</script>`);
    expect(detect(doc, 'https://shop.example/p/3', null).product).not.toHaveProperty('brand');
  });

  it.each(['Does Not Apply', 'N/A', '-', '{{ sku }}'])('drops a product code that says there is none: %s', (code) => {
    const doc = htmlPage(`<script type="application/ld+json">${JSON.stringify({ '@type': 'Product', name: 'Lamp', sku: code, mpn: code, gtin13: code, offers: { price: '20', priceCurrency: 'EUR' } })}</script>`);
    const product = detect(doc, 'https://shop.example/p/4', null).product;
    expect(product).toMatchObject({ name: 'Lamp', price: '20' });
    for (const key of ['sku', 'gtin', 'mpn']) expect(product).not.toHaveProperty(key);
  });
});

describe('text the backend could not store', () => {
  it('drops control characters and lone surrogate halves from product fields instead of the product', () => {
    const doc = htmlPage(ld({ '@type': 'Product', name: 'Desk\u0000 Lamp', brand: 'Acme\ud800', sku: 'L-1\u0007', offers: { price: '20', priceCurrency: 'EUR' } }));
    expect(detect(doc, 'https://shop.example/p/1', null).product).toMatchObject({ name: 'Desk Lamp', brand: 'Acme', sku: 'L-1', price: '20' });
  });
});
