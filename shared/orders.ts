import { z } from 'zod';
import { CustomerId } from './events';
import { Currency, Decimal } from './page';
import { nonBlank, text } from './text';
import { ApiTime } from './time';

/*
 * Orders and refunds as the enterprise sends them through the project's own order API, and how
 * they are shown back: each order with the engagements it was credited to (its receipt) and the
 * credits left after refunds. Money is a Decimal string in the order's currency (its minor unit
 * from ISO 4217: "349.00" USD, "1500" JPY); the backend keeps integer minor units.
 */

/** Most lines one order may have. */
export const MAX_ORDER_LINES = 500;
/** Largest order or refund body, in bytes. */
export const MAX_ORDER_BYTES = 256 * 1024;

/** An id as a shop gives it (an order's, a line's, a refund's). */
export const ShopId = nonBlank(200);

export const OrderLineBody = z
  .object({
    /** The shop's id for the line, unique in the order. */
    id: ShopId,
    sku: nonBlank(200),
    /** The catalogue's category path, for commission rules and reports. */
    category: z.array(nonBlank(200)).max(10).default([]),
    quantity: z.int().min(1).max(1_000_000),
    /** What the line came to after discounts, without tax or shipping. */
    net: Decimal,
  })
  .strict();

/** POST /api/v1/orders: an order, as placed. The same order again changes nothing; the same id with other content is refused (409 `order_conflict`). */
export const OrderBody = z
  .object({
    /** The shop's id for the order, unique per enterprise. */
    id: ShopId,
    /** The order's number as the shop shows it on its confirmation page (`#1001`): how a shopper's report of that page is found. */
    number: nonBlank(100).optional(),
    placedAt: ApiTime,
    currency: Currency,
    /** The enterprise's id for the customer, as its pages show it (a verified customer of an engagement matches it). */
    customerId: CustomerId.optional(),
    /** The engagement id the shop stamped in the order (a cart attribute). */
    engagementId: text().max(100).optional(),
    lines: z.array(OrderLineBody).min(1).max(MAX_ORDER_LINES),
  })
  .strict();
export type OrderBody = z.infer<typeof OrderBody>;

export const RefundScopeBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lines'), lines: z.array(z.object({ lineId: ShopId, amount: Decimal }).strict()).min(1).max(MAX_ORDER_LINES) }).strict(),
  z.object({ kind: z.literal('whole_order') }).strict(),
  z.object({ kind: z.literal('amount'), amount: Decimal }).strict(),
]);

/** POST /api/v1/orders/:id/refunds: a refund of the order, by its lines, an amount, or whole. The same refund id again changes nothing. */
export const RefundBody = z
  .object({
    /** The shop's id for the refund, unique per enterprise. */
    id: ShopId,
    /** When given, it must be the order's. */
    currency: Currency.optional(),
    /** When it was refunded; the time it arrives when left out. */
    refundedAt: ApiTime.optional(),
    scope: RefundScopeBody,
  })
  .strict();
export type RefundBody = z.infer<typeof RefundBody>;

export const OrderSourceKind = z.enum(['api', 'shopify', 'segment']);
export const OrderStatus = z.enum(['attributed', 'unattributed']);

export const OrderCreditView = z.object({
  lineId: z.string(),
  engagementId: z.string(),
  associateId: z.string(),
  /** The share at attribution. */
  amount: Decimal,
  /** What refunds took of it. */
  refunded: Decimal,
});

export const RefundView = z.object({
  id: z.string(),
  refundedAt: z.string(),
  scope: z.union([
    z.object({ kind: z.literal('lines'), lines: z.array(z.object({ lineId: z.string(), amount: Decimal })) }),
    z.object({ kind: z.literal('whole_order') }),
    z.object({ kind: z.literal('amount'), amount: Decimal }),
  ]),
});

export const OrderSummary = z.object({
  /** Floorwalker's id for the order. */
  id: z.string(),
  /** The shop's id. */
  orderId: z.string(),
  number: z.string().nullable(),
  source: OrderSourceKind,
  placedAt: z.string(),
  currency: z.string(),
  net: Decimal,
  customerId: z.string().nullable(),
  engagementId: z.string().nullable(),
  status: OrderStatus,
  /** Why no engagement was credited: `no_identity` (the order names no engagement, customer or reporting shopper) or `no_engagement` (none counted). */
  unattributedReason: z.string().nullable(),
  /** Credited to engagements now, after refunds. */
  credited: Decimal,
});
export type OrderSummary = z.infer<typeof OrderSummary>;

