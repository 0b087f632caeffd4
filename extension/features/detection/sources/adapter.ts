import { CustomerId, CustomerToken } from '../../../../shared/events';
import type { CartItem } from '../../../../shared/page';
import type { SiteAdapter } from '../../../../shared/sites';
import { parseAvailability } from '../availability';
import { parsePrice } from '../price';
import { absoluteUrl, queryAll, readAll, readField, readSearchField } from '../text';
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
    const terms = (adapter.search?.param ? url.searchParams.get(adapter.search.param)?.trim() : null) || readSearchField(doc, adapter.search?.input);
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
  const listText = readField(doc, fields.listPrice);
  const image = readField(doc, fields.image ? { ...fields.image, attr: fields.image.attr ?? 'src' } : undefined);
  const category = readAll(doc, fields.category);
  return {
    name: readField(doc, fields.name),
    price: price?.amount,
    listPrice: listText ? parsePrice(listText)?.amount : null,
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

/**
 * The shop's id for the signed-in customer, where the site's adapter says the page shows it:
 * an element (`selector`), else a path into JSON the page publishes for it (`dataLayer`,
 * see SiteAdapter.customer). Null when the adapter names no place, the page has none there,
 * or what is there could not be sent (too long, control characters).
 */
export function readCustomerId(doc: Document, adapter: SiteAdapter | null): string | null {
  const where = adapter?.customer;
  if (!where) return null;
  const found = readField(doc, where.selector) ?? (where.dataLayer ? readDataLayer(doc, where.dataLayer) : null);
  const parsed = CustomerId.safeParse(found);
  return parsed.success ? parsed.data : null;
}

/**
 * The token the page carries for its signed-in customer, where the adapter says
 * (`customer.token`): a JWT the shop signed, which the backend verifies before the id counts
 * for anything. Read from the DOM only (the shop writes it server-side, in a `<meta>` or an
 * attribute); null when there is none, or one too long to send (the id then goes alone).
 */
export function readCustomerToken(doc: Document, adapter: SiteAdapter | null): string | null {
  const parsed = CustomerToken.safeParse(readField(doc, adapter?.customer?.token));
  return parsed.success ? parsed.data : null;
}

/**
 * "dataLayer.user.id": the JSON of `<script type="application/json" id="dataLayer">`, then
 * its `user`, then `id`. A content script cannot read the page's own variables (it runs in
 * an isolated world), so the page publishes them as JSON; a string or a number is the id.
 */
function readDataLayer(doc: Document, path: string): string | null {
  const [id, ...keys] = path.split('.');
  const script = queryAll(doc, 'script[type="application/json"]').find((el) => el.id === id);
  if (!script?.textContent) return null;
  let node: unknown;
  try {
    node = JSON.parse(script.textContent);
  } catch {
    return null;
  }
  for (const key of keys) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' || (typeof node === 'number' && Number.isFinite(node)) ? String(node) : null;
}
