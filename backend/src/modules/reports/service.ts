import { and, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import type { ReportQuery } from '../../../../shared/reports';
import { commissionEntries } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { LOOKBACK_DAYS } from './facts';
import { reportCsv } from './report-csv.core';
import { answerOf, buildReport, type CommissionFact, type CreditFact, dayTotalsOf, negated, optionsOf, type Report, type ReportFacts, type ReportOptions, wholeDays } from './report.core';
import { readEngagementFacts, readSpanFacts, ReportTotals } from './totals';

const DAY_MS = 86_400_000;

/** Where the report reads what orders credited to engagements (the orders module). */
export interface CreditFacts {
  /** The credits on the enterprise's engagements invited within `invited`, each with its refunds so far. */
  creditsInvitedIn(enterpriseId: string, invited: { from: number; to: number }): Promise<CreditFact[]>;
}

/**
 * The reports of an enterprise (or one associate's part of it): the facts of the period, one core,
 * JSON or CSV. The days of the period are read as day totals (totals.ts), less the parts of its
 * first and last days outside it, or those parts read fact by fact when they are the smaller; the
 * money (credits, commission) is read for the whole period each time.
 */
export class ReportsService {
  readonly totals: ReportTotals;

  constructor(
    private readonly deps: Pick<AppDeps, 'db'>,
    private readonly credits: CreditFacts,
  ) {
    this.totals = new ReportTotals(deps);
  }

  async report(enterpriseId: string, query: ReportQuery): Promise<Report> {
    const options = optionsOf(query);
    return buildReport(await this.facts(enterpriseId, options), options);
  }

  /**
   * The enterprise's facts for a report over a period (grouped by day or not, in its zone): the
   * totals of its days less what lies outside it, the facts of the rest, the credits on the engagements that may get
   * money in the period (invited from LOOKBACK_DAYS before it to a day after it), with those
   * engagements, and the commission on those orders.
   */
  async facts(enterpriseId: string, options: Pick<ReportOptions, 'from' | 'to' | 'groupBy' | 'timeZone'>): Promise<ReportFacts> {
    const { days, rest, less } = wholeDays(options);
    // Independent reads, at once (on Postgres each on a connection of its own).
    const [totals, outside, activity, credits] = await Promise.all([
      this.totals.read(enterpriseId, days),
      readSpanFacts(this.deps.db, enterpriseId, less),
      readSpanFacts(this.deps.db, enterpriseId, rest),
      this.credits.creditsInvitedIn(enterpriseId, { from: options.from - LOOKBACK_DAYS * DAY_MS, to: options.to + DAY_MS }),
    ]);
    // The credited engagements not read with the rest: in the totals already, or outside the period (money dated by the order).
    const read = new Set(activity.engagements.map((e) => e.id));
    const others = [...new Set(credits.map((c) => c.engagementId))].filter((id) => !read.has(id));
    const [otherFacts, commissions] = await Promise.all([
      readEngagementFacts(this.deps.db, enterpriseId, others),
      this.commissionFacts(enterpriseId, [...new Set(credits.map((c) => c.orderId))], options),
    ]);
    const credited = otherFacts.map((e) => ({ ...e, counted: false }));
    // Credits count on engagements that count (accepted, or ended after that); commission on their orders.
    const known = new Set([...read, ...credited.map((e) => e.id)]);
    const kept = credits.filter((c) => known.has(c.engagementId));
    const orders = new Set(kept.map((c) => c.orderId));
    return {
      ...activity,
      engagements: [...activity.engagements, ...credited],
      credits: kept,
      commissions: commissions.filter((k) => k.orderId === null || orders.has(k.orderId)),
      totals: [...totals, ...negated(dayTotalsOf(outside))],
    };
  }

  async answer(enterpriseId: string, query: ReportQuery) {
    return answerOf(query, await this.report(enterpriseId, query));
  }

  async csv(enterpriseId: string, query: ReportQuery): Promise<string> {
    return reportCsv(await this.report(enterpriseId, query), query.groupBy);
  }

  /** The ledger's entries on these orders, and those on no order (tier settlements) within the period. */
  private async commissionFacts(enterpriseId: string, orderIds: readonly string[], period: { from: number; to: number }): Promise<CommissionFact[]> {
    const onOrders = orderIds.length > 0 ? inArray(commissionEntries.orderId, [...orderIds]) : undefined;
    const unattached = and(isNull(commissionEntries.orderId), gte(commissionEntries.at, new Date(period.from)), lt(commissionEntries.at, new Date(period.to)));
    const rows = await this.deps.db
      .select({ associateId: commissionEntries.associateId, orderId: commissionEntries.orderId, amountMinor: commissionEntries.amountMinor, currency: commissionEntries.currency, at: commissionEntries.at })
      .from(commissionEntries)
      .where(and(eq(commissionEntries.enterpriseId, enterpriseId), onOrders ? or(onOrders, unattached) : unattached));
    return rows.map((r) => ({ associateId: r.associateId, orderId: r.orderId, amountMinor: r.amountMinor, currency: r.currency, at: r.at.getTime() }));
  }
}