/** GET /api/v1/orders/:id: the order with its lines, receipt, credits and refunds. */
export const OrderDetail = OrderSummary.extend({
  lines: z.array(z.object({ id: z.string(), sku: z.string(), category: z.array(z.string()), quantity: z.number().int(), net: Decimal })),
  /** The attribution core's receipt (rule, window, match, engagements, shares per line in minor units), or null when unattributed. */
  receipt: z.record(z.string(), z.unknown()).nullable(),
  credits: z.array(OrderCreditView),
  refunds: z.array(RefundView),
  /** False when this request found the order already taken (the same content again). */
  created: z.boolean().optional(),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

export const OrderList = z.object({ orders: z.array(OrderSummary), nextBefore: z.string().nullable() });
export type OrderList = z.infer<typeof OrderList>;

export const OrderListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextBefore` of the previous page. */
  before: z.string().max(200).optional(),
  status: OrderStatus.optional(),
  source: OrderSourceKind.optional(),
  /** Only orders credited to this engagement. */
  engagementId: z.uuid().optional(),
});

/** GET/PUT /api/v1/attribution-settings. */
export const AttributionSettingsBody = z
  .object({
    /** Days before an order an engagement's start may lie, 1 to 90. */
    windowDays: z.int().min(1).max(90),
    model: z.enum(['last_touch', 'even', 'time_decay']),
    /** Required with `time_decay`: the weight halves every this many days before the latest engagement. */
    halfLifeDays: z.number().gt(0).max(90).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.model === 'time_decay' && b.halfLifeDays === undefined) ctx.addIssue({ code: 'custom', path: ['halfLifeDays'], message: 'is required with time_decay' });
    if (b.model !== 'time_decay' && b.halfLifeDays !== undefined) ctx.addIssue({ code: 'custom', path: ['halfLifeDays'], message: 'is only for time_decay' });
  });
export type AttributionSettingsBody = z.infer<typeof AttributionSettingsBody>;

export const AttributionSettingsView = z.object({
  windowDays: z.number().int(),
  model: z.enum(['last_touch', 'even', 'time_decay']),
  halfLifeDays: z.number().nullable(),
  /** Null while the defaults apply. */
  updatedAt: z.string().nullable(),
});
export type AttributionSettingsView = z.infer<typeof AttributionSettingsView>;

/** PUT /api/v1/order-sources/shopify|segment: the secret the source signs its webhooks with (Shopify's app secret; the shared secret of Segment's Webhooks destination). */
export const OrderSourceSecretBody = z.object({ secret: text().min(8).max(500) }).strict();
export const OrderSourceView = z.object({ source: z.enum(['shopify', 'segment']), configured: z.literal(true), updatedAt: z.string() });
export type OrderSourceView = z.infer<typeof OrderSourceView>;

/** What a webhook delivery did. */
export const WebhookAnswer = z.object({
  /** `taken`: its order or refund was taken (or was known already); `duplicate`: this delivery id was taken before; `ignored`: a topic or event this endpoint does not take. */
  result: z.enum(['taken', 'duplicate', 'ignored']),
  topic: z.string(),
  orderId: z.string().nullable(),
});
export type WebhookAnswer = z.infer<typeof WebhookAnswer>;

/** GET /api/v1/engagements/:id/outcome: what the associate reported, beside what the orders verified. */
export const EngagementOutcome = z.object({
  engagementId: z.string(),
  /** The associate's (or enterprise's) own report, unchanged; null when none. */
  reported: z
    .object({ sale: z.boolean(), amount: z.string().nullable(), currency: z.string().nullable(), recordedBy: z.string(), recordedAt: z.string(), source: z.literal('reported') })
    .nullable(),
  verified: z.object({
    /** Credited amounts after refunds, per currency. */
    credited: z.array(z.object({ currency: z.string(), amount: Decimal, refunded: Decimal })),
    orders: z.array(z.object({ id: z.string(), orderId: z.string(), number: z.string().nullable(), placedAt: z.string(), currency: z.string(), amount: Decimal, refunded: Decimal })),
  }),
});
export type EngagementOutcome = z.infer<typeof EngagementOutcome>;
