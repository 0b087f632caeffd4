import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { orderCredits, orders } from '../../db/schema';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { T0 } from '../../testing/fixtures';
import { seedEngagements } from '../../testing/orders';
import type { RefundScope } from './attribution.core';
import type { IncomingOrder } from './sources.core';

/*
 * Through the service and the database: whatever the order, the split and the refunds, the
 * credits kept for an order never sum past its net, and the same refunds delivered in any order
 * (and some twice) leave the same credits, row by row.
 */

const T0_MS = Date.parse(T0);
const DAY = 86_400_000;

const lines = fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 5 }), net: fc.integer({ min: 0, max: 1_000_000 }) }), { minLength: 1, maxLength: 6 });
const scope = (lineCount: number): fc.Arbitrary<RefundScope> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.array(fc.record({ lineId: fc.integer({ min: 0, max: lineCount - 1 }).map((l) => `L${l}`), amount: fc.integer({ min: 0, max: 1_200_000 }) }), { minLength: 1, maxLength: 3 }).map((ls) => ({ kind: 'lines' as const, lines: ls })) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 2_000_000 }).map((amount) => ({ kind: 'amount' as const, amount })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'whole_order' as const }) },
  );
const scenario = lines.chain((ls) =>
  fc.record({
    lines: fc.constant(ls),
    model: fc.constantFrom('last_touch', 'even', 'time_decay'),
    refunds: fc.array(scope(ls.length), { maxLength: 5 }),
    seed: fc.integer(),
  }),
);

describe.each(DB_KINDS)('credits through the database on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  beforeEach(() => {
    h = api();
  });

  it('never sum past the order’s net, and end the same whatever the refunds’ order', async () => {
    const enterpriseId = h.seed.volt.id;
    // Four engagements of customer C-P, a few days apart: every split has several shares.
    await seedEngagements(h.db.db, { enterpriseId, count: 4, associateCount: 4, now: h.clock.now(), answeredAt: (i) => new Date(T0_MS - (1 + i * 3) * DAY), customerId: () => 'C-P' });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ lines, model, refunds, seed }) => {
        run += 1;
        await h.app.orders.setSettings(enterpriseId, model === 'time_decay' ? { windowDays: 30, model, halfLifeDays: 4 } : { windowDays: 30, model });
        const order = (id: string): IncomingOrder => ({
          source: 'api',
          externalId: id,
          number: null,
          placedAt: T0_MS,
          currency: 'EUR',
          customerId: 'C-P',
          engagementId: null,
          lines: lines.map((l, i) => ({ id: `L${i}`, sku: `SKU-${i}`, category: [], quantity: l.quantity, net: l.net })),
        });
        const credits = async (externalId: string, ids: number[]) => {
          const o = order(externalId);
          await h.app.orders.take(enterpriseId, o);
          for (const i of ids) await h.app.orders.refund(enterpriseId, externalId, () => ({ source: 'api', externalId: `${externalId}-r${i}`, orderExternalId: externalId, currency: 'EUR', refundedAt: T0_MS + i, scope: refunds[i]! }));
          const [row] = await h.db.db.select({ id: orders.id, net: orders.netMinor }).from(orders).where(eq(orders.externalId, externalId));
          const cells = await h.db.db.select().from(orderCredits).where(eq(orderCredits.orderId, row!.id));
          const kept = cells.reduce((a, c) => a + c.amountMinor - c.refundedMinor, 0);
          expect(kept).toBeLessThanOrEqual(row!.net);
          for (const c of cells) expect(c.refundedMinor).toBeGreaterThanOrEqual(0), expect(c.refundedMinor).toBeLessThanOrEqual(c.amountMinor);
          return cells.map((c) => `${c.lineId}|${c.engagementId}|${c.amountMinor}|${c.refundedMinor}`).sort();
        };
        const ids = refunds.map((_, i) => i);
        // The other order: reversed, then rotated by the seed, with the first refund given twice.
        const other = [...ids].reverse();
        const shift = ids.length ? Math.abs(seed) % ids.length : 0;
        const shuffled = [...other.slice(shift), ...other.slice(0, shift), ...ids.slice(0, 1)];
        // Refund ids are per enterprise: each twin's refunds get their own, the same per position.
        const a = await credits(`A-${run}`, ids);
        const b = await credits(`B-${run}`, shuffled);
        expect(b).toEqual(a);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 30) },
    );
  }, 300_000);
});
