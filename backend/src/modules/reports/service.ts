import { and, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import type { ReportQuery } from '../../../../shared/reports';
import { commissionEntries } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { inHoldout } from '../practices/ranking.core';
import { readActivityFacts, withSales } from './facts';
import { reportCsv } from './report-csv.core';
import { answerOf, buildReport, type CommissionFact, type CreditFact, optionsOf, type Report, type ReportFacts, type ReportOptions } from './report.core';

/** Where the report reads what orders credited to engagements (the orders module). */
export interface CreditFacts {
  /** The credits on these engagements of the enterprise, each with its refunds so far. */
  creditsOn(enterpriseId: string, engagementIds: readonly string[]): Promise<CreditFact[]>;
}

/** The reports of an enterprise (or one associate's part of it): one read of the facts, one core, JSON or CSV. */
export class ReportsService {
  constructor(
    private readonly deps: Pick<AppDeps, 'db'>,
    private readonly credits: CreditFacts,
  ) {}

  async report(enterpriseId: string, query: ReportQuery): Promise<Report> {
    const options = optionsOf(query);
    return buildReport(await this.facts(enterpriseId, options), options);
  }

  /** The enterprise's facts for a period (the activity, its credits, commission and holdout), as the core reads them. */
  async facts(enterpriseId: string, options: Pick<ReportOptions, 'from' | 'to'>): Promise<ReportFacts> {
    const activity = await readActivityFacts(this.deps.db, enterpriseId, options);
    const engagementIds = activity.engagements.map((e) => e.id);
    const credits = await this.credits.creditsOn(enterpriseId, engagementIds);
    const commissions = await this.commissionFacts(enterpriseId, [...new Set(credits.map((c) => c.orderId))], options);
    // The holdout is a hash of the engagement's id (the practices module assigns it the same way).
    const holdout = new Set(engagementIds.filter((id) => inHoldout(id)));
    return withSales(activity, { credits, commissions, holdout });
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
