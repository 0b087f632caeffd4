import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { AttributionSettingsView, EngagementOutcome, OrderDetail, OrderList, WebhookAnswer } from '../../../../shared/orders';
import { rowsOf } from '../../db/records';
import { events } from '../../db/schema';
import { type ApiHarness, call, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { ev, T0, VOLT } from '../../testing/fixtures';
import { type SeededEngagement, seedEngagements } from '../../testing/orders';
import type { CreditChange } from './service';
import { signatureOf } from './signatures';

const DAY = 86_400_000;
const T0_MS = Date.parse(T0);
const at = (ms: number) => new Date(ms).toISOString();

const apiOrder = (over: Record<string, unknown> = {}) => ({
  id: 'ORD-1001',
  number: '#1001',
  placedAt: at(T0_MS),
  currency: 'EUR',
  lines: [
    { id: 'L1', sku: 'WH-1000XM5', category: ['Audio', 'Headphones'], quantity: 1, net: '349.00' },
    { id: 'L2', sku: 'CASE-1', quantity: 2, net: '30.00' },
  ],
  ...over,
});

describe.each(DB_KINDS)('orders on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let key: string;
  let changes: CreditChange[];
  let seeded: SeededEngagement[];
  beforeEach(async () => {
    h = api();
    key = h.seed.voltKey;
    changes = [];
    h.app.orders.onCredited((c) => void changes.push(c));
    // Three accepted engagements: 2 days, 10 days and 40 days before T0; the first two for customer C-7.
    seeded = await seedEngagements(h.db.db, {
      enterpriseId: h.seed.volt.id,
      count: 3,
      associateCount: 3,
      now: h.clock.now(),
      answeredAt: (i) => new Date(T0_MS - [2, 10, 40][i]! * DAY),
      customerId: (i) => (i < 2 ? 'C-7' : null),
    });
  });
  const post = (path: string, body: unknown, as = key) => call(h.app, 'POST', path, as, body);
  const get = (path: string, as = key) => call(h.app, 'GET', path, as);
  const count = async (table: string) => rowsOf<{ n: number }>(await h.db.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
  const counts = async () => ({
    orders: await count('orders'),
    lines: await count('order_lines'),
    receipts: await count('attribution_receipts'),
    credits: await count('order_credits'),
    refunds: await count('order_refunds'),
    deliveries: await count('webhook_deliveries'),
  });

  it('credits the stamped engagement, writes the order whole, and takes the same order again as a no-op', async () => {
    const res = await post('/api/v1/orders', apiOrder({ engagementId: seeded[1]!.id, customerId: 'C-7' }));
    expect(res.status).toBe(201);
    const order = OrderDetail.parse(await res.json());
    expect(order).toMatchObject({ status: 'attributed', net: '379.00', credited: '379.00', orderId: 'ORD-1001', number: '#1001' });
    // The stamp wins over the verified customer's later engagement.
    expect(order.receipt).toMatchObject({ match: 'stamped_engagement', engagements: [seeded[1]!.id], windowDays: 30 });
    expect(order.credits).toEqual([
      { lineId: 'L1', engagementId: seeded[1]!.id, associateId: seeded[1]!.associateId, amount: '349.00', refunded: '0.00' },
      { lineId: 'L2', engagementId: seeded[1]!.id, associateId: seeded[1]!.associateId, amount: '30.00', refunded: '0.00' },
    ]);
    expect(changes).toEqual([{ kind: 'order_attributed', enterpriseId: h.seed.volt.id, orderId: order.id, refundId: null, engagementIds: [seeded[1]!.id], associateIds: [seeded[1]!.associateId] }]);
    const before = await counts();
    expect(before).toMatchObject({ orders: 1, lines: 2, receipts: 1, credits: 2 });

    const again = await post('/api/v1/orders', apiOrder({ engagementId: seeded[1]!.id, customerId: 'C-7' }));
    expect(again.status).toBe(200);
    const replayed = OrderDetail.parse(await again.json());
    expect({ ...replayed, created: true }).toEqual(order);
    expect(await counts()).toEqual(before);
    expect(changes).toHaveLength(1);

    const changed = await post('/api/v1/orders', apiOrder({ engagementId: seeded[1]!.id, customerId: 'C-7', currency: 'USD' }));
    expect(changed.status).toBe(409);
    expect(((await changed.json()) as { error: { code: string } }).error.code).toBe('order_conflict');
    expect(await counts()).toEqual(before);

    expect(OrderDetail.parse(await (await get(`/api/v1/orders/${order.id}`)).json())).toEqual({ ...order, created: undefined });
    // Another enterprise sees nothing of it.
    expect((await get(`/api/v1/orders/${order.id}`, h.seed.summitKey)).status).toBe(404);
  });

  it('falls to the verified customer, then the shopper who reported the confirmation page; never credits after the order or outside the window', async () => {
    const byCustomer = OrderDetail.parse(await (await post('/api/v1/orders', apiOrder({ id: 'A', customerId: 'C-7', engagementId: 'not-an-engagement' }))).json());
    expect(byCustomer.receipt).toMatchObject({ match: 'verified_customer', engagements: [seeded[0]!.id, seeded[1]!.id] });
    // Last touch: the latest start takes it all.
    expect(byCustomer.credits.map((c) => c.engagementId)).toEqual([seeded[0]!.id, seeded[0]!.id]);

    // An order placed before both of C-7's engagements started: neither may have it.
    const early = OrderDetail.parse(await (await post('/api/v1/orders', apiOrder({ id: 'B', customerId: 'C-7', placedAt: at(T0_MS - 20 * DAY) }))).json());
    expect(early).toMatchObject({ status: 'unattributed', unattributedReason: 'no_engagement', credited: '0.00', credits: [] });

    // The reporting shopper: h's shopper reports #2002's confirmation page at Voltaire and had an engagement there.
    expect((await h.post({ events: [ev(at(T0_MS - 60_000), { type: 'order_confirmation', url: `${VOLT}/checkout/thanks`, order: { number: '#2002', total: '10.00', currency: 'EUR' } })] })).status).toBe(202);
    const [{ shopperId }] = (await h.db.db.select({ shopperId: events.shopperId }).from(events)) as [{ shopperId: string }];
    const [mine] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, now: h.clock.now(), answeredAt: () => new Date(T0_MS - 3_600_000), shopperIds: [shopperId] });
    const byShopper = OrderDetail.parse(await (await post('/api/v1/orders', apiOrder({ id: 'C', number: '#2002' }))).json());
    expect(byShopper.receipt).toMatchObject({ match: 'reporting_shopper', engagements: [mine!.id] });
    // The same number at another enterprise finds nobody.
    const elsewhere = OrderDetail.parse(await (await post('/api/v1/orders', apiOrder({ id: 'C', number: '#2002' }), h.seed.summitKey)).json());
    expect(elsewhere).toMatchObject({ status: 'unattributed', unattributedReason: 'no_identity' });
    const none = OrderDetail.parse(await (await post('/api/v1/orders', apiOrder({ id: 'D', number: undefined }))).json());
    expect(none.unattributedReason).toBe('no_identity');
  });

  it('attributes an order that came before its confirmation page once the shopper’s browser reports the page, and once only', async () => {
    // The shop's webhook is faster than the extension's batch: nobody to credit yet.
    const early = OrderDetail.parse(await (await post('/api/v1/orders', apiOrder({ id: 'LATE', number: '#3003' }))).json());
    expect(early).toMatchObject({ status: 'unattributed', unattributedReason: 'no_identity' });
    expect(changes).toEqual([]);
    // The shopper had an engagement at Voltaire; their browser now reports the confirmation page.
    await h.post({ events: [ev(at(T0_MS - 120_000), { type: 'page_view', kind: 'other', url: `${VOLT}/` })] });
    const [{ shopperId }] = (await h.db.db.select({ shopperId: events.shopperId }).from(events)) as [{ shopperId: string }];
    const [mine] = await seedEngagements(h.db.db, { enterpriseId: h.seed.volt.id, count: 1, now: h.clock.now(), answeredAt: () => new Date(T0_MS - 3_600_000), shopperIds: [shopperId] });
    const report = { type: 'order_confirmation' as const, url: `${VOLT}/checkout/thanks`, order: { number: '#3003', total: '379.00', currency: 'EUR' } };
    expect((await h.post({ events: [ev(at(T0_MS - 60_000), report)] })).status).toBe(202);
    const late = OrderDetail.parse(await (await get(`/api/v1/orders/${early.id}`)).json());
    expect(late).toMatchObject({ status: 'attributed', unattributedReason: null, credited: '379.00' });
    expect(late.receipt).toMatchObject({ match: 'reporting_shopper', engagements: [mine!.id] });
    expect(changes).toEqual([{ kind: 'order_attributed', enterpriseId: h.seed.volt.id, orderId: early.id, refundId: null, engagementIds: [mine!.id], associateIds: [mine!.associateId] }]);
    // The page reported again (a reload, another tab) changes nothing.
    expect((await h.post({ events: [ev(at(T0_MS - 30_000), report)] })).status).toBe(202);
    expect(changes).toHaveLength(1);
    expect(await counts()).toMatchObject({ orders: 1, receipts: 1, credits: 2 });
  });

  it('splits by the enterprise’s settings: the window and an even split', async () => {
    expect(AttributionSettingsView.parse(await (await get('/api/v1/attribution-settings')).json())).toEqual({ windowDays: 30, model: 'last_touch', halfLifeDays: null, updatedAt: null });
    expect((await call(h.app, 'PUT', '/api/v1/attribution-settings', key, { windowDays: 5, model: 'time_decay' })).status).toBe(400);
    expect((await call(h.app, 'PUT', '/api/v1/attribution-settings', key, { windowDays: 91, model: 'even' })).status).toBe(400);
    const put = await call(h.app, 'PUT', '/api/v1/attribution-settings', key, { windowDays: 60, model: 'even' });
    expect(put.status).toBe(200);
    expect(AttributionSettingsView.parse(await put.json())).toMatchObject({ windowDays: 60, model: 'even' });
    // The third engagement (40 days before) has no customer: the customer's two split the order evenly.
    const order = OrderDetail.parse(await (await post('/api/v1/orders', apiOrder({ customerId: 'C-7' }))).json());
    expect(order.receipt).toMatchObject({ rule: { kind: 'even' }, windowDays: 60 });
    const byEngagement = new Map<string, number>();
    for (const c of order.credits) byEngagement.set(c.engagementId, (byEngagement.get(c.engagementId) ?? 0) + Math.round(Number(c.amount) * 100));
    expect([...byEngagement.values()].sort()).toEqual([18950, 18950]);
    expect(changes[0]!.engagementIds.sort()).toEqual([seeded[0]!.id, seeded[1]!.id].sort());
  });

  it('applies refunds once each, in any order to the same credits, and tells of each once', async () => {
    const order = OrderDetail.parse(await (await post('/api/v1/orders', apiOrder({ engagementId: seeded[0]!.id }))).json());
    const refund = (body: unknown) => post(`/api/v1/orders/${order.id}/refunds`, body);
    const r1 = await refund({ id: 'R1', scope: { kind: 'lines', lines: [{ lineId: 'L2', amount: '15.00' }] }, refundedAt: at(T0_MS + DAY) });
    expect(r1.status).toBe(201);
    expect(OrderDetail.parse(await r1.json())).toMatchObject({ credited: '364.00', credits: [{ lineId: 'L1', refunded: '0.00' }, { lineId: 'L2', refunded: '15.00' }] });
    const replay = await refund({ id: 'R1', scope: { kind: 'lines', lines: [{ lineId: 'L2', amount: '15.00' }] }, refundedAt: at(T0_MS + DAY) });
    expect(replay.status).toBe(200);
    const conflict = await refund({ id: 'R1', scope: { kind: 'whole_order' } });
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: { code: string } }).error.code).toBe('refund_conflict');
    const unknown = await refund({ id: 'R9', scope: { kind: 'lines', lines: [{ lineId: 'L7', amount: '1.00' }] } });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_line');
    const otherCurrency = await refund({ id: 'R8', currency: 'USD', scope: { kind: 'whole_order' } });
    expect(((await otherCurrency.json()) as { error: { code: string } }).error.code).toBe('mixed_currency');
    const tooPrecise = await refund({ id: 'R7', scope: { kind: 'amount', amount: '1.001' } });
    expect(tooPrecise.status).toBe(400);
    const r2 = await refund({ id: 'R2', scope: { kind: 'amount', amount: '100.00' }, refundedAt: at(T0_MS + 2 * DAY) });
    const after = OrderDetail.parse(await r2.json());
    expect(after.credited).toBe('264.00');
    expect(after.refunds.map((r) => r.id)).toEqual(['R1', 'R2']);
    expect(changes.map((c) => [c.kind, c.refundId])).toEqual([
      ['order_attributed', null],
      ['refund_applied', 'R1'],
      ['refund_applied', 'R2'],
    ]);
    expect(await count('order_refunds')).toBe(2);

    // The same refunds the other way round on a twin order end in the same credits.
    const twin = OrderDetail.parse(await (await post('/api/v1/orders', apiOrder({ id: 'ORD-TWIN', engagementId: seeded[0]!.id }))).json());
    await post(`/api/v1/orders/${twin.id}/refunds`, { id: 'T2', scope: { kind: 'amount', amount: '100.00' } });
    const twinAfter = OrderDetail.parse(await (await post(`/api/v1/orders/${twin.id}/refunds`, { id: 'T1', scope: { kind: 'lines', lines: [{ lineId: 'L2', amount: '15.00' }] } })).json());
    expect(twinAfter.credits.map((c) => c.refunded)).toEqual(after.credits.map((c) => c.refunded));

    // What the commission ledger reads: each credit with the refunds that took from it.
    const credits = await h.app.orders.creditsOf(h.seed.volt.id);
    const l2 = credits.find((c) => c.orderId === order.id && c.lineId === 'L2')!;
    expect(l2).toMatchObject({ sku: 'CASE-1', amount: 3000, currency: 'EUR', engagementId: seeded[0]!.id, associateId: seeded[0]!.associateId });
    expect(l2.refunds.map((r) => r.refundId)).toEqual(['R1', 'R2']);
    const own = credits.filter((c) => c.orderId === order.id);
    expect(own.reduce((a, c) => a + c.remaining, 0)).toBe(26_400);
    expect(own.reduce((a, c) => a + c.amount - c.refunds.reduce((b, r) => b + r.amount, 0), 0)).toBe(26_400);
    expect(await h.app.orders.creditsOf(h.seed.volt.id, new Date(T0_MS + 10 * DAY))).toEqual([]);
  });

  it('lists orders page by page with filters', async () => {
    for (let i = 0; i < 5; i++) await post('/api/v1/orders', apiOrder({ id: `P${i}`, placedAt: at(T0_MS - i * 60_000), ...(i % 2 ? { engagementId: seeded[0]!.id } : {}) }));
    const first = OrderList.parse(await (await get('/api/v1/orders?limit=2')).json());
    expect(first.orders.map((o) => o.orderId)).toEqual(['P0', 'P1']);
    const second = OrderList.parse(await (await get(`/api/v1/orders?limit=2&before=${first.nextBefore}`)).json());
    expect(second.orders.map((o) => o.orderId)).toEqual(['P2', 'P3']);
    const credited = OrderList.parse(await (await get(`/api/v1/orders?engagementId=${seeded[0]!.id}`)).json());
    expect(credited.orders.map((o) => o.orderId)).toEqual(['P1', 'P3']);
    const unattributed = OrderList.parse(await (await get('/api/v1/orders?status=unattributed')).json());
    expect(unattributed.orders).toHaveLength(3);
    expect((await get('/api/v1/orders?before=forged')).status).toBe(400);
    expect(OrderList.parse(await (await get('/api/v1/orders', h.seed.summitKey)).json()).orders).toEqual([]);
  });

  it('shows the associate’s report beside the verified outcome', async () => {
    const engagementId = seeded[0]!.id;
    await h.db.db.execute(sql`insert into outcomes (engagement_id, sale, amount, currency, recorded_by, recorded_at) values (${engagementId}, true, '500.00', 'EUR', 'associate', ${T0})`);
    await post('/api/v1/orders', apiOrder({ engagementId }));
    const res = await get(`/api/v1/engagements/${engagementId}/outcome`);
    expect(res.status).toBe(200);
    const outcome = EngagementOutcome.parse(await res.json());
    expect(outcome.reported).toMatchObject({ sale: true, amount: '500.00', source: 'reported' });
    expect(outcome.verified.credited).toEqual([{ currency: 'EUR', amount: '379.00', refunded: '0.00' }]);
    expect(outcome.verified.orders.map((o) => o.orderId)).toEqual(['ORD-1001']);
    expect((await get(`/api/v1/engagements/${engagementId}/outcome`, h.seed.summitKey)).status).toBe(404);
  });

  describe('Shopify', () => {
    const SECRET = 'shpss_0123456789abcdef';
    const ORDER_ID = '820982911946154508';
    const shopifyOrder = (engagementId: string) =>
      `{"id":${ORDER_ID},"admin_graphql_api_id":"gid://shopify/Order/${ORDER_ID}","name":"#9999","created_at":"${at(T0_MS - 3_600_000).replace('Z', '+00:00')}","currency":"USD",` +
      `"current_total_price":"398.00","total_price":"398.00","customer":{"id":115310627314723954},` +
      `"note_attributes":[{"name":"gift","value":"no"},{"name":"floorwalker_engagement","value":"${engagementId}"}],` +
      `"line_items":[{"id":866550311766439020,"sku":"WH-1000XM5","quantity":1,"price":"349.00","total_discount":"0.00","discount_allocations":[{"amount":"10.00"}]},` +
      `{"id":141249953214522974,"sku":null,"variant_id":808950810,"quantity":2,"price":"29.50","total_discount":"0.00","discount_allocations":[]}]}`;
    const send = (topic: string, body: string, over: { hmac?: string; id?: string; enterprise?: string } = {}) =>
      h.app.http.request(`/api/v1/webhooks/shopify/${over.enterprise ?? h.seed.volt.id}`, {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': topic,
          'x-shopify-hmac-sha256': over.hmac ?? signatureOf('shopify', SECRET, body),
          'x-shopify-webhook-id': over.id ?? crypto.randomUUID(),
        },
      });

    it('takes orders/create and refunds/create as Shopify sends them, signed; refuses bad signatures; drops duplicate deliveries', async () => {
      const body = shopifyOrder(seeded[0]!.id);
      // No secret set yet: nothing verifies.
      expect((await send('orders/create', body)).status).toBe(401);
      const set = await call(h.app, 'PUT', '/api/v1/order-sources/shopify', key, { secret: SECRET });
      expect(set.status).toBe(200);
      expect(await set.text()).not.toContain(SECRET);

      expect((await send('orders/create', body, { hmac: signatureOf('shopify', 'another secret', body) })).status).toBe(401);
      expect((await send('orders/create', body, { hmac: '' })).status).toBe(401);
      expect((await send('orders/create', body, { enterprise: h.seed.summit.id })).status).toBe(401);
      expect((await send('orders/create', body, { enterprise: 'nope' })).status).toBe(401);
      expect(await counts()).toMatchObject({ orders: 0, deliveries: 0 });

      const res = await send('orders/create', body, { id: 'delivery-1' });
      expect(res.status).toBe(200);
      const taken = WebhookAnswer.parse(await res.json());
      expect(taken.result).toBe('taken');
      const order = OrderDetail.parse(await (await get(`/api/v1/orders/${taken.orderId}`)).json());
      // The id keeps all its digits; the discounts come off the line; a line without a SKU is named by its variant.
      expect(order).toMatchObject({ orderId: ORDER_ID, number: '#9999', currency: 'USD', net: '398.00', customerId: '115310627314723954', engagementId: seeded[0]!.id, status: 'attributed' });
      expect(order.lines).toEqual([
        { id: '866550311766439020', sku: 'WH-1000XM5', category: [], quantity: 1, net: '339.00' },
        { id: '141249953214522974', sku: 'variant:808950810', category: [], quantity: 2, net: '59.00' },
      ]);
      const before = await counts();
      expect(WebhookAnswer.parse(await (await send('orders/create', body, { id: 'delivery-1' })).json()).result).toBe('duplicate');
      // Another delivery of the same order: taken already, nothing changes.
      expect(WebhookAnswer.parse(await (await send('orders/create', body, { id: 'delivery-2' })).json()).result).toBe('taken');
      expect(await counts()).toEqual({ ...before, deliveries: before.deliveries + 1 });

      const ignored = await send('products/update', '{"id":1}');
      expect(ignored.status).toBe(202);
      expect(WebhookAnswer.parse(await ignored.json()).result).toBe('ignored');

      const refund = `{"id":509562969126160001,"order_id":${ORDER_ID},"created_at":"${at(T0_MS)}","refund_line_items":[{"id":1,"line_item_id":141249953214522974,"quantity":1,"subtotal":"29.50"}],"transactions":[{"kind":"refund","status":"success","amount":"29.50","currency":"USD"}]}`;
      expect((await send('refunds/create', refund, { hmac: 'AAAA' })).status).toBe(401);
      expect(WebhookAnswer.parse(await (await send('refunds/create', refund, { id: 'delivery-3' })).json()).result).toBe('taken');
      expect(WebhookAnswer.parse(await (await send('refunds/create', refund, { id: 'delivery-4' })).json()).result).toBe('taken');
      const refunded = OrderDetail.parse(await (await get(`/api/v1/orders/${order.id}`)).json());
      expect(refunded).toMatchObject({ credited: '368.50', refunds: [{ id: '509562969126160001', scope: { kind: 'lines', lines: [{ lineId: '141249953214522974', amount: '29.50' }] } }] });
      expect(changes.map((c) => c.kind)).toEqual(['order_attributed', 'refund_applied']);
      // A refund of an order not seen yet: 404, so Shopify delivers it again later.
      expect((await send('refunds/create', refund.replace(ORDER_ID, '1'), { id: 'delivery-5' })).status).toBe(404);
      expect(await count('webhook_deliveries')).toBe(4);
    });
  });

  describe('Segment', () => {
    const SECRET = 'segment shared secret';
    const send = (event: unknown, hmac?: string) => {
      const body = JSON.stringify(event);
      return h.app.http.request(`/api/v1/webhooks/segment/${h.seed.volt.id}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-signature': hmac ?? signatureOf('segment', SECRET, body) },
      });
    };

    it('takes Order Completed and Order Refunded track events signed with the shared secret', async () => {
      expect((await call(h.app, 'PUT', '/api/v1/order-sources/segment', key, { secret: SECRET })).status).toBe(200);
      const completed = {
        type: 'track',
        event: 'Order Completed',
        messageId: 'msg-1',
        userId: 'C-7',
        timestamp: at(T0_MS - 60_000),
        properties: {
          order_id: 'seg-50314b8e',
          total: 27.5,
          revenue: 25.0,
          discount: 2.5,
          currency: 'EUR',
          products: [
            { product_id: '507f1f77', sku: '45790-32', price: 19, quantity: 1, category: 'Games' },
            { product_id: '505bd76785ebb509fc183733', sku: '46493-32', price: 3.5, quantity: 2, category: 'Games > Cards' },
          ],
        },
      };
      expect((await send(completed, 'deadbeef')).status).toBe(401);
      const res = await send(completed);
      expect(res.status).toBe(200);
      const order = OrderDetail.parse(await (await get(`/api/v1/orders/${WebhookAnswer.parse(await res.json()).orderId}`)).json());
      expect(order).toMatchObject({ orderId: 'seg-50314b8e', source: 'segment', net: '23.50', customerId: 'C-7', receipt: { match: 'verified_customer' } });
      expect(order.lines.map((l) => [l.sku, l.category, l.net])).toEqual([
        ['45790-32', ['Games'], '17.17'],
        ['46493-32', ['Games', 'Cards'], '6.33'],
      ]);
      expect(WebhookAnswer.parse(await (await send(completed)).json()).result).toBe('duplicate');
      const refunded = await send({ type: 'track', event: 'Order Refunded', messageId: 'msg-2', timestamp: at(T0_MS), properties: { order_id: 'seg-50314b8e', total: '5.00' } });
      expect(WebhookAnswer.parse(await refunded.json()).result).toBe('taken');
      expect(OrderDetail.parse(await (await get(`/api/v1/orders/${order.id}`)).json()).credited).toBe('18.50');
      expect((await send({ type: 'identify', messageId: 'msg-3', userId: 'C-7' })).status).toBe(202);
      expect(await count('webhook_deliveries')).toBe(2);
    });
  });
});
