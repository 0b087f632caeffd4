import { bigint, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Receipt, RefundScope } from '../../modules/orders/attribution.core';
import { timestamp } from '../time';
import { associates } from './associates';
import { engagements } from './engagements';
import { enterprises } from './tenancy';

export type OrderSource = 'api' | 'shopify' | 'segment';
export type OrderStatus = 'attributed' | 'unattributed';

/**
 * An enterprise's order as its shop reported it (the project's API, Shopify, Segment), once per
 * shop order id. `content_hash` is the digest of what was taken: the same id with other content is
 * refused, the same content again changes nothing.
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    /** The shop's own id for the order. */
    externalId: text('external_id').notNull(),
    /** The order's number or name as the shop shows it (`#1001`): what a confirmation page reports. */
    number: text('number'),
    source: text('source', { enum: ['api', 'shopify', 'segment'] }).$type<OrderSource>().notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    currency: text('currency').notNull(),
    /** Sum of the lines' nets, in minor units. */
    netMinor: bigint('net_minor', { mode: 'number' }).notNull(),
    customerExternalId: text('customer_external_id'),
    /** The engagement id the shop stamped in the order, as given (it may name nothing). */
    stampedEngagementId: text('stamped_engagement_id'),
    status: text('status', { enum: ['attributed', 'unattributed'] }).$type<OrderStatus>().notNull(),
    /** Why no engagement was credited: `no_identity` or `no_engagement`. */
    unattributedReason: text('unattributed_reason'),
    contentHash: text('content_hash').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('orders_enterprise_external_idx').on(t.enterpriseId, t.externalId),
    index('orders_enterprise_placed_idx').on(t.enterpriseId, t.placedAt.desc(), t.id.desc()),
  ],
);

/** An order's lines, net of discounts and without tax, in the order's currency. */
export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineId: text('line_id').notNull(),
    position: integer('position').notNull(),
    sku: text('sku').notNull(),
    category: text('category').array().notNull(),
    quantity: integer('quantity').notNull(),
    netMinor: bigint('net_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineId] })],
);

/** Why an order was credited as it was: the attribution core's receipt, kept as it was made. */
export const attributionReceipts = pgTable('attribution_receipts', {
  orderId: uuid('order_id')
    .primaryKey()
    .references(() => orders.id, { onDelete: 'cascade' }),
  receipt: jsonb('receipt').$type<Receipt>().notNull(),
  rule: text('rule').notNull(),
  windowDays: integer('window_days').notNull(),
  match: text('match').notNull(),
});

/**
 * One engagement's credit on one order line: its share at attribution and what refunds took of it
 * since (kept equal to the core's `creditsAfter` over all the order's refunds). For reports and commission.
 */
export const orderCredits = pgTable(
  'order_credits',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineId: text('line_id').notNull(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    refundedMinor: bigint('refunded_minor', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.lineId, t.engagementId] }),
    index('order_credits_engagement_idx').on(t.engagementId),
    index('order_credits_enterprise_idx').on(t.enterpriseId, t.associateId),
  ],
);

/** A refund of an order, once per refund id of the enterprise. */
export const orderRefunds = pgTable(
  'order_refunds',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    source: text('source', { enum: ['api', 'shopify', 'segment'] }).$type<OrderSource>().notNull(),
    scope: jsonb('scope').$type<RefundScope>().notNull(),
    refundedAt: timestamp('refunded_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('order_refunds_enterprise_external_idx').on(t.enterpriseId, t.externalId), index('order_refunds_order_idx').on(t.orderId)],
);

/** Webhook deliveries taken, by the source's delivery id: a delivery seen before is answered without being taken again. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    source: text('source', { enum: ['shopify', 'segment'] }).notNull(),
    deliveryId: text('delivery_id').notNull(),
    topic: text('topic').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.source, t.deliveryId] })],
);

/** An enterprise's attribution window and split; no row means the defaults (30 days, last touch). */
export const attributionSettings = pgTable('attribution_settings', {
  enterpriseId: uuid('enterprise_id')
    .primaryKey()
    .references(() => enterprises.id, { onDelete: 'cascade' }),
  windowDays: integer('window_days').notNull(),
  model: text('model', { enum: ['last_touch', 'even', 'time_decay'] }).notNull(),
  halfLifeDays: doublePrecision('half_life_days'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** The secret an order source signs its webhooks with, per enterprise, sealed (sealing.ts); never shown. */
export const orderSources = pgTable(
  'order_sources',
  {
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    source: text('source', { enum: ['shopify', 'segment'] }).notNull(),
    secret: text('secret').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseId, t.source] })],
);
