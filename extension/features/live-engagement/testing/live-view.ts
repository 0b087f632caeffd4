import type { ChatLine, LiveView } from '../messages';

/** When the tests' engagement happens (fake timers start here). */
export const T0 = Date.parse('2025-01-01T10:00:00Z');

/** The view of an open engagement with Alex of Voltaire (shop.example, localhost:4101), nothing consented yet, with `change` over it. */
export function liveView(change: Partial<LiveView> = {}): LiveView {
  return {
    engagementId: 'e1',
    associateName: 'Alex',
    link: 'open',
    closedReason: null,
    chat: [],
    typing: false,
    consents: { view: false, guide: false, voice: false },
    asks: [],
    voice: { state: 'off', muted: false, remoteMuted: false, error: null },
    allowedDomains: ['shop.example', 'localhost:4101'],
    maskSelectors: ['.loyalty-number'],
    away: false,
    shopName: 'Voltaire',
    phone: { given: false, masked: null, purposes: [] },
    call: null,
    ...change,
  };
}

/** A product card from the associate, as a chat line (on shop.example unless `url` says otherwise). */
export function productCardLine(id: string, card: Partial<Extract<NonNullable<ChatLine['card']>, { kind: 'product' }>['card']> = {}): ChatLine {
  const full = { sku: 'TT-2P', name: 'Trail Tent 2P', price: '349.00', currency: 'EUR', imageUrl: null, url: 'https://shop.example/p/trail-tent-2p', ...card };
  return { id, from: 'associate', text: `Product: ${full.name}`, sentAt: T0, delivered: true, card: { kind: 'product', card: full } };
}
