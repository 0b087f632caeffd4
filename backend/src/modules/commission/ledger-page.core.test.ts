import { describe, expect, it } from 'vitest';
import type { CommissionPlan, LedgerEntry } from './commission.core';
import { decodeLedgerCursor, encodeLedgerCursor, planVersionOf } from './ledger-page.core';

const plan = (version: number, effectiveFrom: number): CommissionPlan => ({ enterpriseId: 'e', version, effectiveFrom, currency: 'USD', rules: [], feeBasisPoints: 0 });
const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
  id: 'x',
  enterpriseId: 'e',
  associateId: 'a',
  month: '2026-03',
  currency: 'USD',
  amountMinor: 1,
  kind: 'commission',
  cause: 'sale',
  at: 0,
  locksAt: 0,
  locked: false,
  orderId: null,
  line: null,
  sku: null,
  ruleId: null,
  refundId: null,
  adjusts: null,
  ...over,
});

describe('the plan version of an entry', () => {
  const plans = [plan(1, 0), plan(2, 1_000), plan(3, 1_000)];
  it('is the plan in force at a sale, that of the entry a refund or fee is about, and the one a tier names', () => {
    const sale = entry({ id: 's', at: 500 });
    const later = entry({ id: 't', at: 1_000 });
    const byId = new Map([sale, later].map((e) => [e.id, e]));
    expect(planVersionOf(sale, plans, byId)).toBe(1);
    expect(planVersionOf(later, plans, byId)).toBe(3);
    expect(planVersionOf(entry({ id: 's:fee', kind: 'fee', cause: 'fee', adjusts: 's', at: 5_000 }), plans, byId)).toBe(1);
    expect(planVersionOf(entry({ id: 'r', kind: 'reversal', cause: 'refund', adjusts: 't', at: 9_000 }), plans, byId)).toBe(3);
    expect(planVersionOf(entry({ id: 'r', kind: 'reversal', cause: 'refund', adjusts: 'gone' }), plans, byId)).toBeNull();
    expect(planVersionOf(entry({ id: `tier:e:a:2026-03:USD:${encodeURIComponent('rule-1@2')}`, kind: 'adjustment', cause: 'tier' }), plans, byId)).toBe(2);
    expect(planVersionOf(entry({ id: 'before', at: -1 }), plans, byId)).toBeNull();
  });
});

describe('the ledger cursor', () => {
  it('reads back what it wrote, and nothing else', () => {
    const p = { at: Date.parse('2026-03-02T10:00:00Z'), id: 'commission:e:o%3A1:1:a' };
    expect(decodeLedgerCursor(encodeLedgerCursor(p))).toEqual(p);
    for (const bad of ['', 'not a cursor', Buffer.from('12|').toString('base64url'), Buffer.from('x|id').toString('base64url'), Buffer.from(`${-8.64e15}|id`).toString('base64url'), Buffer.from('1|a b').toString('base64url')]) {
      expect(decodeLedgerCursor(bad), bad).toBeNull();
    }
  });
});
