import type { ShopperEvent } from '../../../../shared/events';
import { type CartItem, productKey } from '../../../../shared/page';
import { AGGREGATE_LIMITS, type CartLine, type SessionAggregate } from '../../../../shared/session';
import { fromUnits, lineTotal, toUnits } from './money.core';

/** An event with what the backend knows of it: the site's domain and the time it counts at. */
export interface AggregatedEvent {
  event: ShopperEvent;
  /** The event's time after clamping the shopper's clock; ISO. */
  at: string;
  domain: string;
}

export function emptyAggregate(): SessionAggregate {
  return {
    eventCount: 0,
    pageViews: 0,
    pagesByKind: {},
    products: [],
    categories: [],
    searches: [],
    dwellMs: 0,
    cart: { items: [], value: '0.00', currency: null, updatedAt: null },
    sites: [],
    lastUrl: null,
    left: false,
  };
}

/** Folds one event into a session's aggregate; returns a new aggregate, the input is left as it was. */
export function aggregate(state: SessionAggregate, e: AggregatedEvent): SessionAggregate {
  return foldEvents(state, [e]);
}

/** Folds events, in the order given, into a copy of the aggregate. */
export function foldEvents(state: SessionAggregate, events: readonly AggregatedEvent[]): SessionAggregate {
  const next = structuredClone(state);
  for (const e of events) apply(next, e);
  return next;
}

function apply(s: SessionAggregate, { event, at, domain }: AggregatedEvent): void {
  s.eventCount += 1;
  s.lastUrl = event.url;
  s.left = event.type === 'leave';
  if (!s.sites.includes(domain) && s.sites.length < AGGREGATE_LIMITS.sites) s.sites.push(domain);

  switch (event.type) {
    case 'page_view':
      s.pageViews += 1;
      s.pagesByKind[event.kind] = (s.pagesByKind[event.kind] ?? 0) + 1;
      return;
    case 'product_view': {
      const p = event.product;
      const key = productKey(p);
      const seen = s.products.find((x) => x.key === key);
      if (seen) {
        seen.views += 1;
        seen.lastSeenAt = at;
        seen.name = p.name;
        seen.price = p.price ?? seen.price;
        seen.currency = p.currency ?? seen.currency;
        seen.availability = p.availability ?? seen.availability;
      } else {
        s.products.push({
          key,
          name: p.name,
          url: p.url,
          price: p.price ?? null,
          currency: p.currency ?? null,
          brand: p.brand ?? null,
          category: p.category ?? [],
          availability: p.availability ?? null,
          views: 1,
          dwellMs: 0,
          firstSeenAt: at,
          lastSeenAt: at,
        });
        keepNewest(s.products, AGGREGATE_LIMITS.products, (x) => x.lastSeenAt);
      }
      if (p.category?.length) countCategory(s, p.category);
      return;
    }
    case 'search': {
      const terms = event.terms.trim().replace(/\s+/g, ' ');
      const seen = s.searches.find((x) => x.terms.toLowerCase() === terms.toLowerCase());
      if (seen) {
        seen.count += 1;
        seen.lastAt = at;
      } else {
        s.searches.push({ terms, count: 1, lastAt: at });
        keepNewest(s.searches, AGGREGATE_LIMITS.searches, (x) => x.lastAt);
      }
      return;
    }
    case 'cart_add': {
      const line = toLine(event.item);
      const seen = s.cart.items.find((x) => x.key === line.key);
      if (seen) {
        seen.quantity += line.quantity;
        seen.price = line.price ?? seen.price;
      } else if (s.cart.items.length < AGGREGATE_LIMITS.cartItems) {
        s.cart.items.push(line);
      }
      s.cart.currency = s.cart.currency ?? line.currency;
      s.cart.value = sumLines(s.cart.items);
      s.cart.updatedAt = at;
      return;
    }
    case 'cart_view': {
      // The cart page is the truth: it replaces what the adds had built up.
      s.cart.items = event.items.slice(0, AGGREGATE_LIMITS.cartItems).map(toLine);
      s.cart.value = event.value ? fromUnits(toUnits(event.value)) : sumLines(s.cart.items);
      s.cart.currency = event.currency ?? s.cart.items.find((x) => x.currency)?.currency ?? s.cart.currency;
      s.cart.updatedAt = at;
      return;
    }
    case 'heartbeat':
    case 'leave': {
      s.dwellMs += event.activeMs;
      const product = event.productKey ? s.products.find((x) => x.key === event.productKey) : undefined;
      if (product) product.dwellMs += event.activeMs;
      return;
    }
  }
}

function toLine(item: CartItem): CartLine {
  return {
    key: item.sku ? `sku:${item.sku}` : `name:${item.name.toLowerCase()}`,
    name: item.name,
    quantity: item.quantity,
    price: item.price ?? null,
    currency: item.currency ?? null,
  };
}

function sumLines(lines: readonly CartLine[]): string {
  let total = 0n;
  for (const l of lines) if (l.price) total += lineTotal(l.price, l.quantity);
  return fromUnits(total);
}

function countCategory(s: SessionAggregate, path: readonly string[]): void {
  const joined = path.join('\u0000');
  const seen = s.categories.find((c) => c.path.join('\u0000') === joined);
  if (seen) seen.views += 1;
  else if (s.categories.length < AGGREGATE_LIMITS.categories) s.categories.push({ path: [...path], views: 1 });
}

/** Drops the least recently seen entries beyond `max`. */
function keepNewest<T>(list: T[], max: number, time: (x: T) => string): void {
  while (list.length > max) {
    let oldest = 0;
    for (let i = 1; i < list.length; i++) if (time(list[i]!) < time(list[oldest]!)) oldest = i;
    list.splice(oldest, 1);
  }
}

