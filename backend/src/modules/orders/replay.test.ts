import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/records';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { T0 } from '../../testing/fixtures';
import { type SeededEngagement, seedEngagements } from '../../testing/orders';
import type { RefundScope } from './attribution.core';
import type { CreditChange } from './service';
import type { IncomingOrder, IncomingRefund } from './sources.core';

/*
 * At-least-once in, exactly-once effect: 10,000 generated orders (stamped, by customer, or
 * anonymous) and their refunds, delivered, then all delivered again in another order (refunds
 * of an order the other way round). The state after the second round is the state after the
 * first: every table's rows, every credit, and nobody is told twice.
 */

const ORDERS = 10_000;
const DAY = 86_400_000;
const T0_MS = Date.parse(T0);

/** A small seeded generator (mulberry32): the same orders on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function generate(engagements: SeededEngagement[]): { orders: IncomingOrder[]; refunds: IncomingRefund[] } {
  const rnd = random(18);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const orders: IncomingOrder[] = [];
  const refunds: IncomingRefund[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const lines = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, l) => ({
      id: `L${l}`,
      sku: pick(['WH-1000XM5', 'CASE-1', 'KETTLE-2', 'MUG-3']),
      category: ['Audio'],
      quantity: 1 + Math.floor(rnd() * 3),
      net: 100 + Math.floor(rnd() * 50_000),
    }));
    const how = rnd();
    const e = pick(engagements);
    const order: IncomingOrder = {
      source: 'api',
      externalId: `R-${i}`,
      number: `#${i}`,
      placedAt: T0_MS - Math.floor(rnd() * DAY),
      currency: 'EUR',
      customerId: how < 0.5 ? null : how < 0.8 ? `C-${Math.floor(rnd() * 40)}` : null,
      engagementId: how < 0.5 ? e.id : null,
      lines,
    };
    orders.push(order);
    if (rnd() < 0.15) {
      const n = 1 + Math.floor(rnd() * 2);
      for (let k = 0; k < n; k++) {
        const kind = rnd();
        const scope: RefundScope =
          kind < 0.5 ? { kind: 'lines', lines: [{ lineId: pick(lines).id, amount: Math.floor(rnd() * 20_000) }] } : kind < 0.85 ? { kind: 'amount', amount: Math.floor(rnd() * 30_000) } : { kind: 'whole_order' };
        refunds.push({ source: 'api', externalId: `RF-${i}-${k}`, orderExternalId: order.externalId, currency: 'EUR', refundedAt: T0_MS + k * DAY, scope });
      }
    }
  }
  return { orders, refunds };
}

describe.each(DB_KINDS)('replaying 10,000 orders on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });

  it('ends in the same state, credits and notices as one delivery of each', async () => {
    const enterpriseId = h.seed.volt.id;
    const engagements = await seedEngagements(h.db.db, {
      enterpriseId,
      count: 200,
      associateCount: 20,
      now: h.clock.now(),
      answeredAt: (i) => new Date(T0_MS - 2 * DAY - (i % 40) * DAY),
      customerId: (i) => `C-${i % 40}`,
    });
    const { orders, refunds } = generate(engagements);
    const changes: CreditChange[] = [];
    h.app.orders.onCredited((c) => void changes.push(c));
    // Postgres takes them side by side, as webhooks arrive; PGlite has one connection.
    const lanes = kind === 'postgres' ? 8 : 1;
    const deliver = async <T>(items: T[], take: (item: T) => Promise<unknown>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < items.length) await take(items[next++]!);
        }),
      );
    };
    const takeOrder = (o: IncomingOrder) => h.app.orders.take(enterpriseId, o);
    const takeRefund = (r: IncomingRefund) => h.app.orders.refund(enterpriseId, r.orderExternalId, () => r);

    await deliver(orders, takeOrder);
    await deliver(refunds, takeRefund);
    const first = await state();
    const told = changes.length;
    expect(first.orders).toBe(ORDERS);
    expect(first.refunds).toBe(refunds.length);
    expect(first.receipts).toBeGreaterThan(ORDERS / 2);
    expect(first.overcredited).toBe(0);

    // Everything again, the other way round.
    await deliver([...refunds].reverse(), takeRefund);
    await deliver([...orders].reverse(), takeOrder);
    expect(await state()).toEqual(first);
    expect(changes).toHaveLength(told);
  }, 900_000);

  async function state() {
    return rowsOf<Record<string, unknown>>(
      await h.db.db.execute(sql`select
        (select count(*)::int from orders) as orders,
        (select count(*)::int from order_lines) as lines,
        (select count(*)::int from attribution_receipts) as receipts,
        (select count(*)::int from order_credits) as credits,
        (select count(*)::int from order_refunds) as refunds,
        (select coalesce(sum(amount_minor), 0)::text from order_credits) as credited,
        (select coalesce(sum(refunded_minor), 0)::text from order_credits) as refunded,
        (select md5(coalesce(string_agg(c.order_id || c.line_id || c.engagement_id || c.amount_minor || '/' || c.refunded_minor, ',' order by c.order_id, c.line_id, c.engagement_id), '')) from order_credits c) as credit_digest,
        (select md5(coalesce(string_agg(o.external_id || o.status || o.net_minor || o.content_hash, ',' order by o.external_id), '')) from orders o) as order_digest,
        (select count(*)::int from orders o where (select coalesce(sum(c.amount_minor - c.refunded_minor), 0) from order_credits c where c.order_id = o.id) > o.net_minor) as overcredited`),
    )[0]!;
  }
});
