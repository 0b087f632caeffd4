import { describe, expect, it } from 'vitest';
import { parseAvailability } from './availability';
import { cleanBrand, detect } from './detect';
import { isGtin } from './identifiers';
import { currencyFromText, pageCurrencyHints, parsePrice } from './price';
import { brandBeforeName, mainHeading, specTable } from './sources/heuristics';
import { isNotThePrice } from './shown-price';
import { brandFromByline } from './sources/platform';
import { searchBoxTerms } from './sources/search-box';
import { productNumberInUrl, searchTerms } from './sources/url';

function page(body: string, head = '', lang = ''): Document {
  return new DOMParser().parseFromString(`<!doctype html><html${lang ? ` lang="${lang}"` : ''}><head>${head}</head><body>${body}</body></html>`, 'text/html');
}

describe('currency by the page country', () => {
  it.each([
    ['$ 24.990', 'https://tienda.example.cl/p/1', '', 'CLP'],
    ['$19.99', 'https://shop.example.com/p/1', 'en-CA', 'CAD'],
    ['$19.99', 'https://shop.example.com/p/1', 'en', 'USD'],
    ['499 kr', 'https://butik.example.se/p', '', 'SEK'],
    ['499 kr', 'https://shop.example.com/p', 'nb', 'NOK'],
    ['¥12,800', 'https://shop.example.jp/p', '', 'JPY'],
    ['¥99', 'https://shop.example.cn/p', '', 'CNY'],
    ['Rs 23,450', 'https://shop.example.pk/p', '', 'PKR'],
    ['1 299,00 zł', 'https://sklep.example.pl/p', '', 'PLN'],
    ['270,00 Kn', 'https://shop.example.hr/p', '', 'HRK'],
    ['173,34 Lei', 'https://shop.example.ro/p', '', 'RON'],
    ['R$ 1.299,90', 'https://loja.example.com.br/p', '', 'BRL'],
  ])('%s on %s (%s) → %s', (text, url, lang, code) => {
    expect(currencyFromText(text, pageCurrencyHints(page('', '', lang), new URL(url)))).toBe(code);
  });
  it('letter symbols count as whole words only', () => {
    expect(currencyFromText('Kniff 12')).toBeNull();
  });
  it('reads prices shown in many locales', () => {
    expect(parsePrice('1.234,56 €')).toEqual({ amount: '1234.56', currency: 'EUR' });
    expect(parsePrice('£1,299')).toEqual({ amount: '1299', currency: 'GBP' });
  });
});

describe('availability text in many languages', () => {
  it.each([
    ['In Stock.', 'InStock'],
    ['Auf Lager.', 'InStock'],
    ['En stock', 'InStock'],
    ['Disponibilità immediata', 'InStock'],
    ['Op voorraad', 'InStock'],
    ['På lager', 'InStock'],
    ['W magazynie', 'InStock'],
    ['Em estoque', 'InStock'],
    ['in_stock', 'InStock'],
    ['Habituellement expédié sous 3 à 4 jours.', 'InStock'],
    ['Derzeit nicht verfügbar.', 'OutOfStock'],
    ['Sold out', 'OutOfStock'],
    ['Ausverkauft', 'OutOfStock'],
    ['Agotado', 'OutOfStock'],
    ['Épuisé', 'OutOfStock'],
    ['Non disponible', 'OutOfStock'],
    ['Non disponibile', 'OutOfStock'],
    ['Brak w magazynie', 'OutOfStock'],
    ['Нет в наличии', 'OutOfStock'],
  ])('%s → %s', (text, expected) => expect(parseAvailability(text)).toBe(expected));
});

