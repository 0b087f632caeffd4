import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { decimalAmount } from '../../../../shared/catalog';
import type { AttributionSettingsBody, AttributionSettingsView, EngagementOutcome, OrderDetail, OrderList, OrderSourceView, OrderSummary } from '../../../../shared/orders';
import type { z } from 'zod';
import type { OrderListQuery } from '../../../../shared/orders';
import type { Db, Tx } from '../../db/open';
import { rowsOf } from '../../db/records';
import {
  attributionReceipts,
  attributionSettings,
  engagements,
  orderCredits,
  orderLines,
  orderRefunds,
  orders,
  orderSources,
  outcomes,
  webhookDeliveries,
} from '../../db/schema';
import type { AppDeps } from '../../deps';
import { InvalidInput, NotFound, OrderRefused } from '../../errors';
import { describeError } from '../../log';
import { decodeCursor, encodeCursor, keysetPage, olderThan } from '../../db/keyset';
import {
  applyRefund,
  attribute,
  type Attribution,
  type AttributionSettings,
  type CandidateEngagement,
  type Credits,
  creditsAfter,
  DEFAULT_ATTRIBUTION,
  type Order,
  type Receipt,
  type Refund,
  type RefundScope,
} from './attribution.core';
import type { IncomingOrder, IncomingRefund } from './sources.core';
import type { CreditFact } from '../reports/report.core';

type OrderRow = typeof orders.$inferSelect;
type RefundRow = typeof orderRefunds.$inferSelect;

/** What changed in the credits, told after the commit: an order credited to engagements, or a refund that reduced credits. */
export interface CreditChange {
  kind: 'order_attributed' | 'refund_applied';
  enterpriseId: string;
  /** Floorwalker's id for the order. */
  orderId: string;
  /** The shop's id for the refund, for `refund_applied`. */
  refundId: string | null;
  engagementIds: string[];
  associateIds: string[];
}

/** A webhook delivery taken with its effect, in the same transaction: a delivery id seen before takes nothing. */
export interface Delivery {
  source: 'shopify' | 'segment';
  id: string;
  topic: string;
}

export type Taken<T> = { kind: 'taken'; created: boolean; value: T } | { kind: 'duplicate' };

/** One credit as the commission ledger reads it: an engagement's share of one order line, with the refunds that took from it. */
export interface CreditRecord {
  orderId: string;
  /** The shop's id for the order. */
  orderExternalId: string;
  lineId: string;
  sku: string;
  category: string[];
  engagementId: string;
  associateId: string;
  /** The share at attribution, minor units. */
  amount: number;
  /** What is left after every refund so far, minor units. */
  remaining: number;
  currency: string;
  placedAt: Date;
  /** When the order reached Floorwalker and was attributed (a commission's hold counts from it). */
  attributedAt: Date;
  /** The shop's id for the customer who ordered, when the order names one. */
  customerId: string | null;
  /** Each refund that took from this credit, oldest first, with what it took (minor units). */
  refunds: { refundId: string; refundedAt: Date; amount: number }[];
}

const LIVE_STATUSES = ['accepted', 'ended'] as const;
/** How long an enterprise's attribution settings are kept in memory. */
export const SETTINGS_CACHE_MS = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Orders and refunds from the enterprise (its API, Shopify, Segment), attributed to engagements
 * by the pure core (attribution.core.ts) and kept: the order, its lines, the receipt and the
 * credits are written in one transaction. At-least-once in, exactly-once effect: the same order
 * or refund again changes nothing (and tells nobody); the same id with other content is refused.
 */
export class OrdersService {
  private readonly listeners: ((change: CreditChange) => void | Promise<void>)[] = [];
  /** Settings read lately, by enterprise: every order needs them. A change made on another instance reaches this one within SETTINGS_CACHE_MS. */
  private readonly settingsCache = new Map<string, { at: number; settings: AttributionSettings }>();

  constructor(private readonly deps: AppDeps) {}

