import { type CatalogProduct, decimalAmount } from '../../../../shared/catalog';
import { type Product, productKey } from '../../../../shared/page';
import type { PriceSeen, ProductFacts, TrailStep } from '../../../../shared/sales';
import { canonicalUrl, priceToPay } from './resolve.core';

/*
 * The associate's sales information from what the session recorded and the catalogue says:
 * the product in view and the prices seen for it, a catalogue product's facts, the trail.
 * Pure: rows in, views out.
 */

/** Steps of the trail the associate sees at most (the most recent). */
export const TRAIL_STEPS = 50;
/** Alternatives and accessories shown at most, each. */
export const RELATED_SHOWN = 10;

/** An event of the session as stored: its type, time, page and data. */
export interface SessionEventRow {
  type: string;
  at: Date;
  url: string;
  data: Record<string, unknown>;
}

/** A catalogue product as the associate reads it, its price the one the shopper pays at `at` (epoch ms). */
export function productFacts(p: CatalogProduct, at: number): ProductFacts {
  const pays = priceToPay(p, at);
  return {
    sku: p.sku,
    name: p.name,
    brand: p.brand,
    category: p.category,
    price: decimalAmount(pays.amount, p.currency),
    listPrice: pays.onSale ? decimalAmount(p.price, p.currency) : null,
    currency: p.currency,
    availability: p.availability,
    stock: p.stock,
    url: p.url,
    imageUrl: p.image,
    attributes: p.attributes,
  };
}

/** Whether the shopper can have it now: the shop says in stock and, when it counts units, has some. */
export function inStock(p: Pick<CatalogProduct, 'availability' | 'stock'>): boolean {
  return p.availability === 'in_stock' && (p.stock == null || p.stock > 0);
}

/** Whether two detected products are one: the same key (SKU, else URL) or the same canonical page. */
function sameProduct(a: Product, b: Product): boolean {
  if (productKey(a) === productKey(b)) return true;
  const url = canonicalUrl(a.url);
  return url !== null && url === canonicalUrl(b.url);
}

/**
 * The product the shopper viewed last, from the session's product views (newest first), and
 * the prices the shopper saw for it, oldest first: one entry each time the price shown changed.
 */
export function productInView(viewsNewestFirst: readonly SessionEventRow[]): { product: Product; pricesSeen: PriceSeen[] } | null {
  const views = viewsNewestFirst.flatMap((v) => {
    const product = (v.data as { product?: Product }).product;
    return product && typeof product.url === 'string' && typeof product.name === 'string' ? [{ at: v.at, product }] : [];
  });
  const latest = views[0];
  if (!latest) return null;
  const pricesSeen: PriceSeen[] = [];
  for (const view of [...views].reverse()) {
    const p = view.product;
    if (!p.price || !sameProduct(p, latest.product)) continue;
    const seen: PriceSeen = { price: p.price, listPrice: p.listPrice ?? null, currency: p.currency ?? null, at: view.at.toISOString() };
    const last = pricesSeen.at(-1);
    if (!last || last.price !== seen.price || last.listPrice !== seen.listPrice || last.currency !== seen.currency) pricesSeen.push(seen);
  }
  return { product: latest.product, pricesSeen };
}

/**
 * The session's trail from its events, oldest first: pages, products, searches, the cart and
 * orders. A page view followed by the product, search or cart event of the same page is one
 * step (the richer one).
 */
export function trailOf(eventsOldestFirst: readonly SessionEventRow[]): TrailStep[] {
  const steps = eventsOldestFirst.flatMap((e): TrailStep[] => {
    const step = stepOf(e);
    return step ? [step] : [];
  });
  return steps.filter((s, i) => !(s.kind === 'page' && steps[i + 1] && steps[i + 1]!.kind !== 'page' && steps[i + 1]!.url === s.url)).slice(-TRAIL_STEPS);
}

function stepOf(e: SessionEventRow): TrailStep | null {
  const at = e.at.toISOString();
  const d = e.data;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  switch (e.type) {
    case 'page_view':
      return { at, kind: 'page', label: str(d.title) ?? e.url, url: e.url };
    case 'product_view': {
      const p = d.product as Partial<Product> | undefined;
      const price = p?.price ? ` (${p.price}${p.currency ? ` ${p.currency}` : ''})` : '';
      return { at, kind: 'product', label: `${str(p?.name) ?? 'A product'}${price}`, url: str(p?.url) ?? e.url };
    }
    case 'search':
      return { at, kind: 'search', label: str(d.terms) ?? '', url: e.url };
    case 'cart_add': {
      const item = d.item as { name?: unknown; quantity?: unknown } | undefined;
      return { at, kind: 'cart', label: `Added ${str(item?.name) ?? 'an item'}${typeof item?.quantity === 'number' && item.quantity > 1 ? ` × ${item.quantity}` : ''}`, url: e.url };
    }
    case 'cart_view': {
      const items = Array.isArray(d.items) ? d.items.length : 0;
      const value = str(d.value);
      return { at, kind: 'cart', label: `Cart: ${items} item${items === 1 ? '' : 's'}${value ? `, ${value}${str(d.currency) ? ` ${d.currency}` : ''}` : ''}`, url: e.url };
    }
    case 'order_confirmation': {
      const order = d.order as { number?: unknown; total?: unknown; currency?: unknown } | undefined;
      const total = str(order?.total);
      return { at, kind: 'order', label: `Order ${str(order?.number) ?? ''}${total ? `: ${total}${str(order?.currency) ? ` ${order?.currency}` : ''}` : ''}`.trim(), url: e.url };
    }
    default:
      return null;
  }
}
