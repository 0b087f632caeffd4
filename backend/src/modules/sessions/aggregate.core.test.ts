import { describe, expect, it } from 'vitest';
import type { ShopperEvent } from '../../../../shared/events';
import type { SessionAggregate } from '../../../../shared/session';
import { ev, headphones } from '../../testing/fixtures';
import { type AggregatedEvent, aggregate, emptyAggregate, foldEvents } from './aggregate.core';

const at = '2026-03-02T10:00:00.000Z';
const url = 'https://volt.example/p/x';
const on = (event: ShopperEvent, domain = 'volt.example'): AggregatedEvent => ({ event, at: event.at, domain });
const fold = (...events: ShopperEvent[]) => foldEvents(emptyAggregate(), events.map((e) => on(e)));
const speaker = { ...headphones, name: 'Bose SoundLink', sku: 'VE-2', price: '129.99', category: ['Audio', 'Speakers'], url: 'https://volt.example/p/bose' };

describe('aggregate', () => {
  const cases: [string, ShopperEvent[], Partial<SessionAggregate> | ((s: SessionAggregate) => void)][] = [
    ['counts page views by kind', [ev(at, { type: 'page_view', url, kind: 'search' }), ev(at, { type: 'page_view', url, kind: 'search' }), ev(at, { type: 'page_view', url, kind: 'cart' })], { pageViews: 3, pagesByKind: { search: 2, cart: 1 }, eventCount: 3 }],
    ['records a product once and counts repeat views', [ev(at, { type: 'product_view', url, product: headphones }), ev('2026-03-02T10:01:00.000Z', { type: 'product_view', url, product: { ...headphones, price: '299.00' } })], (s) => {
      expect(s.products).toHaveLength(1);
      expect(s.products[0]).toMatchObject({ views: 2, price: '299.00', firstSeenAt: at, lastSeenAt: '2026-03-02T10:01:00.000Z' });
      expect(s.categories).toEqual([{ path: ['Audio', 'Headphones'], views: 2 }]);
    }],
    ['keys products without a SKU by URL', [ev(at, { type: 'product_view', url, product: { name: 'Mystery box', url } })], (s) => expect(s.products[0]!.key).toBe(`url:${url}`)],
    ['merges searches case-insensitively and squeezes spaces', [ev(at, { type: 'search', url, terms: 'Noise  Cancelling' }), ev(at, { type: 'search', url, terms: 'noise cancelling' })], { searches: [{ terms: 'Noise Cancelling', count: 2, lastAt: at }] }],
    ['adds dwell to the session and to the product on screen', [ev(at, { type: 'product_view', url, product: headphones }), ev(at, { type: 'heartbeat', url, activeMs: 15_000, productKey: 'sku:VE-10234' }), ev(at, { type: 'leave', url, activeMs: 4_000, productKey: 'sku:VE-10234' }), ev(at, { type: 'heartbeat', url, activeMs: 1_000 })], (s) => {
      expect(s.dwellMs).toBe(20_000);
      expect(s.products[0]!.dwellMs).toBe(19_000);
    }],
    ['sums cart adds exactly in decimals', [
      ev(at, { type: 'cart_add', url, item: { name: 'A', sku: 'A', quantity: 3, price: '0.10', currency: 'EUR' } }),
      ev(at, { type: 'cart_add', url, item: { name: 'B', sku: 'B', quantity: 1, price: '1249.99' } }),
      ev(at, { type: 'cart_add', url, item: { name: 'A', sku: 'A', quantity: 1, price: '0.10' } }),
    ], (s) => {
      expect(s.cart.value).toBe('1250.39');
      expect(s.cart.currency).toBe('EUR');
      expect(s.cart.items.map((i) => [i.key, i.quantity])).toEqual([['sku:A', 4], ['sku:B', 1]]);
    }],
    ['lets the cart page replace what the adds built, trusting its total', [
      ev(at, { type: 'cart_add', url, item: { name: 'A', sku: 'A', quantity: 3, price: '10.00' } }),
      ev(at, { type: 'cart_view', url, items: [{ name: 'B', sku: 'B', quantity: 2, price: '5.00', currency: 'GBP' }], value: '9.5' }),
    ], (s) => {
      expect(s.cart.items.map((i) => i.key)).toEqual(['sku:B']);
      expect(s.cart.value).toBe('9.50');
      expect(s.cart.currency).toBe('GBP');
    }],
    ['sums a cart page without a total from its lines', [ev(at, { type: 'cart_view', url, items: [{ name: 'B', quantity: 2, price: '5.25' }, { name: 'C', quantity: 1 }] })], (s) => expect(s.cart.value).toBe('10.50')],
    ['marks the session left until the shopper comes back', [ev(at, { type: 'leave', url, activeMs: 0 })], { left: true, lastUrl: url }],
    ['clears left on the next event', [ev(at, { type: 'leave', url, activeMs: 0 }), ev(at, { type: 'page_view', url, kind: 'other' })], { left: false }],
  ];

  it.each(cases)('%s', (_name, events, expected) => {
    const s = fold(...events);
    if (typeof expected === 'function') expected(s);
    else expect(s).toMatchObject(expected);
  });

  it('lists each site of the session once', () => {
    const e = ev(at, { type: 'page_view', url, kind: 'other' });
    const s = foldEvents(emptyAggregate(), [on(e, 'a.example'), on(e, 'b.example'), on(e, 'a.example')]);
    expect(s.sites).toEqual(['a.example', 'b.example']);
  });

  it('keeps only the 100 most recently seen products', () => {
    const events = Array.from({ length: 120 }, (_, i) =>
      ev(new Date(Date.parse(at) + i * 1000).toISOString(), { type: 'product_view', url, product: { ...speaker, sku: `S${i}` } }),
    );
    const s = fold(...events);
    expect(s.products).toHaveLength(100);
    expect(s.products[0]!.key).toBe('sku:S20');
  });

  it('leaves its input untouched', () => {
    const before = emptyAggregate();
    const after = aggregate(before, on(ev(at, { type: 'page_view', url, kind: 'product' })));
    expect(before).toEqual(emptyAggregate());
    expect(after.pageViews).toBe(1);
  });
});