  /** Calls `listener` after each commit that changed credits (never on a replay); returns how to stop. */
  onCredited(listener: (change: CreditChange) => void | Promise<void>): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private async tell(change: CreditChange): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (err) {
        this.deps.log('credit listener failed', { enterpriseId: change.enterpriseId, orderId: change.orderId, ...describeError(err) });
      }
    }
  }

  // ——— Orders ———

  /**
   * Takes an order: attributes it and writes it whole, or finds it taken already (the same
   * content: nothing changes) or refuses it (OrderRefused: `order_conflict` for the same shop id
   * with other content, or what the core refuses).
   */
  async take(enterpriseId: string, incoming: IncomingOrder, delivery?: Delivery): Promise<Taken<OrderDetail>> {
    const hash = contentHash(incoming);
    // A webhook's order is looked for first: a delivery is recorded only with an order taken or the same one found.
    // The order API goes straight to the write (its insert finds a known order as well): one round trip less.
    if (delivery) {
      const known = await this.existing(this.deps.db, enterpriseId, incoming.externalId);
      if (known) {
        const view = await this.replayed(known, hash);
        if (!(await this.deps.db.transaction((tx) => this.recordDelivery(tx, enterpriseId, delivery, this.deps.clock())))) return { kind: 'duplicate' };
        return { kind: 'taken', created: false, value: view };
      }
    }

    const order: Order = {
      id: incoming.externalId,
      enterpriseId,
      placedAt: incoming.placedAt,
      currency: incoming.currency,
      lines: incoming.lines.map((l) => ({ id: l.id, sku: l.sku, category: l.category, quantity: l.quantity, net: l.net })),
      stampedEngagementId: incoming.engagementId,
      customerId: incoming.customerId,
      reportingShopperId: null,
    };
    const attribution = await this.attribute(order, incoming.number);
    if (attribution.kind === 'refused') throw new OrderRefused(attribution.code === 'invalid_order' || attribution.code === 'mixed_currency' ? attribution.code : 'invalid_order', attribution.message);

    const now = this.deps.clock();
    const id = this.deps.ids.id();
    const written = await writeOrder(this.deps.db, { id, enterpriseId, incoming, attribution, hash, now, delivery });
    if (!written.delivered) return { kind: 'duplicate' };
    if (!written.inserted) {
      // Taken before (a replay of the order API) or meanwhile by a concurrent delivery: the same content, or refused.
      const known = await this.existing(this.deps.db, enterpriseId, incoming.externalId);
      return { kind: 'taken', created: false, value: await this.replayed(known!, hash) };
    }
    if (attribution.kind === 'attributed') {
      await this.tell(creditChange('order_attributed', enterpriseId, id, null, attribution.receipt.shares));
    }
    return { kind: 'taken', created: true, value: this.freshView(id, incoming, attribution) };
  }

  /** The order as stored when its content is the same; OrderRefused `order_conflict` otherwise. */
  private async replayed(row: OrderRow, hash: string, db: Db | Tx = this.deps.db): Promise<OrderDetail> {
    if (row.contentHash !== hash) throw new OrderRefused('order_conflict', `Order ${row.externalId} was taken before with other content; an order, once placed, is changed by refunds.`);
    return { ...(await this.detail(row, db)), created: false };
  }

  private async existing(db: Db | Tx, enterpriseId: string, externalId: string): Promise<OrderRow | undefined> {
    const [row] = await db.select().from(orders).where(and(eq(orders.enterpriseId, enterpriseId), eq(orders.externalId, externalId)));
    return row;
  }

  /** The order's attribution by the strongest match: the candidates of each match are read only when the stronger ones credited nobody. */
  private async attribute(order: Order, number: string | null): Promise<Attribution> {
    const settings = await this.settingsOf(order.enterpriseId);
    const candidates: CandidateEngagement[] = [];
    let result = attribute(order, candidates, settings);
    if (result.kind !== 'unattributed') return result;
    const steps: (() => Promise<void>)[] = [
      async () => {
        if (order.stampedEngagementId && UUID.test(order.stampedEngagementId)) candidates.push(...(await this.candidates(eq(engagements.id, order.stampedEngagementId))));
      },
      async () => {
        if (order.customerId) candidates.push(...(await this.candidates(and(eq(engagements.enterpriseId, order.enterpriseId), eq(engagements.customerExternalId, order.customerId))!)));
      },
      async () => {
        const shopperId = number ? await this.reportingShopper(order.enterpriseId, number) : null;
        if (!shopperId) return;
        order.reportingShopperId = shopperId;
        candidates.push(...(await this.candidates(and(eq(engagements.shopperId, shopperId), eq(engagements.enterpriseId, order.enterpriseId))!)));
      },
    ];
    for (const step of steps) {
      await step();
      result = attribute(order, candidates, settings);
      if (result.kind !== 'unattributed') return result;
    }
    return result;
  }

  private async candidates(where: ReturnType<typeof eq>, db: Db | Tx = this.deps.db): Promise<CandidateEngagement[]> {
    const rows = await db
      .select({
        id: engagements.id,
        enterpriseId: engagements.enterpriseId,
        associateId: engagements.associateId,
        shopperId: engagements.shopperId,
        customerId: engagements.customerExternalId,
        answeredAt: engagements.answeredAt,
      })
      .from(engagements)
      .where(and(where, inArray(engagements.status, [...LIVE_STATUSES]), isNotNull(engagements.answeredAt)))
      .orderBy(desc(engagements.answeredAt))
      .limit(1_000);
    return rows.map((r) => ({ id: r.id, enterpriseId: r.enterpriseId, associateId: r.associateId, shopperId: r.shopperId, customerId: r.customerId, startedAt: r.answeredAt!.getTime() }));
  }

  /** The shopper who first reported the order's confirmation page on one of the enterprise's sites. */
  private async reportingShopper(enterpriseId: string, number: string): Promise<string | null> {
    const [row] = rowsOf<{ shopper_id: string }>(
      await this.deps.db.execute(sql`
        select e.shopper_id from events e join sites s on s.id = e.site_id
        where e.type = 'order_confirmation' and (e.data->'order'->>'number') = ${number} and s.enterprise_id = ${enterpriseId}
        order by e.at, e.seq limit 1`),
    );
    return row?.shopper_id ?? null;
  }

  /**
   * A shopper's browser reported the confirmation page of an order the shop had already sent
   * (the webhook is often faster than the extension's batch): an order left unattributed for want
   * of a match is attributed now to that shopper's engagements, as if the report had come first.
   * An order already attributed, or already refunded, stays as it is.
   */
  async confirmationReported(report: { enterpriseId: string; shopperId: string; number: string }): Promise<void> {
    const settings = await this.settingsOf(report.enterpriseId);
    const change = await this.deps.db.transaction(async (tx): Promise<CreditChange | null> => {
      const [row] = await tx
        .select()
        .from(orders)
        .where(and(eq(orders.enterpriseId, report.enterpriseId), eq(orders.number, report.number), eq(orders.status, 'unattributed')))
        .limit(1)
        .for('update');
      if (!row) return null;
      const [refunded] = await tx.select({ id: orderRefunds.id }).from(orderRefunds).where(eq(orderRefunds.orderId, row.id)).limit(1);
      if (refunded) return null;
      const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, row.id)).orderBy(asc(orderLines.position));
      const order: Order = {
        id: row.externalId,
        enterpriseId: row.enterpriseId,
        placedAt: row.placedAt.getTime(),
        currency: row.currency,
        lines: lines.map((l) => ({ id: l.lineId, sku: l.sku, category: l.category, quantity: l.quantity, net: l.netMinor })),
        stampedEngagementId: row.stampedEngagementId,
        customerId: row.customerExternalId,
        reportingShopperId: report.shopperId,
      };
      // Inside the transaction (PGlite has one connection: a read outside it would wait for it forever).
      const candidates = await this.candidates(and(eq(engagements.shopperId, report.shopperId), eq(engagements.enterpriseId, report.enterpriseId))!, tx);
      const result = attribute(order, candidates, settings);
      if (result.kind !== 'attributed') return null;
      const { receipt } = result;
      await tx.insert(attributionReceipts).values({ orderId: row.id, receipt, rule: receipt.rule.kind, windowDays: receipt.windowDays, match: receipt.match });
      const credits = creditRows(row.id, row.enterpriseId, receipt);
      if (credits.length > 0) await tx.insert(orderCredits).values(credits);
      await tx.update(orders).set({ status: 'attributed', unattributedReason: null }).where(eq(orders.id, row.id));
      return creditChange('order_attributed', row.enterpriseId, row.id, null, receipt.shares);
    });
    if (change) await this.tell(change);
  }

  // ——— Refunds ———

  /**
   * Applies a refund to its order (found by the shop's order id): the credits become the core's
   * `creditsAfter` over all the order's refunds, so refunds in any order end the same. The same
   * refund id again changes nothing; with other content, or for another order, `refund_conflict`.
   */
  async refund(enterpriseId: string, orderExternalId: string, refundOf: (orderCurrency: string) => IncomingRefund, delivery?: Delivery): Promise<Taken<OrderDetail>> {
    const now = this.deps.clock();
    const outcome = await this.deps.db.transaction(async (tx) => {
      if (delivery && !(await this.recordDelivery(tx, enterpriseId, delivery, now))) return { kind: 'duplicate' as const };
      // The order's row is the lock: its refunds are applied one at a time.
      const [order] = await tx.select().from(orders).where(and(eq(orders.enterpriseId, enterpriseId), eq(orders.externalId, orderExternalId))).for('update');
      if (!order) throw new NotFound('The order');
      const given = refundOf(order.currency);
      const [other] = await tx
        .select({ orderId: orderRefunds.orderId })
        .from(orderRefunds)
        .where(and(eq(orderRefunds.enterpriseId, enterpriseId), eq(orderRefunds.externalId, given.externalId)));
      if (other && other.orderId !== order.id) throw new OrderRefused('refund_conflict', `Refund ${given.externalId} was taken before for another order.`);
      const applied = await tx.select().from(orderRefunds).where(eq(orderRefunds.orderId, order.id)).orderBy(asc(orderRefunds.refundedAt), asc(orderRefunds.externalId));
      const [stored] = await tx.select({ receipt: attributionReceipts.receipt }).from(attributionReceipts).where(eq(attributionReceipts.orderId, order.id));
      const receipt = stored?.receipt ?? (await checkingReceipt(tx, order));
      const refund: Refund = { id: given.externalId, orderId: order.externalId, currency: given.currency ?? order.currency, scope: given.scope };
      const result = applyRefund(receipt, applied.map(toCoreRefund(order)), refund);
      if (result.kind === 'refused') throw new OrderRefused(result.code === 'other_order' ? 'invalid_refund' : result.code === 'invalid_engagement' || result.code === 'invalid_settings' ? 'invalid_refund' : result.code, result.message);
      if (result.kind === 'replayed') return { kind: 'replayed' as const, order };
      await tx.insert(orderRefunds).values({
        id: this.deps.ids.id(),
        enterpriseId,
        externalId: given.externalId,
        orderId: order.id,
        source: given.source,
        scope: given.scope,
        refundedAt: new Date(given.refundedAt ?? now.getTime()),
        receivedAt: now,
      });
      if (!stored) return { kind: 'applied' as const, order, changed: null };
      await writeCredits(tx, order.id, receipt, result.credits);
      return { kind: 'applied' as const, order, changed: stored.receipt.shares, refundId: given.externalId };
    });
    if (outcome.kind === 'duplicate') return outcome;
    if (outcome.kind === 'applied' && outcome.changed) {
      await this.tell(creditChange('refund_applied', enterpriseId, outcome.order.id, outcome.refundId ?? null, outcome.changed));
    }
    return { kind: 'taken', created: outcome.kind === 'applied', value: await this.detail(outcome.order) };
  }

  /** The shop's order id of one of the enterprise's orders, by Floorwalker's id. */
  async externalIdOf(enterpriseId: string, id: string): Promise<{ externalId: string; currency: string }> {
    const [row] = await this.deps.db.select({ externalId: orders.externalId, currency: orders.currency }).from(orders).where(and(eq(orders.id, id), eq(orders.enterpriseId, enterpriseId)));
    if (!row) throw new NotFound('The order');
    return row;
  }

  // ——— Webhook deliveries ———

  /** Records a delivery; false when its id was taken before. */
  private async recordDelivery(tx: Tx, enterpriseId: string, delivery: Delivery, now: Date): Promise<boolean> {
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({ enterpriseId, source: delivery.source, deliveryId: delivery.id, topic: delivery.topic, receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.deliveryId });
    return Boolean(row);
  }

  /** Whether a delivery id was taken before (a duplicate is answered before its body is read further). */
  async delivered(enterpriseId: string, source: Delivery['source'], id: string): Promise<boolean> {
    const [row] = await this.deps.db
      .select({ id: webhookDeliveries.deliveryId })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.enterpriseId, enterpriseId), eq(webhookDeliveries.source, source), eq(webhookDeliveries.deliveryId, id)));
    return Boolean(row);
  }

  // ——— Reading ———

  async get(enterpriseId: string, id: string): Promise<OrderDetail> {
    const [row] = await this.deps.db.select().from(orders).where(and(eq(orders.id, id), eq(orders.enterpriseId, enterpriseId)));
    if (!row) throw new NotFound('The order');
    return this.detail(row);
  }

  async list(enterpriseId: string, query: z.output<typeof OrderListQuery>): Promise<OrderList> {
    const before = query.before === undefined ? null : decodeCursor(query.before);
    if (query.before !== undefined && !before) throw new InvalidInput(['before'], 'The cursor is not one this API made; start again without it.');
    const where = and(
      eq(orders.enterpriseId, enterpriseId),
      before ? olderThan(orders.placedAt, orders.id, before) : undefined,
      query.status ? eq(orders.status, query.status) : undefined,
      query.source ? eq(orders.source, query.source) : undefined,
      query.engagementId ? sql`exists (select 1 from order_credits c where c.order_id = ${orders.id} and c.engagement_id = ${query.engagementId})` : undefined,
    );
    const rows = await this.deps.db
      .select({ order: orders, credited: sql<string>`coalesce((select sum(c.amount_minor - c.refunded_minor) from order_credits c where c.order_id = ${orders.id}), 0)::text` })
      .from(orders)
      .where(where)
      .orderBy(desc(orders.placedAt), desc(orders.id))
      .limit(query.limit + 1);
    const { shown, next } = keysetPage(rows, query.limit, ({ order: o }) => encodeCursor({ lastEventAt: o.placedAt, id: o.id }));
    return { orders: shown.map((r) => summaryOf(r.order, Number(r.credited))), nextBefore: next };
  }

  private async detail(row: OrderRow, db: Db | Tx = this.deps.db): Promise<OrderDetail> {
    const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, row.id)).orderBy(asc(orderLines.position));
    const receipt = await db.select({ receipt: attributionReceipts.receipt }).from(attributionReceipts).where(eq(attributionReceipts.orderId, row.id));
    const credits = await db.select().from(orderCredits).where(eq(orderCredits.orderId, row.id));
    const refunds = await db.select().from(orderRefunds).where(eq(orderRefunds.orderId, row.id)).orderBy(asc(orderRefunds.refundedAt), asc(orderRefunds.externalId));
    const lineOrder = new Map(lines.map((l) => [l.lineId, l.position]));
    credits.sort((a, b) => lineOrder.get(a.lineId)! - lineOrder.get(b.lineId)! || (a.engagementId < b.engagementId ? -1 : 1));
    const money = (minor: number) => decimalAmount(minor, row.currency);
    return {
      ...summaryOf(row, credits.reduce((a, c) => a + c.amountMinor - c.refundedMinor, 0)),
      lines: lines.map((l) => ({ id: l.lineId, sku: l.sku, category: l.category, quantity: l.quantity, net: money(l.netMinor) })),
      receipt: (receipt[0]?.receipt as unknown as Record<string, unknown> | undefined) ?? null,
      credits: credits.map((c) => ({ lineId: c.lineId, engagementId: c.engagementId, associateId: c.associateId, amount: money(c.amountMinor), refunded: money(c.refundedMinor) })),
      refunds: refunds.map((r) => ({ id: r.externalId, refundedAt: r.refundedAt.toISOString(), scope: scopeView(r.scope, row.currency) })),
    };
  }

  /** The view of an order just written, from what was written. */
  private freshView(id: string, incoming: IncomingOrder, attribution: Exclude<Attribution, { kind: 'refused' }>): OrderDetail {
    const money = (minor: number) => decimalAmount(minor, incoming.currency);
    const net = incoming.lines.reduce((a, l) => a + l.net, 0);
    const receipt = attribution.kind === 'attributed' ? attribution.receipt : null;
    return {
      id,
      orderId: incoming.externalId,
      number: incoming.number,
      source: incoming.source,
      placedAt: new Date(incoming.placedAt).toISOString(),
      currency: incoming.currency,
      net: money(net),
      customerId: incoming.customerId,
      engagementId: incoming.engagementId,
      status: receipt ? 'attributed' : 'unattributed',
      unattributedReason: attribution.kind === 'unattributed' ? attribution.why : null,
      credited: money(receipt ? net : 0),
      lines: incoming.lines.map((l) => ({ id: l.id, sku: l.sku, category: l.category, quantity: l.quantity, net: money(l.net) })),
      receipt: receipt as unknown as Record<string, unknown> | null,
      credits: receipt ? creditRows(id, '', receipt).map((c) => ({ lineId: c.lineId, engagementId: c.engagementId, associateId: c.associateId, amount: money(c.amountMinor), refunded: money(0) })) : [],
      refunds: [],
      created: true,
    };
  }

  /**
   * Every credit of the enterprise, for the commission ledger: each engagement's share of each
   * order line with what is left of it, and each refund that took from it with what it took (the
   * refunds applied one by one in the order they happened; their total is the same in any order).
   * `since`: orders placed, or refunded, at or after it.
   */
  async creditsOf(enterpriseId: string, since?: Date): Promise<CreditRecord[]> {
    const recent = since
      ? or(sql`${orders.placedAt} >= ${since.toISOString()}`, sql`exists (select 1 from order_refunds r where r.order_id = ${orders.id} and r.refunded_at >= ${since.toISOString()})`)
      : undefined;
    const rows = await this.deps.db
      .select({ order: orders, receipt: attributionReceipts.receipt })
      .from(orders)
      .innerJoin(attributionReceipts, eq(attributionReceipts.orderId, orders.id))
      .where(and(eq(orders.enterpriseId, enterpriseId), recent))
      .orderBy(asc(orders.placedAt), asc(orders.id));
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.order.id);
    const [lines, refunds] = await Promise.all([
      this.deps.db.select().from(orderLines).where(inArray(orderLines.orderId, ids)),
      this.deps.db.select().from(orderRefunds).where(inArray(orderRefunds.orderId, ids)).orderBy(asc(orderRefunds.refundedAt), asc(orderRefunds.externalId)),
    ]);
    const lineOf = new Map(lines.map((l) => [`${l.orderId}|${l.lineId}`, l]));
    const out: CreditRecord[] = [];
    for (const { order, receipt } of rows) {
      const own = refunds.filter((r) => r.orderId === order.id);
      // The credits after each refund in turn: what each one took, cell by cell.
      const steps: { refund: RefundRow; credits: Credits }[] = [];
      for (let k = 1; k <= own.length; k++) {
        const after = creditsAfter(receipt, own.slice(0, k).map(toCoreRefund(order)));
        if (after.kind === 'credits') steps.push({ refund: own[k - 1]!, credits: after.credits });
      }
      receipt.shares.forEach((share, s) => {
        share.lines.forEach((cell, l) => {
          if (cell.amount === 0) return;
          const line = lineOf.get(`${order.id}|${cell.lineId}`);
          let before = cell.amount;
          const taken: CreditRecord['refunds'] = [];
          for (const step of steps) {
            const now = step.credits.shares[s]!.lines[l]!.amount;
            if (now !== before) taken.push({ refundId: step.refund.externalId, refundedAt: step.refund.refundedAt, amount: before - now });
            before = now;
          }
          out.push({
            orderId: order.id,
            orderExternalId: order.externalId,
            lineId: cell.lineId,
            sku: line?.sku ?? '',
            category: line?.category ?? [],
            engagementId: share.engagementId,
            associateId: share.associateId,
            amount: cell.amount,
            remaining: before,
            currency: order.currency,
            placedAt: order.placedAt,
            attributedAt: order.receivedAt,
            customerId: order.customerExternalId,
            refunds: taken,
          });
        });
      });
    }
    return out;
  }

  /**
   * The credits on the enterprise's engagements invited within `invited` (epoch ms, `to` excluded),
   * one per engagement and order (its lines together), with what refunds took: the reports' money.
   */
  async creditsInvitedIn(enterpriseId: string, invited: { from: number; to: number }): Promise<CreditFact[]> {
    const rows = await this.deps.db
      .select({
        engagementId: orderCredits.engagementId,
        associateId: orderCredits.associateId,
        orderId: orderCredits.orderId,
        amount: sql<string>`sum(${orderCredits.amountMinor})`,
        refunded: sql<string>`sum(${orderCredits.refundedMinor})`,
        currency: orders.currency,
        placedAt: orders.placedAt,
      })
      .from(orderCredits)
      .innerJoin(orders, eq(orders.id, orderCredits.orderId))
      .innerJoin(engagements, eq(engagements.id, orderCredits.engagementId))
      .where(
        and(
          eq(orderCredits.enterpriseId, enterpriseId),
          eq(engagements.enterpriseId, enterpriseId),
          gte(engagements.invitedAt, new Date(invited.from)),
          lt(engagements.invitedAt, new Date(invited.to)),
        ),
      )
      .groupBy(orderCredits.engagementId, orderCredits.associateId, orderCredits.orderId, orders.currency, orders.placedAt);
    return rows.map((r) => ({ engagementId: r.engagementId, associateId: r.associateId, orderId: r.orderId, amountMinor: Number(r.amount), refundedMinor: Number(r.refunded), currency: r.currency, orderPlacedAt: r.placedAt.getTime() }));
  }

  /** What the engagement's associate reported beside what the orders verified; for its associate or its enterprise. */
  async outcomeOf(actor: { associateId: string } | { enterpriseId: string }, engagementId: string): Promise<EngagementOutcome> {
    const [engagement] = await this.deps.db
      .select({ associateId: engagements.associateId, enterpriseId: engagements.enterpriseId })
      .from(engagements)
      .where(eq(engagements.id, engagementId));
    const mine = engagement && ('associateId' in actor ? engagement.associateId === actor.associateId : engagement.enterpriseId === actor.enterpriseId);
    if (!engagement || !mine) throw new NotFound('The engagement');
    const [reported] = await this.deps.db.select().from(outcomes).where(eq(outcomes.engagementId, engagementId));
    const rows = await this.deps.db
      .select({
        id: orders.id,
        orderId: orders.externalId,
        number: orders.number,
        placedAt: orders.placedAt,
        currency: orders.currency,
        amount: sql<string>`sum(${orderCredits.amountMinor})::text`,
        refunded: sql<string>`sum(${orderCredits.refundedMinor})::text`,
      })
      .from(orderCredits)
      .innerJoin(orders, eq(orders.id, orderCredits.orderId))
      .where(eq(orderCredits.engagementId, engagementId))
      .groupBy(orders.id)
      .orderBy(asc(orders.placedAt), asc(orders.id));
    const byCurrency = new Map<string, { amount: number; refunded: number }>();
    for (const r of rows) {
      const c = byCurrency.get(r.currency) ?? { amount: 0, refunded: 0 };
      c.amount += Number(r.amount) - Number(r.refunded);
      c.refunded += Number(r.refunded);
      byCurrency.set(r.currency, c);
    }
    return {
      engagementId,
      reported: reported
        ? { sale: reported.sale, amount: reported.amount, currency: reported.currency, recordedBy: reported.recordedBy, recordedAt: reported.recordedAt.toISOString(), source: 'reported' }
        : null,
      verified: {
        credited: [...byCurrency].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, c]) => ({ currency, amount: decimalAmount(c.amount, currency), refunded: decimalAmount(c.refunded, currency) })),
        orders: rows.map((r) => ({
          id: r.id,
          orderId: r.orderId,
          number: r.number,
          placedAt: r.placedAt.toISOString(),
          currency: r.currency,
          amount: decimalAmount(Number(r.amount) - Number(r.refunded), r.currency),
          refunded: decimalAmount(Number(r.refunded), r.currency),
        })),
      },
    };
  }

  // ——— Settings and sources ———

  async settingsOf(enterpriseId: string): Promise<AttributionSettings> {
    const now = performance.now();
    const hit = this.settingsCache.get(enterpriseId);
    if (hit && now - hit.at <= SETTINGS_CACHE_MS) return hit.settings;
    const [row] = await this.deps.db.select().from(attributionSettings).where(eq(attributionSettings.enterpriseId, enterpriseId));
    const settings: AttributionSettings = !row
      ? DEFAULT_ATTRIBUTION
      : { windowDays: row.windowDays, model: row.model === 'time_decay' ? { kind: 'time_decay', halfLifeDays: row.halfLifeDays ?? 7 } : { kind: row.model } };
    if (this.settingsCache.size >= 10_000) this.settingsCache.clear();
    this.settingsCache.set(enterpriseId, { at: now, settings });
    return settings;
  }

  async settings(enterpriseId: string): Promise<AttributionSettingsView> {
    const [row] = await this.deps.db.select().from(attributionSettings).where(eq(attributionSettings.enterpriseId, enterpriseId));
    if (!row) return { windowDays: DEFAULT_ATTRIBUTION.windowDays, model: 'last_touch', halfLifeDays: null, updatedAt: null };
    return { windowDays: row.windowDays, model: row.model, halfLifeDays: row.halfLifeDays, updatedAt: row.updatedAt.toISOString() };
  }

  /** Replaces the enterprise's settings; orders already attributed keep their receipts. */
  async setSettings(enterpriseId: string, body: AttributionSettingsBody): Promise<AttributionSettingsView> {
    this.settingsCache.delete(enterpriseId);
    const values = { windowDays: body.windowDays, model: body.model, halfLifeDays: body.halfLifeDays ?? null, updatedAt: this.deps.clock() };
    const [row] = await this.deps.db
      .insert(attributionSettings)
      .values({ enterpriseId, ...values })
      .onConflictDoUpdate({ target: attributionSettings.enterpriseId, set: values })
      .returning();
    this.settingsCache.delete(enterpriseId);
    return { windowDays: row!.windowDays, model: row!.model, halfLifeDays: row!.halfLifeDays, updatedAt: row!.updatedAt.toISOString() };
  }

  /** Sets the secret a source signs the enterprise's webhooks with, sealed; it is never shown again. */
  async setSourceSecret(enterpriseId: string, source: 'shopify' | 'segment', secret: string): Promise<OrderSourceView> {
    const values = { secret: this.deps.sealer.seal(secret), updatedAt: this.deps.clock() };
    const [row] = await this.deps.db
      .insert(orderSources)
      .values({ enterpriseId, source, ...values })
      .onConflictDoUpdate({ target: [orderSources.enterpriseId, orderSources.source], set: values })
      .returning({ updatedAt: orderSources.updatedAt });
    return { source, configured: true, updatedAt: row!.updatedAt.toISOString() };
  }

  /** The secret in clear, or null when none is set (or no configured key opens it, which is logged). */
  async sourceSecret(enterpriseId: string, source: 'shopify' | 'segment'): Promise<string | null> {
    const [row] = await this.deps.db
      .select({ secret: orderSources.secret })
      .from(orderSources)
      .where(and(eq(orderSources.enterpriseId, enterpriseId), eq(orderSources.source, source)));
    if (!row) return null;
    try {
      const plain = this.deps.sealer.open(row.secret);
      if (!this.deps.sealer.isCurrent(row.secret)) {
        await this.deps.db.update(orderSources).set({ secret: this.deps.sealer.seal(plain) }).where(and(eq(orderSources.enterpriseId, enterpriseId), eq(orderSources.source, source)));
      }
      return plain;
    } catch (err) {
      this.deps.log('order source secret unreadable', { enterpriseId, source, ...describeError(err) });
      return null;
    }
  }
}

