import { randomUUID } from 'node:crypto';
import type { CartView } from './cart';
import { fromCents, toCents, type CurrencyCode } from './money';

/**
 * A demo shop's orders, kept in memory like its carts and seen only by the shop's own code
 * (nothing here is served as data). Each order has the shape a shop's order webhook carries
 * (Shopify's `orders/create`, the project's order API), so sending it is one function: see
 * `OrderHooks.placed`.
 */

export interface ShopOrderLine {
  /** The line's own id, stable within the order. */
  id: string;
  sku: string;
  quantity: number;
  /** Unit price paid, a decimal string ("429.00"). */
  price: string;
  /** The product's category slug, narrowest ("headphones"). */
  category: string;
}

export interface ShopOrder {
  /** The shop's internal id (a UUID); the confirmation page's address carries it. */
  id: string;
  /** The number the shopper sees: "VE-100001". */
  number: string;
  /** ISO time. */
  created_at: string;
  currency: CurrencyCode;
  lines: ShopOrderLine[];
  /** Sum of the lines, a decimal string. */
  total: string;
  /** The shop's id for the signed-in customer who ordered, if one was signed in. */
  customer_id: string | null;
  /**
   * The Floorwalker engagement the order came out of, when the page knew one (a real shop keeps it
   * as a cart attribute, Shopify's `note_attributes`): the strongest attribution match. The demo
   * takes it from the checkout form's `engagement_id` field or the `fw_engagement` cookie.
   */
  engagement_id: string | null;
}

/** What a shop does once an order is placed: where the webhook to the backend goes (not sent yet). */
export interface OrderHooks {
  placed?(order: ShopOrder): Promise<void> | void;
}

/** Most orders kept: oldest go first, as with the carts. */
const MAX_ORDERS = 10_000;

export class OrderBook {
  private readonly orders = new Map<string, ShopOrder>();
  private next: number;

  constructor(
    private readonly prefix: string,
    private readonly currency: CurrencyCode,
    private readonly hooks: OrderHooks = {},
    firstNumber = 100_001,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.next = firstNumber;
  }

  /** Places the order for a cart's lines, and tells the hooks; the cart must have lines. */
  async place(cart: CartView, who: { customerId: string | null; engagementId: string | null }): Promise<ShopOrder> {
    if (cart.lines.length === 0) throw new Error('an order needs at least one line');
    const id = randomUUID();
    const lines = cart.lines.map((line, index) => ({
      id: `${id}:${index + 1}`,
      sku: line.product.sku,
      quantity: line.quantity,
      price: line.product.price,
      category: line.product.category,
    }));
    const order: ShopOrder = {
      id,
      number: `${this.prefix}-${this.next++}`,
      created_at: this.now().toISOString(),
      currency: this.currency,
      lines,
      total: fromCents(lines.reduce((sum, l) => sum + toCents(l.price) * l.quantity, 0)),
      customer_id: who.customerId,
      engagement_id: who.engagementId,
    };
    if (this.orders.size >= MAX_ORDERS) {
      const oldest = this.orders.keys().next().value;
      if (oldest !== undefined) this.orders.delete(oldest);
    }
    this.orders.set(id, order);
    await this.hooks.placed?.(order);
    return order;
  }

  find(id: string): ShopOrder | null {
    return this.orders.get(id) ?? null;
  }

  /** Every order, oldest first. */
  all(): ShopOrder[] {
    return [...this.orders.values()];
  }
}