describe('search terms', () => {
  it.each([
    ['https://www.ebay.com/sch/i.html?_nkw=red+basketball+shoes&_pgn=1', 'red basketball shoes'],
    ['https://www.aliexpress.com/wholesale?SearchText=kids+wear&CatId=0', 'kids wear'],
    ['https://search.example.com/search?keyword=%E6%BF%80%E5%85%89', '激光'],
    ['https://www.amazon.com/s?k=gym+mat+tile&ref=nb', 'gym mat tile'],
    ['https://shop.example/s?field-keywords=usb+hub', 'usb hub'],
    ['https://shop.example/search?Ntt=lamp', 'lamp'],
    ['https://shop.example/buscar/zapatos%20rojos', 'zapatos rojos'],
    ['https://shop.example/suche/rote+schuhe', 'rote schuhe'],
    ['https://shop.example/recherche/chaussures', 'chaussures'],
    ['https://shop.example/search/result.html?page=8', null],
  ])('%s → %s', (url, terms) => expect(searchTerms(new URL(url))).toBe(terms));

  it('reads the terms a results page keeps in its search box', () => {
    expect(searchBoxTerms(page('<form><input type="text" name="field-keywords" value="katzenfutter"></form>'))).toBe('katzenfutter');
    expect(searchBoxTerms(page('<form><input type="email" name="search" value="a@b.c"></form>'))).toBeNull();
    expect(searchBoxTerms(page(`<input type="text" name="keyword" value="Type and press enter" onfocus="if(this.value=='Type and press enter') this.value='';">`))).toBeNull();
    expect(searchBoxTerms(page('<input type="search" name="q" value="Search" placeholder="Search">'))).toBeNull();
    const results = detect(page('<form><input type="search" name="q" value="plastikfrei flasche"></form><h1>Ergebnisse</h1>'), 'https://shop.example/', null);
    expect(results).toMatchObject({ kind: 'search', search: { terms: 'plastikfrei flasche' } });
  });

  it('prefers the search box when the address is cut off mid-character', () => {
    const doc = page('<input type="text" name="field-keywords" value="光ファイバー パワーメーター">');
    expect(detect(doc, 'https://www.amazon.co.jp/s?k=%E5%85%89+%E3%83', null).search?.terms).toBe('光ファイバー パワーメーター');
  });
});

describe('product numbers, bylines, brands', () => {
  it.each([
    ['https://shop.example/massivholz-regal-p400105394.html', '400105394'],
    ['https://www.ebay.it/itm/133588510845', '133588510845'],
    ['https://city.example.org/app/d/washing-machine/7235216655.html', '7235216655'],
    ['https://shop.example/p/headphones', null],
    ['https://shop.example/p/2020', null],
  ])('%s → %s', (url, id) => expect(productNumberInUrl(new URL(url))).toBe(id));

  it.each([
    ['Visit the Gothamite Store', 'Gothamite'],
    ['Marke: Oceana', 'Oceana'],
    ['Marque : D&STBKI', 'D&STBKI'],
    ['Besuchen Sie den Ankerkraut-Store', 'Ankerkraut'],
    ['Visiter la boutique PetSafe', 'PetSafe'],
    ['Visita lo Store di Retevis', 'Retevis'],
  ])('byline %s → %s', (byline, brand) => expect(brandFromByline(byline)).toBe(brand));

  it('drops a label before the brand', () => {
    expect(cleanBrand('Ver mais artigos da Marca: Panasonic')).toBe('Panasonic');
    expect(cleanBrand('Acme')).toBe('Acme');
  });
});

