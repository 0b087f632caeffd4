import { z } from 'zod';
import {
  AttributionSettingsBody,
  AttributionSettingsView,
  EngagementOutcome,
  OrderBody,
  OrderDetail,
  OrderList,
  OrderListQuery,
  OrderSourceSecretBody,
  OrderSourceView,
  RefundBody,
  WebhookAnswer,
} from '../../../../shared/orders';
import type { RouteDoc } from '../openapi/document.core';

const ListQuery = z.object({
  limit: z.number().int().min(1).max(200).default(50).describe('Orders per page, latest placed first.'),
  before: z.string().describe('The `nextBefore` of the previous page.').optional(),
  status: OrderListQuery.shape.status.describe('`attributed` or `unattributed`.'),
  source: OrderListQuery.shape.source.describe('`api`, `shopify` or `segment`.'),
  engagementId: z.string().describe('Only orders credited to this engagement.').optional(),
});

const WEBHOOK_ERRORS: RouteDoc['errors'] = ['invalid_json', 'invalid_body', 'payload_too_large', 'not_found', 'order_conflict', 'refund_conflict', 'invalid_order', 'invalid_refund', 'mixed_currency', 'unknown_line'];
const ATTRIBUTION =
  'The order is credited by the strongest match: the engagement id stamped in it, else the verified customer id (the engagements whose customer it is), else the shopper whose extension reported the order’s confirmation page (an `order_confirmation` event with the order’s number on one of the enterprise’s sites). Only accepted engagements of the enterprise that started within its window before the order count (see /api/v1/attribution-settings); the shares add up to the order’s net, line by line. Order, lines, receipt and credits are written in one transaction.';

