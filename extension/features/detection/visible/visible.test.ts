import { describe, expect, it } from 'vitest';
import { htmlPage } from '../../../lib/testing/html-page';
import { detect } from '../detect';
import { brandLeadingName } from '../sources/heuristics';
import { handRule, productLikelihood } from './page-kind';
import type { PageSigns } from './page-signs';

const card = (name: string, price: string) =>
  `<li class="card" itemscope itemtype="https://schema.org/Product"><a href="/p/${name}"><span itemprop="name">${name}</span><span class="price" itemprop="price">${price}</span></a></li>`;

describe('a product page recognised from what a shopper sees', () => {
  it('keeps a product page whose microdata also marks a row of recommendations', () => {
    const doc = htmlPage(`<main><div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Oak desk lamp</h1>
      <span class="price" itemprop="price" content="49.00">€49,00</span><meta itemprop="priceCurrency" content="EUR"><button>Add to cart</button></div>
      <section><h2>You may also like</h2><ul>${card('Shade', '19.00')}${card('Bulb', '4.00')}${card('Stand', '29.00')}</ul></section></main>`);
    const d = detect(doc, 'https://shop.example/lamp', null);
    expect(d.kind).toBe('product');
    expect(d.product).toMatchObject({ name: 'Oak desk lamp', price: '49.00', currency: 'EUR' });
  });

  it('takes the marked product whose name the heading extends (or shortens) for the page’s own', () => {
    const own = `<div itemscope itemtype="https://schema.org/Product"><meta itemprop="name" content="Oak desk lamp"><meta itemprop="price" content="49.00"></div>`;
    const doc = htmlPage(`<h1>Oak desk lamp, black</h1>${own}<ul>${card('Shade', '19.00')}${card('Bulb', '4.00')}</ul>`);
    const d = detect(doc, 'https://shop.example/lamp', null);
    expect(d.kind).toBe('product');
    expect(d.product).toMatchObject({ name: 'Oak desk lamp', price: '49.00' });
  });

  it('does not take a card whose long name merely holds a category heading for the page’s own', () => {
    const doc = htmlPage(`<h1>Desk lamps</h1><ul>${card('Tall oak desk lamps with dimmer', '79.00')}${card('Bulb', '4.00')}${card('Stand', '29.00')}</ul>`);
    expect(detect(doc, 'https://shop.example/lamps', null).kind).toBe('listing');
  });

  it('still takes many marked products with none of them the heading for a listing', () => {
    const doc = htmlPage(`<h1>Lamps</h1><ul>${card('Shade', '19.00')}${card('Bulb', '4.00')}${card('Stand', '29.00')}</ul>`);
    expect(detect(doc, 'https://shop.example/lamps', null).kind).toBe('listing');
  });

  it('reads a Chinese page with no markup: a title, one price, a quantity box and a buy button', () => {
    const doc = htmlPage(`<div class="goods"><div class="goods-title">北欧风实木台灯 卧室床头灯</div><div class="goods-price"><em>¥</em>199.00</div>
      <div class="num"><a>-</a><input type="text" name="buy_num" value="1"><a>+</a></div><a class="btn" href="javascript:;">立即购买</a><a class="btn" href="javascript:;">加入购物车</a></div>`, '', 'zh-CN');
    const d = detect(doc, 'https://shop.example.cn/goods/8812', null);
    expect(d.kind).toBe('product');
    expect(d.product).toMatchObject({ price: '199.00', currency: 'CNY' });
  });

  it('reads a Korean page with no markup', () => {
    const doc = htmlPage(`<h1>무선 블루투스 이어폰</h1><div class="info"><p class="sell-price">39,000원</p><select name="수량"><option>1</option></select><button type="button">바로구매</button></div>`, '', 'ko');
    const d = detect(doc, 'https://shop.example.kr/product/detail.html?product_no=1123', null);
    expect(d.kind).toBe('product');
    expect(d.product?.price).toBe('39000');
  });

  it('takes a classified ad (a heading and its price, no buy button) for a product page', () => {
    const doc = htmlPage(`<h1>Washing machine 6kg</h1><div class="ad"><span class="price">£50</span><p>Collection only, works well.</p></div>`);
    const d = detect(doc, 'https://ads.example.co.uk/app/d/washing-machine/7235216655.htm', null);
    expect(d.kind).toBe('product');
    expect(d.product?.price).toBe('50');
  });

  it('does not take search results with prices on cards for a product page', () => {
    const cards = ['Lamp A', 'Lamp B', 'Lamp C', 'Lamp D'].map((n, i) => `<li><a href="/p/${i}">${n} <span class="price">€${10 + i},00</span></a></li>`).join('');
    const doc = htmlPage(`<h1>Results for lamp</h1><ul>${cards}</ul>`);
    expect(detect(doc, 'https://shop.example/search?q=lamp', null).kind).not.toBe('product');
  });
});

describe('the page-kind model', () => {
  const product: PageSigns = { headingWords: 5, priceByHeading: 1, priceByButton: 0, ownButtons: 1, cardButtons: 0, quantity: true, cardPrices: 4, ownPrices: 2, numberInUrl: true, searchInUrl: false, password: false };
  const search: PageSigns = { headingWords: 3, priceByHeading: 2, priceByButton: null, ownButtons: 0, cardButtons: 24, quantity: false, cardPrices: 48, ownPrices: 1, numberInUrl: false, searchInUrl: true, password: false };

  it('weighs a product page above and a search page below the line, as the rule does', () => {
    expect(productLikelihood(product)).toBeGreaterThan(0.5);
    expect(productLikelihood(search)).toBeLessThan(0.5);
    expect([handRule(product), handRule(search)]).toEqual([true, false]);
  });
});

describe('the brand at the start of the name', () => {
  it('is taken when the page links to the brand, not otherwise', () => {
    const linked = htmlPage('<h1>TP-Link Tapo C200 camera</h1><a href="/brands/tp-link">TP-Link</a>');
    expect(brandLeadingName(linked, 'TP-Link Tapo C200 camera')).toBe('TP-Link');
    expect(brandLeadingName(htmlPage('<a href="/c/remote">Remote</a>'), 'Remote control TV')).toBeNull();
    expect(brandLeadingName(htmlPage('<a href="/x">More from Casio</a>'), 'Casio FX-991ES calculator')).toBe('Casio');
  });
});
