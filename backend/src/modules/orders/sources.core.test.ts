import { describe, expect, it } from 'vitest';
import { parseWebhookJson, segmentEvent, segmentRefundIn, shopifyOrder, shopifyRefund, shopifyRefundIn } from './sources.core';
import { signatureMatches, signatureOf } from './signatures';

const order = (over: Record<string, unknown> = {}) => ({
  id: 1001,
  name: '#1001',
  created_at: '2026-03-02T11:00:00+01:00',
  currency: 'JPY',
  line_items: [{ id: 1, sku: 'A', quantity: 2, price: '1500', total_discount: '100', discount_allocations: [] }],
  ...over,
});

describe('parseWebhookJson', () => {
  it('keeps integer ids past 2^53 exact, and leaves other numbers as numbers', () => {
    expect(parseWebhookJson('{"id":820982911946154508,"order_id": 450789469,"price":19.99,"line_items":[{"id":866550311766439020,"quantity":2}]}')).toEqual({
      id: '820982911946154508',
      order_id: '450789469',
      price: 19.99,
      line_items: [{ id: '866550311766439020', quantity: 2 }],
    });
  });
  it('leaves ids inside strings alone, and answers null for what is not JSON', () => {
    expect(parseWebhookJson('{"note":"\\"id\\": 12345678901234567890"}')).toEqual({ note: '"id": 12345678901234567890' });
    expect(parseWebhookJson('{"id":')).toBeNull();
  });
});

describe('shopifyOrder', () => {
  it('takes a line’s net as price × quantity less its discounts, in the currency’s minor unit, at the instant of its offset', () => {
    const m = shopifyOrder(order());
    expect(m).toMatchObject({ ok: true, value: { externalId: '1001', number: '#1001', currency: 'JPY', placedAt: Date.parse('2026-03-02T10:00:00Z'), lines: [{ id: '1', sku: 'A', net: 2900 }] } });
  });
  it('prefers discount_allocations to total_discount, skips lines edited down to nothing, names a line without SKU by its variant', () => {
    const m = shopifyOrder(
      order({
        currency: 'EUR',
        line_items: [
          { id: 1, sku: '', variant_id: 77, quantity: 1, price: '10.00', total_discount: '5.00', discount_allocations: [{ amount: '1.00' }, { amount: '0.50' }] },
          { id: 2, sku: 'B', quantity: 0, price: '99.00' },
        ],
      }),
    );
    expect(m).toMatchObject({ ok: true, value: { lines: [{ id: '1', sku: 'variant:77', net: 850 }] } });
  });
  it('reads the engagement from note attributes and refuses what it cannot take, naming the field', () => {
    expect(shopifyOrder(order({ note_attributes: [{ name: '_floorwalker_engagement', value: ' e-1 ' }] }))).toMatchObject({ value: { engagementId: 'e-1' } });
    expect(shopifyOrder(order({ currency: 'JPY', line_items: [{ id: 1, quantity: 1, price: '10.50' }] }))).toMatchObject({ ok: false, problem: { path: ['line_items', 0, 'price'] } });
    expect(shopifyOrder(order({ created_at: 'yesterday' }))).toMatchObject({ ok: false, problem: { path: ['created_at'] } });
    expect(shopifyOrder(order({ line_items: [] }))).toMatchObject({ ok: false, problem: { path: ['line_items'] } });
    expect(shopifyOrder([])).toMatchObject({ ok: false });
  });
});