describe('visible-page heuristics', () => {
  it('reads identifiers from a spec table or list', () => {
    const doc = page(`<table><tr><th>Brand</th><td>Acme</td></tr><tr><th>EAN</th><td>4006381 333931</td></tr></table>
      <dl><dt>Art.-Nr.</dt><dd>X2-BLK</dd></dl><ul><li><span>Manufacturer : </span><span>Ignored, brand known</span></li><li><b>MPN:</b> X2</li></ul>`);
    // The SKU is the code the page shows (identifiers.ts), read once for all sources.
    expect(specTable(doc)).toEqual({ brand: 'Acme', gtin: '4006381333931', mpn: 'X2' });
  });

  it('tells old and per-unit prices apart from the price to pay', () => {
    const doc = page('<span class="price-old">10 €</span><del class="p">12 €</del><span class="wasPrice">9 €</span><span class="price">8 €</span><span class="bold price">7 €</span>');
    const flags = Array.from(doc.querySelectorAll('span, del')).map((el) => isNotThePrice(el));
    expect(flags).toEqual([true, true, true, false, false]);
  });

  it('takes the main h1 outside the page header, or the marked one', () => {
    expect(mainHeading(page('<header><h1>Shop</h1></header><main><h1>Desk Lamp</h1></main>'))).toBe('Desk Lamp');
    expect(mainHeading(page('<h1>Cart is empty</h1><h1 itemprop="name">Desk Lamp</h1>'))).toBe('Desk Lamp');
    expect(mainHeading(page('<header><h1>Desk Lamp</h1></header>'))).toBe('Desk Lamp');
  });

  it.each([
    ['a price with no telling class near the buy button', '<h1>Puffer Jacket</h1><div><div><span class="x1">alkaen 74,95 €</span></div><button aria-label="Lisää ostoskoriin">Lisää</button></div>', '74.95', 'EUR'],
    ['the price by the button, not the cart total in the header', '<header><span class="price">0,00 €</span></header><h1>Regal</h1><div class="buy"><span class="c-price">99,95<span>€</span></span><button>In den Warenkorb</button></div>', '99.95', 'EUR'],
    ['the current price, not the struck-through one', '<h1>Mask</h1><div><s class="price">150.00€</s><span class="price-new">100.00€</span><button>Add to cart</button></div>', '100.00', 'EUR'],
  ])('%s', (_name, body, price, currency) => {
    const found = detect(page(body), 'https://shop.example/p/1', null);
    expect(found.kind).toBe('product');
    expect(found.product).toMatchObject({ price, currency, availability: 'InStock' });
  });

  it('many add-to-cart buttons and no product data make a listing', () => {
    const cards = Array.from({ length: 8 }, (_, i) => `<div><a href="/p/${i}">Item ${i}</a><span class="price">${i + 1} €</span><button>Add to cart</button></div>`).join('');
    expect(detect(page(`<h1>Lamps</h1>${cards}`), 'https://shop.example/lamps', null).kind).toBe('listing');
  });

  it('a product reviews page is not the product page', () => {
    expect(detect(page('<h1>Lamp › Customer Reviews</h1><span class="price">$10</span><button>Add to Cart</button>'), 'https://shop.example/Lamp/product-reviews/B0001', null).kind).toBe('other');
  });
});

describe('platform markup', () => {
  it('reads an Amazon product page', () => {
    const doc = page(`<div id="dp"><div id="centerCol"><span id="productTitle"> Rolling Duffle Bag </span><a id="bylineInfo">Visit the Gothamite Store</a>
      <span id="priceblock_ourprice">$87.11</span><div id="availability"><span>In Stock.</span></div></div>
      <input type="hidden" id="ASIN" name="ASIN" value="B01GOH7PKA"><input type="submit" id="add-to-cart-button" value="Add to Cart"></div>`);
    expect(detect(doc, 'https://www.amazon.com/dp/B01GOH7PKA', null)).toMatchObject({
      kind: 'product',
      product: { name: 'Rolling Duffle Bag', sku: 'B01GOH7PKA', price: '87.11', currency: 'USD', brand: 'Gothamite', availability: 'InStock' },
    });
  });

  it('reads Shopify meta JSON', () => {
    const doc = page(`<script>var meta = {"product":{"id":1,"vendor":"Acme","variants":[{"id":11,"price":2990,"name":"Mug - Red","sku":"MUG-R"}]}};
      Shopify.currency = {"active":"EUR","rate":"1.0"};</script>`);
    expect(detect(doc, 'https://shop.example/products/mug', null)).toMatchObject({ kind: 'product', product: { price: '29.9', currency: 'EUR', sku: 'MUG-R', brand: 'Acme' } });
  });

  it('reads WooCommerce and Magento markup', () => {
    const woo = page(`<div class="product"><div class="summary"><h1 class="product_title">Mug</h1><p class="price"><del><span class="woocommerce-Price-amount">12,00 €</span></del><ins><span class="woocommerce-Price-amount">9,50 €</span></ins></p><p class="stock">Auf Lager</p></div><div class="product_meta"><span class="sku">MUG-1</span></div></div>`);
    expect(detect(woo, 'https://shop.example/mug', null).product).toMatchObject({ name: 'Mug', price: '9.50', currency: 'EUR', sku: 'MUG-1', availability: 'InStock' });
    const magento = page(`<div class="product-info-main"><h1 class="page-title">Lamp</h1><span data-price-type="finalPrice" data-price-amount="39.9">$39.90</span><div class="product attribute sku"><div class="value">LMP-9</div></div></div>`);
    expect(detect(magento, 'https://shop.example/lamp.html', null).product).toMatchObject({ name: 'Lamp', price: '39.9', sku: 'LMP-9' });
  });
});

