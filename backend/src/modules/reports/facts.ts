import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Reason, Segment } from '../../../../shared/rules';
import type { Db } from '../../db/open';
import { channelUsages, engagements, offers, opportunities } from '../../db/schema';
import type { OfferStatus } from '../../db/schema/offers';
import type { EngagementFact, OfferFact, OpportunityFact, ReportFacts } from './report.core';

/**
 * The report's facts from the tables that hold them today: opportunities, offers, engagements and
 * the channels each engagement used, of one enterprise, around a period. Credits and commission
 * come from the orders and commission tables, the holdout from the practices' (joined by the
 * caller, `withSales`).
 *
 * An engagement counts once the shopper said yes (accepted, or ended after it); it starts when they
 * said it. Its opportunity rule is the condition that gave its opportunity the most points (the
 * first of equals; `asked` when the shopper asked for someone).
 */

/** How far before a period engagements are read: money dated by the order belongs to engagements up to the longest attribution window before it. */
export const LOOKBACK_DAYS = 90;
const DAY_MS = 86_400_000;

/** An offer's outcome as the report names it, from its status. */
export const OUTCOME: Record<OfferStatus, OfferFact['outcome']> = { pending: 'offered', accepted: 'accepted', declined: 'declined', missed: 'expired', withdrawn: 'withdrawn' };

/** The condition that gave the most points (the first of equals), or null without reasons. */
export function ruleOfReasons(reasons: unknown): string | null {
  if (!Array.isArray(reasons)) return null;
  let best: Reason | null = null;
  for (const r of reasons as Reason[]) if (r && typeof r.conditionId === 'string' && (best === null || r.points > best.points)) best = r;
  return best?.conditionId ?? null;
}

/** The category path of an opportunity's segment (its strings; none when it has no path). */
export function categoryOf(segment: unknown): string[] {
  const category = (segment as Segment | null)?.category;
  return Array.isArray(category) ? category.filter((c): c is string => typeof c === 'string') : [];
}

/**
 * Opportunities opened from a day before `from` (the offers of the period need theirs) to `to`;
 * offers made in the period; engagements started from LOOKBACK_DAYS before it to a day after it
 * (the engagement that served an opportunity opened at its end), with their channels.
 */
export async function readActivityFacts(db: Db, enterpriseId: string, period: { from: number; to: number }): Promise<Pick<ReportFacts, 'opportunities' | 'offers' | 'engagements'>> {
  const from = new Date(period.from);
  const to = new Date(period.to);
  const opportunityRows = await db
    .select({ id: opportunities.id, reasons: opportunities.reasons, segment: opportunities.segment, openedAt: opportunities.openedAt })
    .from(opportunities)
    .where(and(eq(opportunities.enterpriseId, enterpriseId), gte(opportunities.openedAt, new Date(period.from - DAY_MS)), lt(opportunities.openedAt, to)));
  const offerRows = await db
    .select({ opportunityId: offers.opportunityId, associateId: offers.associateId, status: offers.status, offeredAt: offers.offeredAt })
    .from(offers)
    .innerJoin(opportunities, eq(opportunities.id, offers.opportunityId))
    .where(and(eq(opportunities.enterpriseId, enterpriseId), gte(offers.offeredAt, from), lt(offers.offeredAt, to)));
  const engagementRows = await db
    .select({
      id: engagements.id,
      associateId: engagements.associateId,
      opportunityId: engagements.opportunityId,
      category: engagements.category,
      reasons: opportunities.reasons,
      invitedAt: engagements.invitedAt,
      answeredAt: engagements.answeredAt,
    })
    .from(engagements)
    .innerJoin(opportunities, eq(opportunities.id, engagements.opportunityId))
    .where(
      and(
        eq(engagements.enterpriseId, enterpriseId),
        inArray(engagements.status, ['accepted', 'ended']),
        gte(engagements.invitedAt, new Date(period.from - LOOKBACK_DAYS * DAY_MS)),
        lt(engagements.invitedAt, new Date(period.to + DAY_MS)),
      ),
    );
  const channels = new Map<string, string[]>();
  if (engagementRows.length > 0) {
    const usages = await db
      .select({ engagementId: channelUsages.engagementId, method: channelUsages.method })
      .from(channelUsages)
      .innerJoin(engagements, eq(engagements.id, channelUsages.engagementId))
      .where(
        and(
          eq(engagements.enterpriseId, enterpriseId),
          gte(engagements.invitedAt, new Date(period.from - LOOKBACK_DAYS * DAY_MS)),
          lt(engagements.invitedAt, new Date(period.to + DAY_MS)),
        ),
      );
    for (const u of usages) channels.set(u.engagementId, [...(channels.get(u.engagementId) ?? []), u.method]);
  }
  return {
    opportunities: opportunityRows.map((o): OpportunityFact => ({ id: o.id, ruleId: ruleOfReasons(o.reasons), category: categoryOf(o.segment), openedAt: o.openedAt.getTime() })),
    offers: offerRows.map((o): OfferFact => ({ opportunityId: o.opportunityId, associateId: o.associateId, outcome: OUTCOME[o.status], offeredAt: o.offeredAt.getTime() })),
    engagements: engagementRows.map(
      (e): EngagementFact => ({
        id: e.id,
        associateId: e.associateId,
        opportunityId: e.opportunityId,
        category: e.category,
        ruleId: ruleOfReasons(e.reasons),
        channels: channels.get(e.id) ?? [],
        startedAt: (e.answeredAt ?? e.invitedAt).getTime(),
        holdout: false,
      }),
    ),
  };
}

/** The activity with the sales side's facts joined: credits, commission, and which engagements were in the holdout. */
export function withSales(
  activity: Pick<ReportFacts, 'opportunities' | 'offers' | 'engagements'>,
  sales: Pick<ReportFacts, 'credits' | 'commissions'> & { holdout: ReadonlySet<string> },
): ReportFacts {
  return {
    ...activity,
    engagements: activity.engagements.map((e) => (sales.holdout.has(e.id) ? { ...e, holdout: true } : e)),
    credits: sales.credits,
    commissions: sales.commissions,
  };
}
