import { randomUUID } from 'node:crypto';
import { type Catalog, type CatalogProduct, findProductBySku } from './catalog';
import { fromCents, toCents } from './money';

/**
 * Server-side carts, keyed by the id in the shop's cart cookie. Memory only: the
 * demo shops start fresh with every run, like the tests expect.
 */

export const MAX_LINE_QUANTITY = 99;
/** Bounds memory if a test (or a crawler) creates carts in a loop; oldest carts go first. */
const MAX_CARTS = 10_000;
const CART_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CartLine {
  product: CatalogProduct;
  quantity: number;
  /** Unit price times quantity, as a decimal string. */
  lineTotal: string;
}

export interface CartView {
  lines: CartLine[];
  /** Number of items, counting quantities. */
  count: number;
  total: string;
}

export class CartStore {
  /** cart id → (sku → quantity), in insertion order of the lines. */
  private readonly carts = new Map<string, Map<string, number>>();

  constructor(private readonly catalog: Catalog) {}

  /** Whether an id from a cookie names a live cart; anything else is ignored, never trusted. */
  has(id: string | undefined): id is string {
    return id !== undefined && CART_ID.test(id) && this.carts.has(id);
  }

  /** Adds to the cart (creating one when `id` is not a live cart) and returns the cart's id. */
  add(id: string | undefined, sku: string, quantity: number): string {
    const cartId = this.has(id) ? id : this.create();
    const lines = this.carts.get(cartId)!;
    lines.set(sku, Math.min(MAX_LINE_QUANTITY, (lines.get(sku) ?? 0) + quantity));
    return cartId;
  }

  remove(id: string | undefined, sku: string): void {
    if (this.has(id)) this.carts.get(id)!.delete(sku);
  }

  clear(id: string | undefined): void {
    if (this.has(id)) this.carts.delete(id);
  }

  view(id: string | undefined): CartView {
    const lines: CartLine[] = [];
    let totalCents = 0;
    let count = 0;
    for (const [sku, quantity] of this.has(id) ? this.carts.get(id)! : []) {
      const product = findProductBySku(this.catalog, sku);
      if (!product) continue;
      const lineCents = toCents(product.price) * quantity;
      lines.push({ product, quantity, lineTotal: fromCents(lineCents) });
      totalCents += lineCents;
      count += quantity;
    }
    return { lines, count, total: fromCents(totalCents) };
  }

  private create(): string {
    if (this.carts.size >= MAX_CARTS) {
      const oldest = this.carts.keys().next().value;
      if (oldest !== undefined) this.carts.delete(oldest);
    }
    const id = randomUUID();
    this.carts.set(id, new Map());
    return id;
  }
}
