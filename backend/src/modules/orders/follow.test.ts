import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { LedgerPage } from '../../../../shared/commission';
import { OrderDetail } from '../../../../shared/orders';
import { ReportAnswer } from '../../../../shared/reports';
import { practiceOutcomes } from '../../db/schema';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { T0 } from '../../testing/fixtures';
import { type SeededEngagement, seedEngagements } from '../../testing/orders';
import { SETTLE_BATCH_MS } from './follow';

/*
 * What follows an order, through the app and its durable jobs: the engagement's outcome reaches the
 * practices, the commission ledger is settled (by the customer's tier too), a refund revises both,
 * and the report shows the money. Jobs run when the test runs them (`jobs.runDue`), by the app clock.
 */

const T0_MS = Date.parse(T0);

describe.each(DB_KINDS)('what follows an order on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let engagement: SeededEngagement;

  beforeEach(async () => {
    h = api();
    [engagement] = (await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, associateCount: 1, now: h.clock.now(), answeredAt: () => new Date(T0_MS - 3_600_000) })) as [SeededEngagement];
    const plan = {
      currency: 'EUR',
      holdDays: 30,
      rules: [
        { id: 'gold', when: { customerTiers: ['gold'] }, pay: { kind: 'rate', basisPoints: 1000 } },
        { id: 'everyone', when: {}, pay: { kind: 'rate', basisPoints: 500 } },
      ],
    };
    expect((await call(h.app, 'PUT', '/api/v1/commission/plan', h.seed.voltKey, plan)).status).toBe(200);
  });

  const order = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    number: `#${id}`,
    placedAt: new Date(T0_MS - 60_000).toISOString(),
    currency: 'EUR',
    engagementId: engagement.id,
    lines: [{ id: 'L1', sku: 'WH-1000XM5', category: ['Audio'], quantity: 1, net: '200.00' }],
    ...over,
  });
  const place = async (body: unknown) => OrderDetail.parse(await (await call(h.app, 'POST', '/api/v1/orders', h.seed.voltKey, body)).json());
  /** Runs what is due now, then after the settlement window. */
  const runJobs = async () => {
    await h.app.jobs.runDue();
    h.clock.advance(SETTLE_BATCH_MS + 1_000);
    await h.app.jobs.runDue();
  };
  const ledger = async () => LedgerPage.parse(await (await call(h.app, 'GET', '/api/v1/commission/ledger?limit=200', h.seed.voltKey)).json()).entries;
  const outcome = async () => (await h.db.db.select().from(practiceOutcomes).where(eq(practiceOutcomes.engagementId, engagement.id)))[0]?.outcome;

  it('an attributed order counts as the engagement’s sale and earns its commission; nothing before the jobs run', async () => {
    const placed = await place(order('A-1'));
    expect(placed.status).toBe('attributed');
    expect(await ledger()).toEqual([]);
    expect(await outcome()).toBeUndefined();

    await runJobs();
    expect(await outcome()).toBe('sale');
    const entries = await ledger();
    expect(entries.filter((e) => e.kind === 'commission').map((e) => [e.orderId, e.amountMinor, e.ruleId])).toEqual([[placed.id, 1_000, 'everyone']]);

    // Running the jobs again writes nothing more.
    await runJobs();
    expect(await ledger()).toEqual(entries);
  });

  it('pays by the ordering customer’s tier, from the customer’s profile', async () => {
    expect((await call(h.app, 'PUT', '/api/v1/customers/C-9', h.seed.voltKey, { tier: 'gold' })).status).toBe(200);
    const placed = await place(order('G-1', { customerId: 'C-9' }));
    await runJobs();
    expect((await ledger()).filter((e) => e.kind === 'commission').map((e) => [e.orderId, e.amountMinor, e.ruleId])).toEqual([[placed.id, 2_000, 'gold']]);
  });

  it('a whole refund turns the sale into no sale and adjusts the commission before the lock', async () => {
    const placed = await place(order('R-1'));
    await runJobs();
    expect(await outcome()).toBe('sale');
    const refunded = await call(h.app, 'POST', `/api/v1/orders/${placed.id}/refunds`, h.seed.voltKey, { id: 'RF-1', scope: { kind: 'whole_order' } });
    expect(refunded.status).toBeLessThan(300);
    await runJobs();
    expect(await outcome()).toBe('no_sale');
    const entries = await ledger();
    expect(entries.map((e) => e.kind).sort()).toEqual(['adjustment', 'commission']);
    expect(entries.reduce((sum, e) => sum + e.amountMinor, 0)).toBe(0);
  });

  it('the report shows the engagement converted, its revenue and commission', async () => {
    await place(order('P-1'));
    await runJobs();
    const query = `from=${new Date(T0_MS - 86_400_000).toISOString()}&to=${new Date(T0_MS + 86_400_000).toISOString()}`;
    const report = ReportAnswer.parse(await (await call(h.app, 'GET', `/api/v1/reports?${query}`, h.seed.voltKey)).json());
    expect(report.total).toMatchObject({ engagements: 1, converted: 1 });
    expect(report.total.money).toEqual([expect.objectContaining({ currency: 'EUR', orders: 1, revenueMinor: 20_000, commissionMinor: 1_000 })]);
  });
});
