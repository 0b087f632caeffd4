import type { ShopperEvent } from '../../../shared/events';
import type { SiteAdapter } from '../../../shared/sites';
import type { App } from '../app';

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
