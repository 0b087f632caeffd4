import { describe, expect, it } from 'vitest';
import type { OfferView } from '../../../shared/realtime';
import type { ProductFacts, TrailStep } from '../../../shared/sales';
import {
  agoText,
  CONTEXTS_KEPT,
  customerLine,
  materialCard,
  materialRecord,
  pricesSeenLines,
  priceText,
  productCard,
  productInViewCard,
  rememberContext,
  shopOf,
  shopperTitle,
  stockText,
  trailLines,
} from './sales.core';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const product = (change: Partial<ProductFacts> = {}): ProductFacts => ({
  sku: 'TT-2P',
  name: 'Trail Tent 2P',
  brand: 'Nordkamm',
  category: ['Outdoor', 'Tents'],
  price: '349.00',
  listPrice: null,
  currency: 'EUR',
  availability: 'in_stock',
  stock: 12,
  url: 'https://shop.example/p/tt-2p',
  imageUrl: 'https://cdn.shop.example/tt-2p.jpg',
  attributes: {},
  ...change,
});

describe('the shopper in the header', () => {
  it.each([
    ['the backend’s name', 'Maria', null, 'Maria'],
    ['the generic name, a verified customer', 'Shopper', { externalId: 'C-1042' }, 'Customer C-1042'],
    ['no name, no customer', undefined, null, 'Shopper'],
    ['a blank name', '  ', null, 'Shopper'],
  ])('%s', (_, name, customer, title) => {
    expect(shopperTitle(name, customer)).toBe(title);
  });
});

describe('rememberContext: what the agent had when it accepted, kept for the console', () => {
  const offer = { id: 'o1', session: { site: 'shop.example' } } as unknown as OfferView;
  it('keeps the offer when the engagement view comes later, and names the shop', () => {
    let contexts = rememberContext({}, 'e1', { offer }, NOW);
    contexts = rememberContext(contexts, 'e1', { engagement: { id: 'e1', shopper: { site: 'www.shop.example' } } as never }, NOW + 1);
    expect(contexts.e1!.offer).toBe(offer);
    expect(shopOf(contexts.e1)).toBe('www.shop.example');
    expect(shopOf({ offer, engagement: null, savedAt: 0 })).toBe('shop.example');
    expect(shopOf(undefined)).toBeNull();
  });

  it(`keeps the newest ${CONTEXTS_KEPT}`, () => {
    let contexts = {};
    for (let i = 0; i < CONTEXTS_KEPT + 5; i++) contexts = rememberContext(contexts, `e${i}`, { offer }, NOW + i);
    expect(Object.keys(contexts)).toHaveLength(CONTEXTS_KEPT);
    expect(Object.keys(contexts)).not.toContain('e0');
    expect(Object.keys(contexts)).toContain(`e${CONTEXTS_KEPT + 4}`);
  });
});

describe('the product in words', () => {
  it.each([
    ['in_stock', 12, 'In stock (12)'],
    ['in_stock', null, 'In stock'],
    ['out_of_stock', 0, 'Out of stock'],
    ['preorder', null, 'Pre-order'],
    ['backorder', 3, 'Back-order'],
  ] as const)('%s, %s → %s', (availability, stock, text) => {
    expect(stockText(availability, stock)).toBe(text);
  });

  it('the price, and the list price it is down from during a sale', () => {
    expect(priceText(product(), 'en')).toEqual({ price: '€349.00', was: null });
    expect(priceText(product({ listPrice: '399.00' }), 'en')).toEqual({ price: '€349.00', was: 'was €399.00, 13% off' });
    // A list price at or below the price is no sale.
    expect(priceText(product({ listPrice: '349.00' }), 'en').was).toBeNull();
  });

  it('prices seen: one line per change, oldest first, with when', () => {
    const lines = pricesSeenLines(
      [
        { price: '399.00', listPrice: null, currency: 'EUR', at: ago(30) },
        { price: '349.00', listPrice: '399.00', currency: 'EUR', at: ago(3) },
        { price: '399.00', listPrice: null, currency: 'EUR', at: ago(20) },
        { price: '349.00', listPrice: '399.00', currency: null, at: ago(0) },
      ],
      NOW,
      'EUR',
      'en',
    );
    expect(lines).toEqual([
      { price: '€399.00', ago: '30 min ago' },
      { price: '€349.00 (list €399.00)', ago: '3 min ago' },
    ]);
  });

  it.each([
    [NOW, 'just now'],
    [NOW + 60_000, 'just now'],
    [NOW - 59_000, 'just now'],
    [NOW - 5 * 60_000, '5 min ago'],
    [NaN, 'just now'],
  ])('agoText(%s)', (at, text) => {
    expect(agoText(at, NOW)).toBe(text);
  });
});

