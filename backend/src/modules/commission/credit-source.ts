import type { OrdersService } from '../orders/service';
import type { Employment } from './commission.core';
import { ledgerCredits } from './credits.core';
import type { CreditSource } from './service';

/**
 * The ledger's credits read from the orders module: each credit as `ledgerCredits` makes it, with
 * each associate's employment at the enterprise now. One read of the orders serves the credits and
 * the refunds of a settlement (it asks for both at once).
 */
export function ordersCreditSource(orders: Pick<OrdersService, 'creditsOf'>, employmentOf: (enterpriseId: string, associateIds: readonly string[]) => Promise<Map<string, Employment>>): CreditSource {
  const reads = new Map<string, ReturnType<typeof read>>();
  const read = async (enterpriseId: string) => {
    const records = await orders.creditsOf(enterpriseId);
    const employment = await employmentOf(enterpriseId, [...new Set(records.map((r) => r.associateId))]);
    return ledgerCredits(enterpriseId, records, employment);
  };
  // The two asks of one settlement share a read; the next settlement reads again.
  const shared = (enterpriseId: string) => {
    let pending = reads.get(enterpriseId);
    if (!pending) {
      pending = read(enterpriseId);
      reads.set(enterpriseId, pending);
      void pending.finally(() => reads.delete(enterpriseId)).catch(() => {});
    }
    return pending;
  };
  return {
    creditsOf: async (enterpriseId) => (await shared(enterpriseId)).credits,
    refundsOf: async (enterpriseId) => (await shared(enterpriseId)).refunds,
  };
}
