import { and, type Column, count, eq, inArray, or, sql } from 'drizzle-orm';
import type { OpenedOpportunity, Reason, Segment } from '../../../../shared/rules';
import { associateAdmissions, associateConnections, associates, engagements, offers, opportunities } from '../../db/schema';
import type { Db, Tx } from '../../db/open';
import { AtCapacity, NotFound } from '../../errors';
import type { OfferMachineState } from './machine.core';

/*
 * The offers module's reads and locks. Capacity and presence are read from the associates'
 * and engagements' tables directly: the claim must check them under the associate's row
 * lock, in its own transaction, which no service call can do.
 */

export type OpportunityRecord = typeof opportunities.$inferSelect;

/** A realtime connection seen within this long counts as live (as the associates module counts it). */
export const CONNECTED_WITHIN_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether the shopper may be offered to leave a message when the opportunity is given up: they
 * asked for someone, or saw an invitation for it. A shopper who only lingered is never told
 * that nobody is free.
 */
export const messageWanted = or(eq(opportunities.origin, 'asked'), sql`exists (select 1 from ${engagements} where ${engagements.opportunityId} = ${opportunities.id})`);

/** Waiting opportunities in the order a freed associate takes them: the shoppers who asked first, then the oldest. */
export const firstInLine = [sql`${opportunities.origin} = 'asked' desc`, opportunities.openedAt] as const;

/** Whether an enterprise column names one the associate works for: their employer, or one that admitted them. */
export function worksFor(db: Pick<Db, 'select'>, associateId: string, enterpriseColumn: Column) {
  // An admission the enterprise deactivated no longer counts.
  const admitted = db
    .select({ id: associateAdmissions.enterpriseId })
    .from(associateAdmissions)
    .where(and(eq(associateAdmissions.associateId, associateId), eq(associateAdmissions.active, true)));
  const employer = db.select({ id: associates.employerId }).from(associates).where(eq(associates.id, associateId));
  return or(inArray(enterpriseColumn, admitted), inArray(enterpriseColumn, employer));
}

export async function lockOpportunity(tx: Tx, id: string): Promise<OpportunityRecord | undefined> {
  const [row] = await tx.select().from(opportunities).where(eq(opportunities.id, id)).for('update');
  return row;
}

/** The associate's own offer; NotFound for anyone else's, so offers of other enterprises stay invisible. */
export async function offerOf(tx: Tx, associateId: string, offerId: string) {
  // Ids come from paths and socket messages: anything but a UUID names no offer (and would not reach a uuid column).
  if (!UUID.test(offerId)) throw new NotFound('The offer');
  const [offer] = await tx
    .select()
    .from(offers)
    .where(and(eq(offers.id, offerId), eq(offers.associateId, associateId)));
  if (!offer) throw new NotFound('The offer');
  return offer;
}

/** Of the given associates, those who may not be offered now: away, inactive, at capacity or without a live connection. */
export async function busy(tx: Tx, ids: readonly string[], now: Date): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const since = new Date(now.getTime() - CONNECTED_WITHIN_MS);
  const rows = await tx
    .select({ id: associates.id })
    .from(associates)
    .where(
      and(
        inArray(associates.id, [...ids]),
        or(
          sql`${associates.presence} <> 'available'`,
          sql`not ${associates.active}`,
          sql`(select count(*) from ${engagements} where ${engagements.associateId} = ${associates.id}
                and ${engagements.status} in ('invited', 'accepted')) >= ${associates.capacity}`,
          sql`not exists (select 1 from ${associateConnections} where ${associateConnections.associateId} = ${associates.id}
                and ${associateConnections.lastSeenAt} > ${since.toISOString()}::timestamptz)`,
        ),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** Capacity re-checked under the associate's row lock, so two claims by one associate take turns. */
export async function checkCapacity(tx: Tx, associateId: string): Promise<void> {
  const [me] = await tx.select({ capacity: associates.capacity }).from(associates).where(eq(associates.id, associateId)).for('update');
  if (!me) throw new NotFound('The associate');
  const [active] = await tx
    .select({ n: count() })
    .from(engagements)
    .where(and(eq(engagements.associateId, associateId), inArray(engagements.status, ['invited', 'accepted'])));
  if ((active?.n ?? 0) >= me.capacity) throw new AtCapacity(`You have ${me.capacity} engagement(s) already, as many as your capacity.`);
}

export async function freeCapacity(db: Db, associateId: string): Promise<number> {
  const [me] = await db
    .select({
      capacity: associates.capacity,
      presence: associates.presence,
      active: sql<number>`(select count(*) from ${engagements} where ${engagements.associateId} = ${associates.id}
        and ${engagements.status} in ('invited', 'accepted'))::int`,
    })
    .from(associates)
    .where(eq(associates.id, associateId));
  if (!me || me.presence !== 'available') return 0;
  return me.capacity - Number(me.active);
}

/** Whether a drain could offer the associate this opportunity: not offered it yet (or only withdrawn) and not excluded. */
export function mayBeOffered(state: OfferMachineState, associateId: string): boolean {
  if (state.excluded.includes(associateId)) return false;
  return !state.offers.some((o) => o.associateId === associateId && o.status !== 'withdrawn');
}

export function openedOf(row: OpportunityRecord): OpenedOpportunity {
  return {
    id: row.id,
    enterpriseId: row.enterpriseId,
    sessionId: row.sessionId,
    shopperId: row.shopperId,
    segment: row.segment as Segment,
    customerExternalId: row.customerExternalId,
    score: row.score,
    reasons: row.reasons as Reason[],
    openedAt: row.openedAt,
  };
}

