import { describe, expect, it } from 'vitest';
import { EventBatch, ShopperEvent } from './events';

const base = { id: 'evt_12345678', at: '2026-03-02T10:00:00.000Z', url: 'https://shop.example/p/1' };

describe('ShopperEvent', () => {
  it.each([
    ['a page view', { ...base, type: 'page_view', kind: 'product' }],
    ['a page view with the customer id', { ...base, type: 'page_view', kind: 'product', customerId: 'C-1042' }],
    ['a product view with a full product', { ...base, type: 'product_view', product: { name: 'Tent', price: '249.00', currency: 'EUR', sku: 'T1', availability: 'InStock', category: ['Camping', 'Tents'], url: base.url } }],
    ['a search', { ...base, type: 'search', terms: 'tent' }],
    ['a cart add', { ...base, type: 'cart_add', item: { name: 'Tent', quantity: 1, price: '249.00' } }],
    ['a cart view', { ...base, type: 'cart_view', items: [], value: '0.00', currency: 'EUR' }],
    ['a heartbeat', { ...base, type: 'heartbeat', activeMs: 15000, productKey: 'sku:T1' }],
    ['a leave with an offset time', { ...base, at: '2026-03-02T11:00:00+01:00', type: 'leave', activeMs: 0 }],
  ])('accepts %s', (_name, event) => expect(ShopperEvent.safeParse(event).success).toBe(true));

  it.each([
    ['a float-ish price', { ...base, type: 'product_view', product: { name: 'T', price: '1,249.00', url: base.url } }, 'product.price'],
    ['a symbol for a currency', { ...base, type: 'product_view', product: { name: 'T', currency: '€', url: base.url } }, 'product.currency'],
    ['a non-http url', { ...base, url: 'javascript:alert(1)', type: 'page_view', kind: 'other' }, 'url'],
    ['an unknown page kind', { ...base, type: 'page_view', kind: 'blog' }, 'kind'],
    ['a short id', { ...base, id: 'x', type: 'page_view', kind: 'other' }, 'id'],
    ['a time without zone', { ...base, at: '2026-03-02 10:00', type: 'page_view', kind: 'other' }, 'at'],
    ['negative dwell', { ...base, type: 'heartbeat', activeMs: -1 }, 'activeMs'],
    ['zero quantity', { ...base, type: 'cart_add', item: { name: 'T', quantity: 0 } }, 'item.quantity'],
    ['a NUL in a title', { ...base, type: 'page_view', kind: 'other', title: 'a\u0000' }, 'title'],
    ['a NUL in search terms', { ...base, type: 'search', terms: 'tent\u0000' }, 'terms'],
    ['a lone surrogate in a referrer', { ...base, type: 'page_view', kind: 'other', referrer: '\ud800' }, 'referrer'],
    ['a lone surrogate in a product brand', { ...base, type: 'product_view', product: { name: 'T', brand: 'B\udfff', url: base.url } }, 'product.brand'],
    ['a lone surrogate in a product image', { ...base, type: 'product_view', product: { name: 'T', image: 'https://shop.example/\ud800.jpg', url: base.url } }, 'product.image'],
    ['a NUL in a cart line SKU', { ...base, type: 'cart_view', items: [{ name: 'T', sku: 'S\u0000', quantity: 1 }] }, 'items.0.sku'],
    ['a lone surrogate in the page URL', { ...base, url: 'https://shop.example/\udc00', type: 'page_view', kind: 'other' }, 'url'],
    ['an empty customer id', { ...base, type: 'page_view', kind: 'other', customerId: '  ' }, 'customerId'],
    ['a customer id of 201 characters', { ...base, type: 'page_view', kind: 'other', customerId: 'c'.repeat(201) }, 'customerId'],
    ['a control character in a customer id', { ...base, type: 'page_view', kind: 'other', customerId: 'C\n1' }, 'customerId'],
    ['a NUL in a product key', { ...base, type: 'leave', activeMs: 0, productKey: 'sku:\u0000' }, 'productKey'],
  ])('refuses %s, naming %s', (_name, event, path) => {
    const r = ShopperEvent.safeParse(event);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('refuses an empty batch', () => expect(EventBatch.safeParse({ events: [] }).success).toBe(false));
});