describe('shopifyRefund', () => {
  it('takes line subtotals when it has refund line items, else its successful refund transactions', () => {
    const byLines = shopifyRefund({ id: 9, order_id: 1001, refund_line_items: [{ line_item_id: 1, subtotal: '12.30' }], transactions: [] });
    expect(byLines.ok && shopifyRefundIn(byLines.value, 'EUR')).toMatchObject({ ok: true, value: { externalId: '9', orderExternalId: '1001', scope: { kind: 'lines', lines: [{ lineId: '1', amount: 1230 }] } } });
    const byMoney = shopifyRefund({ id: 9, order_id: 1001, transactions: [{ kind: 'refund', status: 'success', amount: '5.00' }, { kind: 'refund', status: 'failure', amount: '7.00' }, { kind: 'sale', amount: '1.00' }] });
    expect(byMoney.ok && shopifyRefundIn(byMoney.value, 'EUR')).toMatchObject({ ok: true, value: { scope: { kind: 'amount', amount: 500 } } });
    // The order's currency decides the minor unit: 5.00 is not a JPY amount.
    expect(byMoney.ok && shopifyRefundIn(byMoney.value, 'JPY')).toMatchObject({ ok: true, value: { scope: { kind: 'amount', amount: 5 } } });
    expect(byMoney.ok && shopifyRefundIn({ ...byMoney.value, amounts: [{ lineId: null, amount: '5.50', path: ['transactions', 0, 'amount'] }] }, 'JPY')).toMatchObject({ ok: false, problem: { path: ['transactions', 0, 'amount'] } });
  });
});

describe('segmentEvent', () => {
  it('ignores other events and refuses an order event without its order id', () => {
    expect(segmentEvent({ type: 'page', messageId: 'm' })).toMatchObject({ ok: true, value: { kind: 'ignored' } });
    expect(segmentEvent({ type: 'track', event: 'Product Viewed', messageId: 'm' })).toMatchObject({ ok: true, value: { kind: 'ignored', what: 'track Product Viewed' } });
    expect(segmentEvent({ type: 'track', event: 'Order Completed', messageId: 'm', timestamp: '2026-03-02T10:00:00Z', properties: {} })).toMatchObject({ ok: false, problem: { path: ['properties', 'order_id'] } });
  });
  it('makes one line of the revenue when there are no products, in USD when no currency is given', () => {
    const m = segmentEvent({ type: 'track', event: 'Order Completed', messageId: 'm', userId: 'u-1', timestamp: '2026-03-02T10:00:00Z', properties: { order_id: 'o', revenue: 25, total: 30, floorwalker_engagement: 'e-9' } });
    expect(m).toMatchObject({ ok: true, value: { kind: 'order', order: { currency: 'USD', customerId: 'u-1', engagementId: 'e-9', lines: [{ id: 'order', net: 2500 }] } } });
  });
  it('refunds by total in the order’s currency, or the whole order', () => {
    const r = segmentEvent({ type: 'track', event: 'Order Refunded', messageId: 'm2', properties: { order_id: 'o', total: 1500 } });
    expect(r.ok && r.value.kind === 'refund' && segmentRefundIn(r.value.refund, 'JPY')).toMatchObject({ ok: true, value: { externalId: 'm2', scope: { kind: 'amount', amount: 1500 } } });
    const whole = segmentEvent({ type: 'track', event: 'Order Refunded', messageId: 'm3', properties: { order_id: 'o' } });
    expect(whole.ok && whole.value.kind === 'refund' && segmentRefundIn(whole.value.refund, 'EUR')).toMatchObject({ ok: true, value: { scope: { kind: 'whole_order' } } });
  });
});

describe('signatures', () => {
  it('match only the raw body under the secret, whatever the header looks like', () => {
    const body = Buffer.from('{"id":1}');
    for (const kind of ['shopify', 'segment'] as const) {
      expect(signatureMatches(kind, 's3cret', body, signatureOf(kind, 's3cret', body))).toBe(true);
      expect(signatureMatches(kind, 's3cret', Buffer.from('{"id": 1}'), signatureOf(kind, 's3cret', body))).toBe(false);
      expect(signatureMatches(kind, 'other', body, signatureOf(kind, 's3cret', body))).toBe(false);
      for (const header of [undefined, '', 'zz', '====', signatureOf(kind, 's3cret', body).slice(0, -4)]) expect(signatureMatches(kind, 's3cret', body, header)).toBe(false);
    }
  });
});