/**
 * The order, its lines, its receipt and its credits (and the webhook delivery that brought it) in
 * one statement, so all or none of it is written without a transaction's round trips: a delivery
 * id seen before writes nothing (`delivered` false), an order id taken before writes nothing
 * more (`inserted` false).
 */
async function writeOrder(
  db: Db,
  w: { id: string; enterpriseId: string; incoming: IncomingOrder; attribution: Exclude<Attribution, { kind: 'refused' }>; hash: string; now: Date; delivery: Delivery | undefined },
): Promise<{ delivered: boolean; inserted: boolean }> {
  const { id, enterpriseId, incoming, attribution, delivery } = w;
  const now = w.now.toISOString();
  const receipt = attribution.kind === 'attributed' ? attribution.receipt : null;
  const lines = incoming.lines.map((l, position) => ({ line_id: l.id, position, sku: l.sku, category: l.category, quantity: l.quantity, net_minor: l.net }));
  const credits = receipt ? creditRows(id, enterpriseId, receipt).map((c) => ({ line_id: c.lineId, engagement_id: c.engagementId, associate_id: c.associateId, amount_minor: c.amountMinor })) : [];
  const deliveryRow = delivery
    ? sql`insert into webhook_deliveries (enterprise_id, source, delivery_id, topic, received_at) values (${enterpriseId}, ${delivery.source}, ${delivery.id}, ${delivery.topic}, ${now}::timestamptz) on conflict do nothing returning 1 as x`
    : sql`select 1 as x`;
  const [row] = rowsOf<{ delivered: number; inserted: number }>(
    await db.execute(sql`
      with d as (${deliveryRow}),
      o as (
        insert into orders (id, enterprise_id, external_id, number, source, placed_at, currency, net_minor, customer_external_id, stamped_engagement_id, status, unattributed_reason, content_hash, received_at)
        select ${id}::uuid, ${enterpriseId}::uuid, ${incoming.externalId}, ${incoming.number}, ${incoming.source}, ${new Date(incoming.placedAt).toISOString()}::timestamptz, ${incoming.currency},
          ${incoming.lines.reduce((a, l) => a + l.net, 0)}::bigint, ${incoming.customerId}, ${incoming.engagementId}, ${receipt ? 'attributed' : 'unattributed'},
          ${attribution.kind === 'unattributed' ? attribution.why : null}, ${w.hash}, ${now}::timestamptz
        where exists (select 1 from d)
        on conflict do nothing returning id
      ),
      l as (
        insert into order_lines (order_id, line_id, position, sku, category, quantity, net_minor)
        select o.id, r.line_id, r.position, r.sku, r.category, r.quantity, r.net_minor
        from o, json_to_recordset(${JSON.stringify(lines)}::json) as r(line_id text, position int, sku text, category text[], quantity int, net_minor bigint)
      ),
      rc as (
        insert into attribution_receipts (order_id, receipt, rule, window_days, match)
        select o.id, ${receipt ? JSON.stringify(receipt) : null}::jsonb, ${receipt?.rule.kind ?? null}, ${receipt?.windowDays ?? null}::int, ${receipt?.match ?? null}
        from o where ${receipt !== null}
      ),
      c as (
        insert into order_credits (order_id, line_id, engagement_id, associate_id, enterprise_id, amount_minor, refunded_minor)
        select o.id, r.line_id, r.engagement_id, r.associate_id, ${enterpriseId}::uuid, r.amount_minor, 0
        from o, json_to_recordset(${JSON.stringify(credits)}::json) as r(line_id text, engagement_id uuid, associate_id uuid, amount_minor bigint)
      )
      select (select count(*)::int from d) as delivered, (select count(*)::int from o) as inserted`),
  );
  return { delivered: row!.delivered > 0, inserted: row!.inserted > 0 };
}

