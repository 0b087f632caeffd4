import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../../lib/testing/html-page';
import { detect } from '../detect';
import { brandFromByline } from './platform';

describe('bylines', () => {
  it.each([
    ['Visit the Gothamite Store', 'Gothamite'],
    ['Marke: Oceana', 'Oceana'],
    ['Marque : D&STBKI', 'D&STBKI'],
    ['Besuchen Sie den Ankerkraut-Store', 'Ankerkraut'],
    ['Visiter la boutique PetSafe', 'PetSafe'],
    ['Visita lo Store di Retevis', 'Retevis'],
  ])('byline %s → %s', (byline, brand) => expect(brandFromByline(byline)).toBe(brand));
});

describe('platform markup', () => {
  it('reads an Amazon product page', () => {
    const doc = htmlPage(`<div id="dp"><div id="centerCol"><span id="productTitle"> Rolling Duffle Bag </span><a id="bylineInfo">Visit the Gothamite Store</a>
      <span id="priceblock_ourprice">$87.11</span><div id="availability"><span>In Stock.</span></div></div>
      <input type="hidden" id="ASIN" name="ASIN" value="B01GOH7PKA"><input type="submit" id="add-to-cart-button" value="Add to Cart"></div>`);
    expect(detect(doc, 'https://www.amazon.com/dp/B01GOH7PKA', null)).toMatchObject({
      kind: 'product',
      product: { name: 'Rolling Duffle Bag', sku: 'B01GOH7PKA', price: '87.11', currency: 'USD', brand: 'Gothamite', availability: 'InStock' },
    });
  });

  it('reads Shopify meta JSON', () => {
    const doc = htmlPage(`<script>var meta = {"product":{"id":1,"vendor":"Acme","variants":[{"id":11,"price":2990,"name":"Mug - Red","sku":"MUG-R"}]}};
      Shopify.currency = {"active":"EUR","rate":"1.0"};</script>`);
    expect(detect(doc, 'https://shop.example/products/mug', null)).toMatchObject({ kind: 'product', product: { price: '29.9', currency: 'EUR', sku: 'MUG-R', brand: 'Acme' } });
  });

  it('reads WooCommerce and Magento markup', () => {
    const woo = htmlPage(`<div class="product"><div class="summary"><h1 class="product_title">Mug</h1><p class="price"><del><span class="woocommerce-Price-amount">12,00 €</span></del><ins><span class="woocommerce-Price-amount">9,50 €</span></ins></p><p class="stock">Auf Lager</p></div><div class="product_meta"><span class="sku">MUG-1</span></div></div>`);
    expect(detect(woo, 'https://shop.example/mug', null).product).toMatchObject({ name: 'Mug', price: '9.50', currency: 'EUR', sku: 'MUG-1', availability: 'InStock' });
    const magento = htmlPage(`<div class="product-info-main"><h1 class="page-title">Lamp</h1><span data-price-type="finalPrice" data-price-amount="39.9">$39.90</span><div class="product attribute sku"><div class="value">LMP-9</div></div></div>`);
    expect(detect(magento, 'https://shop.example/lamp.html', null).product).toMatchObject({ name: 'Lamp', price: '39.9', sku: 'LMP-9' });
  });
});