/** The routes of the orders module, for the OpenAPI document (openapi/catalogue.ts). */
export const orderRouteDocs: RouteDoc[] = [
  {
    method: 'POST',
    path: '/api/v1/orders',
    tag: 'orders',
    summary: 'Takes one of the enterprise’s orders and attributes it to engagements.',
    description: `${ATTRIBUTION} Amounts are Decimal strings in the order’s currency, with at most its minor unit’s digits. The same order again (same id, same content) changes nothing and answers 200; the same id with other content is refused with \`order_conflict\`.`,
    auth: ['enterprise'],
    body: { id: 'OrderBody', schema: OrderBody },
    answer: { status: 201, description: 'Taken (200 when it was taken before): the order with its receipt and credits.', body: { id: 'OrderDetail', schema: OrderDetail } },
    errors: ['order_conflict', 'invalid_order', 'mixed_currency'],
  },
  {
    method: 'GET',
    path: '/api/v1/orders',
    tag: 'orders',
    summary: 'The enterprise’s orders, latest placed first, with what is credited of each.',
    auth: ['enterprise'],
    query: ListQuery,
    answer: { status: 200, description: 'A page of orders.', body: { id: 'OrderList', schema: OrderList } },
  },
  {
    method: 'GET',
    path: '/api/v1/orders/:id',
    tag: 'orders',
    summary: 'One order with its lines, receipt, credits and refunds.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The order.', body: { id: 'OrderDetail', schema: OrderDetail } },
    errors: ['not_found'],
  },
  {
    method: 'POST',
    path: '/api/v1/orders/:id/refunds',
    tag: 'orders',
    summary: 'Refunds an order by lines, by an amount, or whole; its credits shrink in proportion.',
    description:
      'A line’s refund lowers every engagement’s credit on that line in proportion to its share; an amount is taken from all lines in proportion to what remains; credits never go below zero. The credits are always those of all the order’s refunds together, so refunds in any order end the same. The same refund id again changes nothing (200); with other content, or for another order, `refund_conflict`.',
    auth: ['enterprise'],
    body: { id: 'RefundBody', schema: RefundBody },
    answer: { status: 201, description: 'Applied (200 when applied before): the order as it now stands.', body: { id: 'OrderDetail', schema: OrderDetail } },
    errors: ['not_found', 'refund_conflict', 'invalid_refund', 'mixed_currency', 'unknown_line'],
  },
  {
    method: 'GET',
    path: '/api/v1/attribution-settings',
    tag: 'orders',
    summary: 'The enterprise’s attribution window and split (30 days, last touch until set).',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The settings.', body: { id: 'AttributionSettingsView', schema: AttributionSettingsView } },
  },
  {
    method: 'PUT',
    path: '/api/v1/attribution-settings',
    tag: 'orders',
    summary: 'Sets the window (1 to 90 days) and the split: last touch, even, or time decay with a half-life.',
    description: 'Orders taken from now on follow them; orders attributed before keep their receipts.',
    auth: ['enterprise'],
    body: { id: 'AttributionSettingsBody', schema: AttributionSettingsBody },
    answer: { status: 200, description: 'The settings as stored.', body: { id: 'AttributionSettingsView', schema: AttributionSettingsView } },
  },
  ...(['shopify', 'segment'] as const).map(
    (source): RouteDoc => ({
      method: 'PUT',
      path: `/api/v1/order-sources/${source}`,
      tag: 'orders',
      summary: source === 'shopify' ? 'Sets the Shopify app secret that signs the enterprise’s Shopify webhooks.' : 'Sets the shared secret of the enterprise’s Segment Webhooks destination.',
      description: 'Stored sealed, never shown again; a new one replaces the old at once.',
      auth: ['enterprise'],
      body: { id: 'OrderSourceSecretBody', schema: OrderSourceSecretBody },
      answer: { status: 200, description: 'Set.', body: { id: 'OrderSourceView', schema: OrderSourceView } },
    }),
  ),
  {
    method: 'POST',
    path: '/api/v1/webhooks/shopify/:enterpriseId',
    tag: 'orders',
    summary: 'Shopify’s `orders/create` and `refunds/create` webhooks, as Shopify sends them.',
    description: `Subscribe the topics with this URL (the enterprise’s id in the path). The body is checked against \`X-Shopify-Hmac-Sha256\` (base64 HMAC-SHA256 of the raw body under the app secret, compared in constant time) before it is read: a missing or wrong signature, an unknown enterprise or no secret set answer 401 and write nothing. \`X-Shopify-Topic\` picks the handling; any other topic answers 202 \`ignored\`. \`X-Shopify-Webhook-Id\` is remembered with the effect: a delivery seen before answers 200 \`duplicate\`. Lines are net of their \`discount_allocations\` (else \`total_discount\`); the engagement id is read from \`note_attributes\` named \`floorwalker_engagement\` (or \`_floorwalker_engagement\`); the customer is \`customer.id\`; the number is \`name\`. A refund is taken by its \`refund_line_items\` subtotals, else by its successful refund transactions; a refund of an order not taken yet answers 404, so Shopify delivers it again. ${ATTRIBUTION}`,
    auth: ['shopifySignature'],
    answer: { status: 200, description: 'Taken or a duplicate (202 when ignored).', body: { id: 'WebhookAnswer', schema: WebhookAnswer } },
    errors: WEBHOOK_ERRORS,
  },
  {
    method: 'POST',
    path: '/api/v1/webhooks/segment/:enterpriseId',
    tag: 'orders',
    summary: 'Segment’s `Order Completed` and `Order Refunded` track events, from its Webhooks destination.',
    description: `Checked against \`X-Signature\` (hex HMAC-SHA1 of the raw body under the shared secret, compared in constant time): a missing or wrong one answers 401 and writes nothing. Other events answer 202 \`ignored\`; \`messageId\` is remembered with the effect, so a delivery seen before answers 200 \`duplicate\`. Per Segment’s ecommerce spec: \`order_id\`, \`currency\` (USD when left out), \`products[]\` (\`price\` × \`quantity\`, \`sku\` else \`product_id\`, \`category\` split on \`>\` or \`/\`) less an order-level \`discount\` in proportion (no products: one line of \`revenue\`); \`userId\` is the customer; the engagement id is the property (or context field) \`floorwalker_engagement\`. A refund takes \`total\` (else \`revenue\`) from the order, or all of it when neither is given; its id is its \`messageId\`.`,
    auth: ['segmentSignature'],
    answer: { status: 200, description: 'Taken or a duplicate (202 when ignored).', body: { id: 'WebhookAnswer', schema: WebhookAnswer } },
    errors: WEBHOOK_ERRORS,
  },
  {
    method: 'GET',
    path: '/api/v1/engagements/:id/outcome',
    tag: 'orders',
    summary: 'What the engagement came to: the associate’s own report beside the credit verified from orders.',
    description: 'The report (POST …/outcome) stays as it was, marked `reported`; `verified` is what the engagement is credited with after refunds, per currency and per order.',
    auth: ['associate', 'enterprise'],
    answer: { status: 200, description: 'The outcome.', body: { id: 'EngagementOutcome', schema: EngagementOutcome } },
    errors: ['not_found'],
  },
];
