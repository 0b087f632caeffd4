import type { OrdersService } from '../orders/service';
import type { Employment } from './commission.core';
import { ledgerCredits } from './credits.core';
import type { CreditSource } from './service';

/**
 * The ledger's credits read from the orders module: each credit as `ledgerCredits` makes it, with
 * each associate's employment at the enterprise now and the ordering customer's tier (their profile
 * as the customers module answers it; a customer it cannot answer for in time has none). One read of the orders serves the credits and
 * the refunds of a settlement (it asks for both at once).
 */
export function ordersCreditSource(
  orders: Pick<OrdersService, 'creditsOf'>,
  employmentOf: (enterpriseId: string, associateIds: readonly string[]) => Promise<Map<string, Employment>>,
  tierOf: (enterpriseId: string, customerId: string) => Promise<string | null> = async () => null,
): CreditSource {
  const reads = new Map<string, ReturnType<typeof read>>();
  const read = async (enterpriseId: string) => {
    const records = await orders.creditsOf(enterpriseId);
    const employment = await employmentOf(enterpriseId, [...new Set(records.map((r) => r.associateId))]);
    const tiers = new Map<string, string | null>();
    for (const id of new Set(records.flatMap((r) => (r.customerId ? [r.customerId] : [])))) tiers.set(id, await tierOf(enterpriseId, id));
    return ledgerCredits(enterpriseId, records, employment, (customerId) => tiers.get(customerId) ?? null);
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
