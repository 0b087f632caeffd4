import { describe, expect, it } from 'vitest';
import type { ShopperEvent } from '../../../../shared/events';
import { SessionAggregate } from '../../../../shared/session';
import { ev, headphones } from '../../testing/fixtures';
import { type AggregatedEvent, emptyAggregate, foldEvents } from './aggregate.core';

const at = '2026-03-02T10:00:00.000Z';
const url = 'https://volt.example/p/x';
const on = (event: ShopperEvent, domain = 'volt.example'): AggregatedEvent => ({ event, at: event.at, domain });
const fold = (...events: ShopperEvent[]) => foldEvents(emptyAggregate(), events.map((e) => on(e))).aggregate;
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
      expect(s.cart.totals).toEqual([{ currency: 'EUR', value: '1250.39' }]);
      expect(s.cart.items.map((i) => [i.key, i.quantity])).toEqual([['sku:A', 4], ['sku:B', 1]]);
    }],
    ['keeps a total per currency and never adds USD to EUR', [
      ev(at, { type: 'cart_add', url, item: { name: 'A', sku: 'A', quantity: 2, price: '10.00', currency: 'USD' } }),
      ev(at, { type: 'cart_add', url, item: { name: 'B', sku: 'B', quantity: 1, price: '5.50', currency: 'EUR' } }),
      ev(at, { type: 'cart_add', url, item: { name: 'C', sku: 'C', quantity: 1, price: '1.25' } }),
    ], (s) => {
      expect(s.cart.currency).toBe('USD');
      expect(s.cart.value).toBe('21.25');
      expect(s.cart.totals).toEqual([{ currency: 'USD', value: '21.25' }, { currency: 'EUR', value: '5.50' }]);
    }],
    ['puts the cart page\'s own currency first among the totals', [
      ev(at, { type: 'cart_view', url, currency: 'EUR', value: '40.00', items: [{ name: 'A', quantity: 1, price: '15.00', currency: 'USD' }, { name: 'B', quantity: 2, price: '20.00' }] }),
    ], (s) => {
      expect(s.cart).toMatchObject({ currency: 'EUR', value: '40.00' });
      expect(s.cart.totals).toEqual([{ currency: 'EUR', value: '40.00' }, { currency: 'USD', value: '15.00' }]);
    }],
    ['knows no currency until a line or the cart page names one', [ev(at, { type: 'cart_add', url, item: { name: 'A', quantity: 2, price: '3.00' } })], (s) => {
      expect(s.cart).toMatchObject({ currency: null, value: '6.00', totals: [{ currency: null, value: '6.00' }] });
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
    ['knows no customer until a page view names one', [ev(at, { type: 'page_view', url, kind: 'other' }), ev(at, { type: 'search', url, terms: 'tent' })], { customerId: null, customerClaim: null }],
    ['clears left on the next event', [ev(at, { type: 'leave', url, activeMs: 0 }), ev(at, { type: 'page_view', url, kind: 'other' })], { left: false }],
  ];

  it.each(cases)('%s', (_name, events, expected) => {
    const s = fold(...events);
    if (typeof expected === 'function') expected(s);
    else expect(s).toMatchObject(expected);
  });

  it.each([
    ['a cart add whose line total is past 12 digits', [ev(at, { type: 'cart_add', url, item: { name: 'A', quantity: 10_000, price: '100000000000.0199' } })]],
    ['a cart add that takes the sum past 12 digits', [
      ev(at, { type: 'cart_add', url, item: { name: 'A', sku: 'A', quantity: 1, price: '999999999999.00' } }),
      ev(at, { type: 'cart_add', url, item: { name: 'B', sku: 'B', quantity: 1, price: '1.00' } }),
    ]],
    ['a cart page without a total whose lines add up past 12 digits', [
      ev(at, { type: 'cart_view', url, items: Array.from({ length: 11 }, (_, i) => ({ name: `L${i}`, quantity: 1, price: '100000000000.00' })) }),
    ]],
  ])('leaves out %s, the cart as it was', (_name, events) => {
    const { aggregate, outOfRange } = foldEvents(emptyAggregate(), events.map((e) => on(e)));
    expect(outOfRange).toEqual([on(events.at(-1)!)]);
    expect(aggregate.eventCount).toBe(events.length - 1);
    expect(SessionAggregate.safeParse(aggregate).success).toBe(true);
  });

  it('keeps a cart of the largest amounts a Decimal holds', () => {
    const { aggregate, outOfRange } = foldEvents(emptyAggregate(), [on(ev(at, { type: 'cart_add', url, item: { name: 'A', quantity: 1, price: '999999999999.9999', currency: 'USD' } }))]);
    expect(outOfRange).toEqual([]);
    expect(aggregate.cart.value).toBe('999999999999.9999');
  });

  it('lists each site of the session once', () => {
    const e = ev(at, { type: 'page_view', url, kind: 'other' });
    const s = foldEvents(emptyAggregate(), [on(e, 'a.example'), on(e, 'b.example'), on(e, 'a.example')]).aggregate;
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

  it('reads an aggregate stored before the customer id or claim existed as having none, and takes one from then on', () => {
    const { customerId: _, customerClaim: __, ...old } = emptyAggregate();
    const stored = old as SessionAggregate;
    expect(SessionAggregate.parse(stored)).toMatchObject({ customerId: null, customerClaim: null });
    expect(foldEvents(stored, [on(ev(at, { type: 'search', url, terms: 'tent' }))]).aggregate).toMatchObject({ customerId: null, customerClaim: null });
    const page = { ...on(ev(at, { type: 'page_view', url, kind: 'other', customerId: 'C-7' })), customerVerified: true };
    expect(foldEvents(stored, [page]).aggregate.customerId).toBe('C-7');
  });

  describe('the customer: a verified id, or a claim kept apart', () => {
    const page = (customerId: string | undefined, customerVerified?: boolean): AggregatedEvent => ({
      ...on(ev(at, { type: 'page_view', url, kind: 'product', ...(customerId ? { customerId } : {}) })),
      ...(customerVerified === undefined ? {} : { customerVerified }),
    });
    it.each([
      ['keeps the latest verified id', [page('C-1', true), page('C-2', true), page(undefined)], { customerId: 'C-2', customerClaim: null }],
      ['keeps an unverified id as a claim only', [page('C-1', false)], { customerId: null, customerClaim: 'C-1' }],
      ['takes an id whose verification is unknown as a claim', [page('C-1')], { customerId: null, customerClaim: 'C-1' }],
      ['lets a later proof of the claimed id verify it', [page('C-1', false), page('C-1', true)], { customerId: 'C-1', customerClaim: null }],
      ['keeps the proven id on a later page whose token lapsed', [page('C-1', true), page('C-1', false)], { customerId: 'C-1', customerClaim: null }],
      ['drops the proven id when a page claims another', [page('C-1', true), page('C-9', false)], { customerId: null, customerClaim: 'C-9' }],
      ['keeps both through pages without an id', [page('C-1', false), page(undefined)], { customerId: null, customerClaim: 'C-1' }],
    ])('%s', (_name, events, expected) => {
      expect(foldEvents(emptyAggregate(), events).aggregate).toMatchObject(expected);
    });
  });

  it('leaves its input untouched', () => {
    const before = emptyAggregate();
    const after = foldEvents(before, [on(ev(at, { type: 'page_view', url, kind: 'product' }))]).aggregate;
    expect(before).toEqual(emptyAggregate());
    expect(after.pageViews).toBe(1);
  });
});
