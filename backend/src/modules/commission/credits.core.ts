import type { AttributedCredit, CreditRefund, Employment } from './commission.core';

/**
 * The orders module's credits as the ledger reads them. The orders module keeps one credit per
 * order line and engagement; the ledger pays per order line and associate, so an associate's
 * shares of one line through two of their engagements are one credit (and their refunds one
 * reduction per refund). Categories become the ledger's "A > B" path; a credit of an associate who
 * no longer works for the enterprise is paid as the independent they now are.
 */

/** One credit as the orders module gives it (OrdersService.creditsOf). */
export interface OrderCredit {
  orderId: string;
  lineId: string;
  sku: string;
  category: readonly string[];
  associateId: string;
  amount: number;
  currency: string;
  /** When the order was attributed: the hold counts from it. */
  attributedAt: Date;
  /** The customer who ordered, when the order names one: their tier picks rules by tier. */
  customerId?: string | null;
  refunds: readonly { refundId: string; refundedAt: Date; amount: number }[];
}

export interface LedgerCredits {
  credits: AttributedCredit[];
  refunds: CreditRefund[];
}

export function ledgerCredits(enterpriseId: string, records: readonly OrderCredit[], employment: ReadonlyMap<string, Employment>, tierOf: (customerId: string) => string | null = () => null): LedgerCredits {
  const credits = new Map<string, AttributedCredit>();
  const refunds = new Map<string, CreditRefund>();
  for (const r of records) {
    const key = `${r.orderId}\u0000${r.lineId}\u0000${r.associateId}`;
    const seen = credits.get(key);
    if (seen) {
      seen.amountMinor += r.amount;
      seen.attributedAt = Math.min(seen.attributedAt, r.attributedAt.getTime());
    } else {
      credits.set(key, {
        enterpriseId,
        orderId: r.orderId,
        line: r.lineId,
        sku: r.sku,
        category: r.category.length > 0 ? r.category.join(' > ') : null,
        amountMinor: r.amount,
        currency: r.currency,
        associateId: r.associateId,
        employment: employment.get(r.associateId) ?? 'independent',
        customerTier: r.customerId ? tierOf(r.customerId) : null,
        attributedAt: r.attributedAt.getTime(),
      });
    }
    for (const f of r.refunds) {
      const refundKey = `${key}\u0000${f.refundId}`;
      const before = refunds.get(refundKey);
      if (before) before.amountMinor += f.amount;
      else refunds.set(refundKey, { refundId: f.refundId, enterpriseId, orderId: r.orderId, line: r.lineId, associateId: r.associateId, amountMinor: f.amount, refundedAt: f.refundedAt.getTime() });
    }
  }
  return { credits: [...credits.values()], refunds: [...refunds.values()] };
}
