import { canonicalAmount } from './price';
import type { Clues, ProductClues } from './types';

/**
 * When sources disagree on the price (a feed price without tax in the meta tags, a list price
 * in JSON-LD), the first one whose amount the page shows wins, with its currency. Pure.
 * e.g. sources say 67.84 then 71.91, the page shows 71,91 € → { price: "71.91", currency: "EUR" }
 */
export function priceTheShopperSees(read: readonly (Clues | null)[], shown: () => ReadonlySet<string>): Pick<ProductClues, 'price' | 'currency'> | null {
  const offers = read.map((c) => c?.product).filter((p): p is ProductClues => typeof p?.price === 'string');
  if (new Set(offers.map((p) => canonicalAmount(p.price!))).size < 2) return null;
  const amounts = shown();
  const seen = offers.find((p) => amounts.has(canonicalAmount(p.price!)));
  if (!seen || seen === offers[0]) return null;
  return { price: seen.price, currency: seen.currency ?? offers[0]!.currency ?? null };
}
