import { z } from 'zod';

/** What kind of page the shopper is on; the detection module decides it. */
export const PageKind = z.enum(['product', 'search', 'listing', 'cart', 'checkout', 'other']);
export type PageKind = z.infer<typeof PageKind>;

/** A decimal amount as a string with a dot, e.g. "1299.00"; never a float. */
export const Decimal = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'a decimal number with a dot, e.g. "12.50"');

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. "EUR"');

export const Availability = z.enum(['InStock', 'OutOfStock']);

const Text = (max: number) => z.string().trim().min(1).max(max);

/** A product as the extension saw it on a page. */
export const Product = z.object({
  name: Text(500),
  price: Decimal.nullish(),
  currency: Currency.nullish(),
  sku: Text(200).nullish(),
  gtin: Text(50).nullish(),
  mpn: Text(200).nullish(),
  brand: Text(200).nullish(),
  availability: Availability.nullish(),
  /** Category path from the broadest to the narrowest, e.g. ["Audio", "Headphones"]. */
  category: z.array(Text(200)).max(12).nullish(),
  image: z.url().max(2048).nullish(),
  url: z.url().max(2048),
});
export type Product = z.infer<typeof Product>;

/** Identifies a product within a site: its SKU when it has one, else its canonical URL. */
export function productKey(p: Pick<Product, 'sku' | 'url'>): string {
  return p.sku ? `sku:${p.sku}` : `url:${p.url}`;
}

export const CartItem = z.object({
  name: Text(500),
  sku: Text(200).nullish(),
  url: z.url().max(2048).nullish(),
  quantity: z.number().int().min(1).max(10_000),
  /** Unit price. */
  price: Decimal.nullish(),
  currency: Currency.nullish(),
});
export type CartItem = z.infer<typeof CartItem>;

export const Search = z.object({ terms: Text(500) });
export type Search = z.infer<typeof Search>;
