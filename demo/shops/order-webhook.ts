import { createHmac, randomUUID } from 'node:crypto';
import type { OrderHooks, ShopOrder } from './orders';

/**
 * The demo shop's order webhook, sent as a Shopify store sends `orders/create`: the order's JSON,
 * signed with the app's secret (`X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body), a
 * delivery id (`X-Shopify-Webhook-Id`) that stays the same when the delivery is tried again. The
 * engagement id the shop kept (a cart attribute) rides in `note_attributes`, as a theme's cart form
 * would put it there. Shopify's ids are integers; the demo's are its own order ids, which the
 * backend takes as any shop's id.
 */

export interface OrderWebhookTarget {
  /** Where to send: `${backend}/api/v1/webhooks/shopify/${enterpriseId}`; null while there is nowhere yet. */
  url(): string | null;
  secret: string;
  /** The shop's domain (`X-Shopify-Shop-Domain`). */
  shopDomain: string;
}

/** The order as Shopify's `orders/create` carries it (the fields the backend reads, and a few more). */
export function shopifyOrderPayload(order: ShopOrder): Record<string, unknown> {
  return {
    id: order.id,
    name: order.number,
    order_number: Number(order.number.replace(/\D/g, '')) || null,
    created_at: order.created_at,
    processed_at: order.created_at,
    currency: order.currency,
    presentment_currency: order.currency,
    subtotal_price: order.total,
    total_price: order.total,
    current_total_price: order.total,
    financial_status: 'paid',
    customer: order.customer_id ? { id: order.customer_id } : null,
    note_attributes: order.engagement_id ? [{ name: 'floorwalker_engagement', value: order.engagement_id }] : [],
    line_items: order.lines.map((l) => ({ id: l.id, sku: l.sku, quantity: l.quantity, price: l.price, total_discount: '0.00', discount_allocations: [] })),
  };
}

export function shopifySignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

/** Tries a delivery this many times, a second apart and then longer, as a store retries a webhook that failed. */
const ATTEMPTS = 4;

/** The `placed` hook that sends each order to the backend; a failure is logged and tried again, never fails the checkout. */
export function shopifyOrderWebhook(target: OrderWebhookTarget, log: (message: string) => void = (m) => console.warn(m)): NonNullable<OrderHooks['placed']> {
  return async (order) => {
    const body = JSON.stringify(shopifyOrderPayload(order));
    const headers = {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-hmac-sha256': shopifySignature(target.secret, body),
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-shop-domain': target.shopDomain,
      'x-shopify-api-version': '2025-10',
    };
    /** One delivery: done (delivered, refused for good, or nowhere to send), or worth another try. */
    const deliver = async (): Promise<'done' | 'retry'> => {
      const url = target.url();
      if (!url) {
        log(`order ${order.number}: no backend to send it to`);
        return 'done';
      }
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5_000) });
        if (res.ok) return 'done';
        // A refusal (4xx but 429) will not change on a retry; say why.
        if (res.status < 500 && res.status !== 429) {
          log(`order ${order.number}: the backend refused the webhook (${res.status}): ${await res.text()}`);
          return 'done';
        }
      } catch {
        // no answer: tried again
      }
      return 'retry';
    };
    const retry = async () => {
      for (let n = 2; n <= ATTEMPTS; n++) {
        await new Promise((resolve) => setTimeout(resolve, 1_000 * 2 ** (n - 2)));
        if ((await deliver()) === 'done') return;
      }
      log(`order ${order.number}: not delivered after ${ATTEMPTS} attempts`);
    };
    // The first attempt is awaited (the order usually reaches the backend before its confirmation page shows); retries go on behind.
    if ((await deliver()) === 'retry') void retry();
  };
}
