import type { OfferView } from '../../../../shared/realtime';
import type { PracticesView, ProductFacts, SalesInfo } from '../../../../shared/sales';

/** The console's sales fixtures (tests and the screenshots): a tent in view at Voltaire, a verified customer, ranked materials. */
export const NOW = Date.parse('2026-03-01T12:00:00Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

export const product = (change: Partial<ProductFacts> = {}): ProductFacts => ({
  sku: 'TT-2P',
  name: 'Trail Tent 2P',
  brand: 'Nordkamm',
  category: ['Outdoor', 'Tents'],
  price: '349.00',
  listPrice: '399.00',
  currency: 'EUR',
  availability: 'in_stock',
  stock: 12,
  url: 'https://shop.example/p/tt-2p',
  imageUrl: null,
  attributes: { Weight: '2.1 kg', Sleeps: '2' },
  ...change,
});

export const SALES_INFO: SalesInfo = {
  engagementId: 'eng-1',
  productInView: {
    name: 'Trail Tent 2P',
    url: 'https://shop.example/p/tt-2p',
    resolution: 'url',
    product: product(),
    pricesSeen: [
      { price: '399.00', listPrice: null, currency: 'EUR', at: ago(25) },
      { price: '349.00', listPrice: '399.00', currency: 'EUR', at: ago(4) },
    ],
    external: { provider: 'Open Reviews', rating: 4.4, reviewCount: 182, specifications: [{ name: 'Packed size', value: '45 × 15 cm' }], url: 'https://reviews.example/tt-2p' },
  },
  alternatives: [product({ sku: 'DM-3', name: 'Dome 3', price: '289.00', listPrice: null, stock: 4, url: 'https://shop.example/p/dome-3', attributes: {} })],
  accessories: [
    product({ sku: 'FP-2', name: 'Footprint for Trail Tent 2P', price: '39.00', listPrice: null, stock: 30, url: 'https://shop.example/p/fp-2', attributes: {} }),
    product({ sku: 'PEG-8', name: 'Alloy pegs (8)', price: '14.00', listPrice: null, stock: null, url: null, attributes: {} }),
  ],
  customer: { externalId: 'C-1042', tier: 'gold', lifetimeValue: { value: '1240.00', currency: 'EUR' }, tags: ['camper'], notes: 'Prefers light gear.', updatedAt: ago(600) },
  trail: [
    { at: ago(30), kind: 'search', label: 'tent 2 person', url: null },
    { at: ago(25), kind: 'product', label: 'Trail Tent 2P', url: 'https://shop.example/p/tt-2p' },
    { at: ago(12), kind: 'product', label: 'Dome 3', url: 'https://shop.example/p/dome-3' },
    { at: ago(4), kind: 'product', label: 'Trail Tent 2P', url: 'https://shop.example/p/tt-2p' },
    { at: ago(2), kind: 'cart', label: '1 item, 349.00 EUR', url: null },
  ],
};

export const PRACTICES: PracticesView = {
  engagementId: 'eng-1',
  rankingId: 'rank-1',
  situation: { category: ['Outdoor', 'Tents'], rule: 'dwell', channel: 'chat', tier: 'gold' },
  holdout: false,
  materials: [
    { id: 'm-sheet', kind: 'document', title: 'Trail Tent 2P product sheet', version: 2, markdown: null, url: 'https://api.floorwalker.example/m/m-sheet', contentType: 'application/pdf', probability: 0.6, sales: 7, outcomes: 20 },
    { id: 'm-video', kind: 'link', title: 'Pitching it in 3 minutes', version: 1, markdown: null, url: 'https://shop.example/guides/pitching', contentType: null, probability: 0.3, sales: 2, outcomes: 9 },
  ],
  techniques: [
    { id: 't-budget', kind: 'technique', title: 'Ask about budget', version: 1, markdown: '**Ask** what it is for first.\nThen the budget.\n\n- Nights a year?\n- Carried far?', url: null, contentType: null, probability: 0.7, sales: 5, outcomes: 11 },
    { id: 't-bundle', kind: 'technique', title: 'Offer the footprint bundle', version: 3, markdown: 'Mention the footprint <b>saves</b> the floor.', url: null, contentType: null, probability: 0.3, sales: 0, outcomes: 0 },
  ],
  usedByTopAssociates: [{ materialId: 't-budget', title: 'Ask about budget', uses: 14 }],
};

export const OFFER: OfferView = {
  id: 'offer-1',
  opportunityId: 'opp-1',
  priority: 'may',
  offeredAt: ago(6),
  expiresAt: ago(5),
  score: 0.82,
  reasons: [
    { rule: 'accreditation', part: 0.5, weight: 0.5 },
    { rule: 'available_now', part: 0.3, weight: 0.3 },
  ],
  signals: [{ conditionId: 'dwell', description: 'Lingered 90 s on a product', points: 40 }],
  wave: 1,
  colleagues: 0,
  segment: { category: ['Outdoor', 'Tents'], minLevel: 2 },
  needs: [],
  session: {
    site: 'shop.example',
    products: [{ name: 'Trail Tent 2P', url: 'https://shop.example/p/tt-2p', price: '349.00', currency: 'EUR', dwellMs: 90_000, views: 2 }],
    searches: ['tent 2 person', 'light tent'],
    cart: { lines: 1, value: '349.00', currency: 'EUR' },
    customer: { tier: 'gold', lifetimeValue: { value: '1240.00', currency: 'EUR' }, tags: ['camper'], notes: null },
    returning: true,
    customerClaim: null,
  },
};
