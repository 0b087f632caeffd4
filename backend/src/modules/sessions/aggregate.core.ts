import type { ShopperEvent } from '../../../../shared/events';
import { type CartItem, productKey } from '../../../../shared/page';
import { AGGREGATE_LIMITS, type CartLine, type CartTotal, type SessionAggregate } from '../../../../shared/session';
import { fitsDecimal, fromUnits, lineTotal, toUnits } from './money.core';

/** An event with what the backend knows of it: the site's domain and the time it counts at. */
export interface AggregatedEvent {
  event: ShopperEvent;
  /** The event's time after clamping the shopper's clock; ISO. */
  at: string;
  domain: string;
  /** For a page view with a customer id: whether its identity token proved it (see identity/verdict.core.ts). */
  customerVerified?: boolean;
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
    cart: { items: [], value: '0.00', currency: null, totals: [], updatedAt: null },
    sites: [],
    lastUrl: null,
    left: false,
    customerId: null,
    customerClaim: null,
  };
}

/** A stored aggregate as the current shape: one written before `customerId` or `customerClaim` existed reads them as null. */
export function storedAggregate(stored: SessionAggregate): SessionAggregate {
  return stored.customerId === undefined || stored.customerClaim === undefined
    ? { ...stored, customerId: stored.customerId ?? null, customerClaim: stored.customerClaim ?? null }
    : stored;
}

export interface Folded<E extends AggregatedEvent> {
  aggregate: SessionAggregate;
  /**
   * Events left out because they would take an amount (a cart total) past what a Decimal
   * holds: no aggregate holds a value its own schema refuses.
   */
  outOfRange: E[];
}

/** Folds events, in the order given, into a copy of the aggregate; the input is left as it was. */
export function foldEvents<E extends AggregatedEvent>(state: SessionAggregate, events: readonly E[]): Folded<E> {
  const aggregate = structuredClone(storedAggregate(state));
  const outOfRange: E[] = [];
  for (const e of events) if (!apply(aggregate, e)) outOfRange.push(e);
  return { aggregate, outOfRange };
}

/**
 * A page's customer id: a verified one is the session's customer; an unverified one is a
 * claim, kept apart. The same id on a later page whose token lapsed stays verified (this
 * shopper proved it); another id, by the page's word only, ends the proven one's standing.
 */
function noteCustomer(s: SessionAggregate, id: string, verified: boolean): void {
  if (verified) {
    s.customerId = id;
    s.customerClaim = null;
  } else if (id !== s.customerId) {
    s.customerId = null;
    s.customerClaim = id;
  }
}

/** Applies one event; false, leaving the aggregate as it was, when it would put an amount out of range. */
function apply(s: SessionAggregate, { event, at, domain, customerVerified }: AggregatedEvent): boolean {
  if (event.type === 'cart_add' || event.type === 'cart_view') {
    const cart = nextCart(s.cart, event, at);
    if (!cart) return false;
    s.cart = cart;
  }
  s.eventCount += 1;
  s.lastUrl = event.url;
  s.left = event.type === 'leave';
  if (!s.sites.includes(domain) && s.sites.length < AGGREGATE_LIMITS.sites) s.sites.push(domain);

  switch (event.type) {
    case 'page_view':
      s.pageViews += 1;
      s.pagesByKind[event.kind] = (s.pagesByKind[event.kind] ?? 0) + 1;
      // A page without the id does not sign the customer out: shops show it on some pages only.
      if (event.customerId) noteCustomer(s, event.customerId, customerVerified === true);
      return true;
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
      return true;
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
      return true;
    }
    case 'cart_add':
    case 'cart_view':
      return true; // done above
    case 'order_confirmation':
      return true; // kept as an event: the orders module matches it to the shop's order
    case 'heartbeat':
    case 'leave': {
      s.dwellMs += event.activeMs;
      const product = event.productKey ? s.products.find((x) => x.key === event.productKey) : undefined;
      if (product) product.dwellMs += event.activeMs;
      return true;
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

type Cart = SessionAggregate['cart'];

/** The cart after a cart event, or null when one of its amounts would not fit a Decimal. */
function nextCart(cart: Cart, event: Extract<ShopperEvent, { type: 'cart_add' | 'cart_view' }>, at: string): Cart | null {
  let items: CartLine[];
  let currency: string | null;
  let shownValue: string | undefined;
  if (event.type === 'cart_add') {
    const line = toLine(event.item);
    const seen = cart.items.find((x) => x.key === line.key);
    items = cart.items.map((x) => (x === seen ? { ...x, quantity: x.quantity + line.quantity, price: line.price ?? x.price } : x));
    if (!seen && items.length < AGGREGATE_LIMITS.cartItems) items.push(line);
    currency = cart.currency ?? line.currency;
  } else {
    // The cart page is the truth: it replaces what the adds had built up, and its total is the cart's.
    items = event.items.slice(0, AGGREGATE_LIMITS.cartItems).map(toLine);
    currency = event.currency ?? items.find((x) => x.currency)?.currency ?? cart.currency;
    shownValue = event.value;
  }
  const totals = totalsByCurrency(items, currency);
  if (!totals) return null;
  const own = totals.find((t) => t.currency === currency);
  const value = shownValue ? fromUnits(toUnits(shownValue)) : (own?.value ?? '0.00');
  return { items, value, currency, totals, updatedAt: at };
}

/**
 * The lines' sums per currency, the cart's own first; a line that names no currency counts
 * in the cart's. Null when a sum would not fit a Decimal.
 */
function totalsByCurrency(lines: readonly CartLine[], cartCurrency: string | null): CartTotal[] | null {
  const sums = new Map<string | null, bigint>();
  for (const l of lines) {
    const currency = l.currency ?? cartCurrency;
    sums.set(currency, (sums.get(currency) ?? 0n) + (l.price ? lineTotal(l.price, l.quantity) : 0n));
  }
  const totals: CartTotal[] = [];
  for (const [currency, units] of sums) {
    if (!fitsDecimal(units)) return null;
    totals.push({ currency, value: fromUnits(units) });
  }
  return totals.sort((a, b) => Number(b.currency === cartCurrency) - Number(a.currency === cartCurrency));
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

