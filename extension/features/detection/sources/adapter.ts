import type { CartItem } from '../../../../shared/page';
import type { SiteAdapter } from '../../../../shared/sites';
import { parseAvailability } from '../availability';
import { parsePrice } from '../price';
import { absoluteUrl, queryAll, readAll, readField } from '../text';
import type { CartSummary, Clues, DetectionSource, ProductClues, SourceInput } from '../types';

/** The site's own adapter from the backend: page-kind patterns and selectors. */
export const adapterSource: DetectionSource = {
  name: 'adapter',
  read({ doc, url, adapter }) {
    if (!adapter) return null;
    const clues: Clues = {};
    const kind = adapterKind(adapter, url);
    if (kind) clues.kind = kind;
    if (adapter.product) clues.product = adapterProduct(adapter.product, doc, url);
    const terms = (adapter.search?.param ? url.searchParams.get(adapter.search.param)?.trim() : null) || readField(doc, adapter.search?.input);
    if (terms) clues.search = { terms };
    const cart = adapter.cart ? adapterCart(adapter.cart, { doc, url, adapter }) : null;
    if (cart) clues.cart = cart;
    return clues;
  },
};

function adapterKind(adapter: SiteAdapter, url: URL) {
  const target = `${url.pathname}${url.search}`;
  for (const { kind, pattern } of adapter.pageKinds ?? []) {
    try {
      if (new RegExp(pattern).test(target)) return kind;
    } catch {
      // An invalid pattern matches nothing.
    }
  }
  return undefined;
}

function adapterProduct(fields: NonNullable<SiteAdapter['product']>, doc: Document, url: URL): ProductClues {
  const priceText = readField(doc, fields.price);
  const price = priceText ? parsePrice(priceText) : null;
  const image = readField(doc, fields.image ? { ...fields.image, attr: fields.image.attr ?? 'src' } : undefined);
  const category = readAll(doc, fields.category);
  return {
    name: readField(doc, fields.name),
    price: price?.amount,
    currency: fields.currency ?? price?.currency,
    sku: readField(doc, fields.sku),
    gtin: readField(doc, fields.gtin),
    mpn: readField(doc, fields.mpn),
    brand: readField(doc, fields.brand),
    availability: parseAvailability(readField(doc, fields.availability)),
    category: category.length > 0 ? category : null,
    image: absoluteUrl(image, url),
  };
}

function adapterCart(cart: NonNullable<SiteAdapter['cart']>, { doc, url, adapter }: SourceInput): CartSummary | null {
  const rows = queryAll(doc, cart.item);
  if (rows.length === 0) return null;
  const currency = adapter?.product?.currency;
  const items: CartItem[] = [];
  for (const row of rows) {
    const name = readField(row, cart.name);
    if (!name) continue;
    const price = parsePrice(readField(row, cart.price) ?? '');
    const quantity = Number.parseInt(readField(row, cart.quantity) ?? '1', 10);
    const link = row.querySelector('a[href]')?.getAttribute('href');
    items.push({
      name,
      sku: readField(row, cart.sku),
      url: absoluteUrl(link, url),
      quantity: Number.isInteger(quantity) && quantity >= 1 ? quantity : 1,
      price: price?.amount ?? null,
      currency: currency ?? price?.currency ?? null,
    });
  }
  return { items };
}