describe('cards', () => {
  it('a catalogue product becomes a card with its page', () => {
    expect(productCard(product())).toEqual({ sku: 'TT-2P', name: 'Trail Tent 2P', price: '349.00', currency: 'EUR', imageUrl: 'https://cdn.shop.example/tt-2p.jpg', url: 'https://shop.example/p/tt-2p' });
  });

  it('no web page, no card; an image that is not http(s) is left out', () => {
    expect(productCard(product({ url: null }))).toBeNull();
    expect(productCard(product({ url: 'javascript:alert(1)' }))).toBeNull();
    expect(productCard(product({ imageUrl: 'data:image/png;base64,AAAA' }))?.imageUrl).toBeNull();
  });

  it('the product in view: the catalogue’s, else what the page showed with the last price seen', () => {
    const view = { name: 'Trail Tent (page)', url: 'https://shop.example/p/tt-2p?ref=x', resolution: 'none' as const, product: null, pricesSeen: [{ price: '339.00', listPrice: null, currency: 'EUR', at: ago(1) }], external: null };
    expect(productInViewCard(view)).toEqual({ sku: null, name: 'Trail Tent (page)', price: '339.00', currency: 'EUR', imageUrl: null, url: 'https://shop.example/p/tt-2p?ref=x' });
    expect(productInViewCard({ ...view, resolution: 'url', product: product({ url: null }) })?.url).toBe('https://shop.example/p/tt-2p?ref=x');
  });

  it('materials: documents and links with an address go as cards, techniques never', () => {
    expect(materialCard({ id: 'm1', kind: 'document', title: 'Tent sheet', url: 'https://api.example/m/m1' })).toEqual({ materialId: 'm1', title: 'Tent sheet', kind: 'document', url: 'https://api.example/m/m1' });
    expect(materialCard({ id: 't1', kind: 'technique', title: 'Budget', url: null })).toBeNull();
    expect(materialCard({ id: 'm2', kind: 'link', title: 'Video', url: 'ftp://x' })).toBeNull();
  });

  it('a material’s record', () => {
    expect(materialRecord({ sales: 0, outcomes: 0 })).toBe('No outcomes yet');
    expect(materialRecord({ sales: 1, outcomes: 1 })).toBe('1 sale in 1 outcome');
    expect(materialRecord({ sales: 3, outcomes: 10 })).toBe('3 sales in 10 outcomes');
  });
});

describe('trailLines', () => {
  const step = (kind: TrailStep['kind'], label: string, minutes: number, url: string | null = null): TrailStep => ({ at: ago(minutes), kind, label, url });
  it('newest first, repeats in a row folded and counted, links only to web pages', () => {
    const lines = trailLines(
      [
        step('search', 'tent 2 person', 12),
        step('product', 'Trail Tent 2P', 10, 'https://shop.example/p/tt-2p'),
        step('product', 'Trail Tent 2P', 8, 'https://shop.example/p/tt-2p'),
        step('product', 'Dome 3', 6, 'javascript:alert(1)'),
        step('product', 'Trail Tent 2P', 4),
        step('cart', '1 item, 349.00 EUR', 2),
      ],
      NOW,
    );
    expect(lines.map((l) => [l.verb, l.label, l.times, l.ago, l.url])).toEqual([
      ['Cart', '1 item, 349.00 EUR', 1, '2 min ago', null],
      ['Looked at', 'Trail Tent 2P', 1, '4 min ago', null],
      ['Looked at', 'Dome 3', 1, '6 min ago', null],
      ['Looked at', 'Trail Tent 2P', 2, '8 min ago', 'https://shop.example/p/tt-2p'],
      ['Searched for', 'tent 2 person', 1, '12 min ago', null],
    ]);
  });

  it('keeps the newest `keep`', () => {
    const trail = Array.from({ length: 50 }, (_, i) => step('page', `Page ${i}`, 50 - i));
    expect(trailLines(trail, NOW, 10).map((l) => l.label)).toEqual(Array.from({ length: 10 }, (_, i) => `Page ${49 - i}`));
  });
});

describe('customerLine', () => {
  it('tier and lifetime value, or that the customer is known', () => {
    expect(customerLine({ tier: 'gold', lifetimeValue: { value: '1240.00', currency: 'EUR' } }, 'en')).toBe('gold tier · €1,240.00 lifetime');
    expect(customerLine({ tier: null, lifetimeValue: null })).toBe('Known customer');
  });
});

describe('cards the other side takes', () => {
  it('a name cut at its limit never ends in half a character; an address past the limit is no card', () => {
    const name = 'a'.repeat(499) + '😀';
    expect(productCard(product({ name }))?.name).toBe('a'.repeat(499));
    expect(productCard(product({ url: `https://shop.example/${'p'.repeat(2048)}` }))).toBeNull();
    expect(materialCard({ id: 'm'.repeat(101), kind: 'link', title: 'x', url: 'https://shop.example/' })).toBeNull();
  });
});