describe('identifiers and brands, checked', () => {
  it.each([
    ['4006381333931', true], // EAN-13
    ['9789724084985', true], // ISBN-13
    ['036000291452', true], // UPC-A
    ['96385074', true], // EAN-8
    ['4006381333932', false], // wrong check digit
    ['0000000000000', false],
    ['40063813339', false], // 11 digits
    ['ABC1234567890', false],
  ])('isGtin(%s) → %s', (code, expected) => expect(isGtin(code)).toBe(expected));

  it('takes a 13-digit product code with a right check digit for the GTIN too, but not a shorter shop number', () => {
    const withIsbn = detect(page('<h1>Código do Trabalho</h1><div><span class="price">71,91 €</span><button>Comprar</button></div><p>Ref.: 9789724084985</p>'), 'https://shop.example/p/1', null);
    expect(withIsbn.product).toMatchObject({ sku: '9789724084985', gtin: '9789724084985' });
    const withNumber = detect(page('<h1>Throw</h1><div><span class="price">£65.00</span><button>Add to basket</button></div><p>Product code: 64981901</p>'), 'https://shop.example/p/2', null);
    expect(withNumber.product?.sku).toBe('64981901');
    expect(withNumber.product).not.toHaveProperty('gtin');
  });

  it.each(['$metabrand', '{{ product.brand }}', '${brand}', '%BRAND%'])('drops a brand the template left unfilled: %s', (brand) => {
    const doc = page(`<script type="application/ld+json">${JSON.stringify({ '@type': 'Product', name: 'Bra', brand, offers: { price: '20', priceCurrency: 'EUR' } })}</script>`);
    expect(detect(doc, 'https://shop.example/p/3', null).product).not.toHaveProperty('brand');
  });

  it.each(['Does Not Apply', 'N/A', '-', '{{ sku }}'])('drops a product code that says there is none: %s', (code) => {
    const doc = page(`<script type="application/ld+json">${JSON.stringify({ '@type': 'Product', name: 'Lamp', sku: code, mpn: code, gtin13: code, offers: { price: '20', priceCurrency: 'EUR' } })}</script>`);
    const product = detect(doc, 'https://shop.example/p/4', null).product;
    expect(product).toMatchObject({ name: 'Lamp', price: '20' });
    for (const key of ['sku', 'gtin', 'mpn']) expect(product).not.toHaveProperty(key);
  });

  it('does not take the shop name at the start of the title for the brand', () => {
    const doc = page('<h1>Beef jerky</h1><div><span class="price">NT$990</span><button>Buy now</button></div>', '<title>i3Fresh Market - Beef jerky</title>');
    expect(brandBeforeName(doc, 'Beef jerky', new URL('https://i3fresh.tw/favorable_1.html'))).toBeNull();
    expect(brandBeforeName(doc, 'Beef jerky', new URL('https://other.example/p/1'))).toBe('i3Fresh Market');
  });
});