/** What a change told to the listeners names: the engagements credited on the order (a share above nothing) and their associates. */
function creditChange(kind: CreditChange['kind'], enterpriseId: string, orderId: string, refundId: string | null, shares: Receipt['shares']): CreditChange {
  const credited = shares.filter((s) => s.amount > 0);
  return { kind, enterpriseId, orderId, refundId, engagementIds: credited.map((s) => s.engagementId), associateIds: [...new Set(credited.map((s) => s.associateId))] };
}

/** The digest of an order's content, whatever source brought it: the same order twice has the same digest. */
function contentHash(o: IncomingOrder): string {
  const canonical = [o.externalId, o.number, o.placedAt, o.currency, o.customerId, o.engagementId, o.lines.map((l) => [l.id, l.sku, l.category, l.quantity, l.net])];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

function creditRows(orderId: string, enterpriseId: string, receipt: Receipt): (typeof orderCredits.$inferInsert)[] {
  return receipt.shares.flatMap((share) =>
    share.lines.filter((cell) => cell.amount > 0).map((cell) => ({ orderId, lineId: cell.lineId, engagementId: share.engagementId, associateId: share.associateId, enterpriseId, amountMinor: cell.amount, refundedMinor: 0 })),
  );
}

/** The credit rows set to the core's credits after the refunds: refunded = share at attribution less what is left. */
async function writeCredits(tx: Tx, orderId: string, receipt: Receipt, credits: Credits): Promise<void> {
  const rows = receipt.shares.flatMap((share, s) =>
    share.lines.flatMap((cell, l) => (cell.amount > 0 ? [{ line_id: cell.lineId, engagement_id: share.engagementId, refunded: cell.amount - credits.shares[s]!.lines[l]!.amount }] : [])),
  );
  if (rows.length === 0) return;
  await tx.execute(sql`
    update order_credits c set refunded_minor = r.refunded
    from json_to_recordset(${JSON.stringify(rows)}::json) as r(line_id text, engagement_id uuid, refunded bigint)
    where c.order_id = ${orderId} and c.line_id = r.line_id and c.engagement_id = r.engagement_id`);
}

/**
 * A receipt that credits nobody, for checking a refund of an unattributed order against its lines
 * and currency (the core checks refunds against a receipt).
 */
async function checkingReceipt(tx: Tx, order: OrderRow): Promise<Receipt> {
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.position));
  return {
    orderId: order.externalId,
    enterpriseId: order.enterpriseId,
    currency: order.currency,
    placedAt: order.placedAt.getTime(),
    net: order.netMinor,
    rule: { kind: 'last_touch' },
    windowDays: 1,
    windowStart: order.placedAt.getTime(),
    match: 'stamped_engagement',
    engagements: [],
    shares: [{ engagementId: '', associateId: '', startedAt: 0, weight: 1, amount: order.netMinor, lines: lines.map((l) => ({ lineId: l.lineId, amount: l.netMinor })) }],
    passedOver: [],
  };
}

const toCoreRefund =
  (order: OrderRow) =>
  (r: RefundRow): Refund => ({ id: r.externalId, orderId: order.externalId, currency: order.currency, scope: r.scope });

function summaryOf(row: OrderRow, creditedMinor: number): OrderSummary {
  return {
    id: row.id,
    orderId: row.externalId,
    number: row.number,
    source: row.source,
    placedAt: row.placedAt.toISOString(),
    currency: row.currency,
    net: decimalAmount(row.netMinor, row.currency),
    customerId: row.customerExternalId,
    engagementId: row.stampedEngagementId,
    status: row.status,
    unattributedReason: row.unattributedReason,
    credited: decimalAmount(creditedMinor, row.currency),
  };
}

function scopeView(scope: RefundScope, currency: string): OrderDetail['refunds'][number]['scope'] {
  if (scope.kind === 'lines') return { kind: 'lines', lines: scope.lines.map((l) => ({ lineId: l.lineId, amount: decimalAmount(l.amount, currency) })) };
  if (scope.kind === 'amount') return { kind: 'amount', amount: decimalAmount(scope.amount, currency) };
  return { kind: 'whole_order' };
}
