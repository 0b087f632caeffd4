import { canonicalAmount } from './price';
import type { Clues, ProductClues } from './types';

/** The sources' products with a price, when they disagree on it (else null: nothing to reconcile). */
export function disagreeingOffers(read: readonly (Clues | null)[]): ProductClues[] | null {
  const offers = read.map((c) => c?.product).filter((p): p is ProductClues => typeof p?.price === 'string');
  return new Set(offers.map((p) => canonicalAmount(p.price!))).size < 2 ? null : offers;
}

/**
 * When sources disagree on the price (a feed price without tax in the meta tags, a list price
 * in JSON-LD), the first one whose amount the page shows wins, with its currency. Pure.
 * e.g. sources say 67.84 then 71.91, the page shows 71,91 € ({"71.91"}) → { price: "71.91", currency: "EUR" }
 */
export function priceTheShopperSees(offers: readonly ProductClues[], amounts: ReadonlySet<string>): Pick<ProductClues, 'price' | 'currency'> | null {
  const seen = offers.find((p) => amounts.has(canonicalAmount(p.price!)));
  if (!seen || seen === offers[0]) return null;
  return { price: seen.price, currency: seen.currency ?? offers[0]!.currency ?? null };
}
