import type { ShopperEvent } from '../../../shared/events';
import type { SiteAdapter } from '../../../shared/sites';
import type { App } from '../app';

export const VOLT = 'https://volt.example';
export const SUMMIT = 'http://localhost:4102';
/** Where test clocks start. */
export const T0 = '2026-03-02T10:00:00.000Z';

let counter = 0;

/** A client event id that is unique within a test run. */
export function eventId(): string {
  counter += 1;
  return `evt_${counter.toString().padStart(8, '0')}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Two enterprises with one site each, and an API key each. */
export async function seedTwoEnterprises(app: App) {
  const adapter: SiteAdapter = { product: { name: { selector: '.pdp-title' }, currency: 'EUR' } };
  const volt = await app.tenancy.createEnterprise('Voltaire Retail');
  const voltSite = await app.tenancy.addSite(volt.id, { name: 'Voltaire Electronics', domain: 'volt.example' });
  const summit = await app.tenancy.createEnterprise('Summit Outdoor Co.');
  const summitSite = await app.tenancy.addSite(summit.id, { name: 'Summit Outfitters', domain: 'localhost:4102', adapter });
  const voltKey = await app.tenancy.createApiKey(volt.id, 'crm');
  const summitKey = await app.tenancy.createApiKey(summit.id, 'crm');
  return { volt, voltSite, summit, summitSite, voltKey: voltKey.key, summitKey: summitKey.key, adapter };
}

/** An event without its id and time, per event type. */
type Draft = ShopperEvent extends infer E ? (E extends ShopperEvent ? Omit<E, 'id' | 'at'> & { id?: string } : never) : never;

/** Fills in id and time for an event draft. */
export function ev(at: string, draft: Draft): ShopperEvent {
  return { id: eventId(), at, ...draft } as ShopperEvent;
}

export const headphones = {
  name: 'Sony WH-1000XM5',
  price: '349.00',
  currency: 'USD',
  sku: 'VE-10234',
  brand: 'Sony',
  category: ['Audio', 'Headphones'],
  availability: 'InStock' as const,
  url: 'https://volt.example/p/sony-wh-1000xm5',
};

/** A shopper browsing Voltaire from T0: a search, a product, a heartbeat on it, a cart add. */
export const browse = (): ShopperEvent[] => [
  ev(T0, { type: 'page_view', url: `${VOLT}/search?q=headphones`, kind: 'search', title: 'Search' }),
  ev('2026-03-02T10:00:01.000Z', { type: 'search', url: `${VOLT}/search?q=headphones`, terms: 'headphones' }),
  ev('2026-03-02T10:00:05.000Z', { type: 'page_view', url: headphones.url, kind: 'product' }),
  ev('2026-03-02T10:00:05.100Z', { type: 'product_view', url: headphones.url, product: headphones }),
  ev('2026-03-02T10:00:20.000Z', { type: 'heartbeat', url: headphones.url, activeMs: 15_000, productKey: 'sku:VE-10234' }),
  ev('2026-03-02T10:00:25.000Z', {
    type: 'cart_add',
    url: headphones.url,
    item: { name: headphones.name, sku: headphones.sku, quantity: 2, price: '349.00', currency: 'USD' },
  }),
];
