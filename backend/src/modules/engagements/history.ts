import { and, asc, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import type { EnterpriseEngagement, EnterpriseEngagementList, EngagementTimeline } from '../../../../shared/engagement-history';
import { associates, channelUsages, engagements, offers, orderCredits, orders, outcomes, phoneCalls, phoneTexts, transcriptMessages } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { NotFound } from '../../errors';
import { encodeCursor, keysetPage, olderThan, type PagePosition } from '../../db/keyset';
import { callViewsOf } from '../telephony/call-view.core';
import { timelineOf } from './timeline.core';

/** What the enterprise's engagement list may be narrowed by. */
export interface EngagementListQuery {
  limit: number;
  before?: PagePosition;
  associate?: string;
  status?: EnterpriseEngagement['status'];
  outcome?: 'sale' | 'no_sale' | 'none';
  from?: Date;
  to?: Date;
}

const listed = {
  engagement: engagements,
  displayName: associates.displayName,
  outcome: outcomes,
};

type ListedRow = { engagement: typeof engagements.$inferSelect; displayName: string; outcome: typeof outcomes.$inferSelect | null };

/**
 * The enterprise's engagements, for the console: the list (newest invitation first) and one
 * engagement's timeline, made of what the engagements, live channels and orders modules stored.
 */
export class EngagementHistory {
  constructor(private readonly deps: AppDeps) {}

  async list(enterpriseId: string, query: EngagementListQuery): Promise<EnterpriseEngagementList> {
    const { before } = query;
    const rows = await this.deps.db
      .select(listed)
      .from(engagements)
      .innerJoin(associates, eq(associates.id, engagements.associateId))
      .leftJoin(outcomes, eq(outcomes.engagementId, engagements.id))
      .where(
        and(
          eq(engagements.enterpriseId, enterpriseId),
          query.associate ? eq(engagements.associateId, query.associate) : undefined,
          query.status ? eq(engagements.status, query.status) : undefined,
          query.outcome === 'none' ? isNull(outcomes.engagementId) : query.outcome ? eq(outcomes.sale, query.outcome === 'sale') : undefined,
          query.from ? gte(engagements.invitedAt, query.from) : undefined,
          query.to ? lt(engagements.invitedAt, query.to) : undefined,
          before ? olderThan(engagements.invitedAt, engagements.id, before) : undefined,
        ),
      )
      .orderBy(desc(engagements.invitedAt), desc(engagements.id))
      .limit(query.limit + 1);
    const page = keysetPage(rows, query.limit, ({ engagement: e }) => encodeCursor({ lastEventAt: e.invitedAt, id: e.id }));
    return { engagements: page.shown.map(view), nextBefore: page.next };
  }

  /** One of the enterprise's engagements from the offer on: what happened in order, its channels, its chat's size, the orders credited to it. */
  async timeline(enterpriseId: string, engagementId: string): Promise<EngagementTimeline> {
    const [row] = await this.deps.db
      .select(listed)
      .from(engagements)
      .innerJoin(associates, eq(associates.id, engagements.associateId))
      .leftJoin(outcomes, eq(outcomes.engagementId, engagements.id))
      .where(and(eq(engagements.id, engagementId), eq(engagements.enterpriseId, enterpriseId)));
    if (!row) throw new NotFound('The engagement');
    const e = row.engagement;
    const [offered, channels, [transcript], credited, legs, [texts]] = await Promise.all([
      this.deps.db
        .select()
        .from(offers)
        .where(and(eq(offers.opportunityId, e.opportunityId), eq(offers.associateId, e.associateId), lt(offers.offeredAt, new Date(e.invitedAt.getTime() + 1))))
        .orderBy(asc(offers.offeredAt)),
      this.deps.db.select().from(channelUsages).where(eq(channelUsages.engagementId, engagementId)),
      this.deps.db.select({ n: sql<number>`count(*)::int` }).from(transcriptMessages).where(eq(transcriptMessages.engagementId, engagementId)),
      this.deps.db
        .select({
          orderId: orders.id,
          externalId: orders.externalId,
          number: orders.number,
          placedAt: orders.placedAt,
          currency: orders.currency,
          creditedMinor: sql<number>`sum(${orderCredits.amountMinor})::bigint`.mapWith(Number),
          refundedMinor: sql<number>`sum(${orderCredits.refundedMinor})::bigint`.mapWith(Number),
        })
        .from(orderCredits)
        .innerJoin(orders, eq(orders.id, orderCredits.orderId))
        .where(eq(orderCredits.engagementId, engagementId))
        .groupBy(orders.id)
        .orderBy(asc(orders.placedAt)),
      this.deps.db.select().from(phoneCalls).where(eq(phoneCalls.engagementId, engagementId)),
      this.deps.db.select({ n: sql<number>`count(*)::int` }).from(phoneTexts).where(eq(phoneTexts.engagementId, engagementId)),
    ]);
    const engagement = view(row);
    const orderList = credited.map((o) => ({ ...o, placedAt: o.placedAt.toISOString() }));
    const { timeline, channels: spans } = timelineOf({ engagement, offers: offered, channels, orders: orderList });
    return { engagement, timeline, channels: spans, transcriptCount: Number(transcript?.n ?? 0), orders: orderList, calls: callViewsOf(legs), textCount: Number(texts?.n ?? 0) };
  }
}

function view(r: ListedRow): EnterpriseEngagement {
  const e = r.engagement;
  return {
    id: e.id,
    opportunityId: e.opportunityId,
    sessionId: e.sessionId,
    associate: { id: e.associateId, displayName: r.displayName },
    status: e.status,
    category: e.category,
    customerExternalId: e.customerExternalId,
    invitedAt: e.invitedAt.toISOString(),
    answeredAt: e.answeredAt?.toISOString() ?? null,
    endedAt: e.endedAt?.toISOString() ?? null,
    endReason: e.endReason,
    outcome: r.outcome
      ? { sale: r.outcome.sale, amount: r.outcome.amount, currency: r.outcome.currency, recordedBy: r.outcome.recordedBy, recordedAt: r.outcome.recordedAt.toISOString() }
      : null,
  };
}
