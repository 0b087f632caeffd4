import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { OfferView } from '../../../../shared/realtime';
import type { Reason, Segment } from '../../../../shared/rules';
import type { SessionAggregate } from '../../../../shared/session';
import type { Db } from '../../db/open';
import { offers, opportunities, sessions } from '../../db/schema';
import type { CustomerFacts } from '../../db/schema/customers';
import { type OfferRow, offerView } from './views.core';

/** Offers as their associates see them, soonest expiry first, each with whose it is: the session summary, the customer, how many colleagues hold it. */
export async function readOfferViews(
  db: Db,
  ids: readonly string[],
  customer: (enterpriseId: string, externalId: string) => Promise<CustomerFacts | null>,
): Promise<{ associateId: string; view: OfferView }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      offer: offers,
      segment: opportunities.segment,
      reasons: opportunities.reasons,
      enterpriseId: opportunities.enterpriseId,
      customerExternalId: opportunities.customerExternalId,
      aggregate: sessions.aggregate,
      returning: sql<boolean>`exists (select 1 from sessions earlier where earlier.shopper_id = ${sessions.shopperId}
        and earlier.enterprise_id = ${sessions.enterpriseId} and earlier.started_at < ${sessions.startedAt})`,
    })
    .from(offers)
    .innerJoin(opportunities, eq(opportunities.id, offers.opportunityId))
    .innerJoin(sessions, eq(sessions.id, opportunities.sessionId))
    .where(inArray(offers.id, [...ids]))
    .orderBy(asc(offers.expiresAt));
  const opportunityIds = [...new Set(rows.map((r) => r.offer.opportunityId))];
  const pending = await db
    .select({ id: offers.opportunityId, n: count() })
    .from(offers)
    .where(and(inArray(offers.opportunityId, opportunityIds), eq(offers.status, 'pending')))
    .groupBy(offers.opportunityId);
  const holders = new Map(pending.map((p) => [p.id, p.n]));
  const customers = new Map<string, CustomerFacts | null>();
  for (const r of rows) {
    const key = `${r.enterpriseId}|${r.customerExternalId}`;
    if (r.customerExternalId && !customers.has(key)) customers.set(key, await customer(r.enterpriseId, r.customerExternalId));
  }
  return rows.map((r) => ({
    associateId: r.offer.associateId,
    view: offerView(
      r.offer as OfferRow,
      {
        segment: r.segment as Segment,
        reasons: r.reasons as Reason[],
        aggregate: r.aggregate as SessionAggregate,
        returning: Boolean(r.returning),
        customer: customers.get(`${r.enterpriseId}|${r.customerExternalId}`) ?? null,
      },
      Math.max(0, (holders.get(r.offer.opportunityId) ?? 1) - 1),
    ),
  }));
}
