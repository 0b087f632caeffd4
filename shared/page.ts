import { z } from 'zod';
import { nonBlank, text } from './text';

/** What kind of page the shopper is on; the detection module decides it. */
export const PageKind = z.enum(['product', 'search', 'listing', 'cart', 'checkout', 'other']);
export type PageKind = z.infer<typeof PageKind>;

/** Most digits before the dot of a Decimal; the largest amount is 999999999999.9999. */
export const DECIMAL_WHOLE_DIGITS = 12;
/** Most digits after the dot of a Decimal. */
export const DECIMAL_PLACES = 4;

/** A decimal amount as a string with a dot, e.g. "1299.00"; never a float. */
export const Decimal = z
  .string()
  .regex(new RegExp(`^\\d{1,${DECIMAL_WHOLE_DIGITS}}(\\.\\d{1,${DECIMAL_PLACES}})?$`), 'a decimal number with a dot, at most 12 digits before it, e.g. "12.50"');

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. "EUR"');

export const Availability = z.enum(['InStock', 'OutOfStock']);

/** Text read from a page: trimmed, never empty. */
const label = nonBlank;
/** An absolute URL as the page gave it. */
const pageUrl = () => text(z.url()).max(2048);

/**
 * A page address someone may follow as a link: http(s) only. A page can declare any URL for
 * its product (`javascript:`, `data:`); those are shown as text, never as links.
 */
export function linkUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** A product as the extension saw it on a page. */
export const Product = z.object({
  name: label(500),
  /** The price the shopper pays now (during a sale, the sale price), for one unit. */
  price: Decimal.nullish(),
  /** The list price the page shows struck through or as "was"/"compare at", when it shows one; above `price`. */
  listPrice: Decimal.nullish(),
  currency: Currency.nullish(),
  sku: label(200).nullish(),
  gtin: label(50).nullish(),
  mpn: label(200).nullish(),
  brand: label(200).nullish(),
  availability: Availability.nullish(),
  /** Category path from the broadest to the narrowest, e.g. ["Audio", "Headphones"]. */
  category: z.array(label(200)).max(12).nullish(),
  image: pageUrl().nullish(),
  url: pageUrl(),
});
export type Product = z.infer<typeof Product>;

/** Identifies a product within a site: its SKU when it has one, else its canonical URL. */
export function productKey(p: Pick<Product, 'sku' | 'url'>): string {
  return p.sku ? `sku:${p.sku}` : `url:${p.url}`;
}

export const CartItem = z.object({
  name: label(500),
  sku: label(200).nullish(),
  url: pageUrl().nullish(),
  quantity: z.number().int().min(1).max(10_000),
  /** Unit price. */
  price: Decimal.nullish(),
  currency: Currency.nullish(),
});
export type CartItem = z.infer<typeof CartItem>;
