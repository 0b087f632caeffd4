import { describe, expect, it } from 'vitest';
import { ledgerCredits, type OrderCredit } from './credits.core';

const at = (day: number) => new Date(Date.UTC(2026, 2, day));
const credit = (over: Partial<OrderCredit> = {}): OrderCredit => ({
  orderId: 'o1',
  lineId: 'l1',
  sku: 'TENT',
  category: ['Outdoor', 'Tents'],
  associateId: 'ana',
  amount: 1000,
  currency: 'EUR',
  attributedAt: at(2),
  refunds: [],
  ...over,
});

describe('the orders’ credits as the ledger reads them', () => {
  it('one credit per order line and associate: two engagements of one associate on a line add up, with their refunds', () => {
    const { credits, refunds } = ledgerCredits(
      'ent',
      [
        credit({ amount: 600, refunds: [{ refundId: 'r1', refundedAt: at(5), amount: 100 }] }),
        credit({ amount: 400, attributedAt: at(1), refunds: [{ refundId: 'r1', refundedAt: at(5), amount: 50 }] }),
        credit({ associateId: 'ben', amount: 300 }),
      ],
      new Map([['ana', 'employed']]),
    );
    expect(credits).toEqual([
      { enterpriseId: 'ent', orderId: 'o1', line: 'l1', sku: 'TENT', category: 'Outdoor > Tents', amountMinor: 1000, currency: 'EUR', associateId: 'ana', employment: 'employed', customerTier: null, attributedAt: at(1).getTime() },
      { enterpriseId: 'ent', orderId: 'o1', line: 'l1', sku: 'TENT', category: 'Outdoor > Tents', amountMinor: 300, currency: 'EUR', associateId: 'ben', employment: 'independent', customerTier: null, attributedAt: at(2).getTime() },
    ]);
    expect(refunds).toEqual([{ refundId: 'r1', enterpriseId: 'ent', orderId: 'o1', line: 'l1', associateId: 'ana', amountMinor: 150, refundedAt: at(5).getTime() }]);
  });

  it('a line without a category has none; the tier is the ordering customer’s, none without a customer', () => {
    const tierOf = (customer: string) => (customer === 'C-1' ? 'gold' : null);
    const { credits } = ledgerCredits('ent', [credit({ category: [], customerId: 'C-1' }), credit({ orderId: 'o2' })], new Map(), tierOf);
    expect(credits.map((c) => [c.category, c.customerTier])).toEqual([
      [null, 'gold'],
      ['Outdoor > Tents', null],
    ]);
  });
});
