import { and, asc, count, countDistinct, eq, gt, gte, ilike, inArray, isNotNull, isNull, or, sql, sum } from 'drizzle-orm';
import type { EnterpriseSort, MarketplaceAssociatePage, MarketplaceEnterprise } from '../../../../shared/console';
import { keysetPage } from '../../db/keyset';
import {
  admissionInvitations,
  associateAdmissions,
  associates,
  engagements,
  enterprises,
  marketplaceFees,
  opportunities,
  orderCredits,
  orders,
  sessions,
  sites,
} from '../../db/schema';
import type { AppDeps } from '../../deps';
import type { TenancyService } from '../tenancy/service';
import { FIGURES_WINDOW_MS, noFigures, sortEnterprises } from './figures.core';

/**
 * The marketplace as its operator runs it: the enterprises with their figures side by side,
 * and the directory of independent associates. Changes go through the owning modules
 * (tenancy for enterprises and sites, commission for the fee).
 */
export class MarketplaceService {
  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'clock'>,
    private readonly tenancy: TenancyService,
  ) {}

  /** Every enterprise with its figures (sites, associates, and the last 7 days' activity and attributed revenue), in the order asked for. */
  async enterprises(sort: EnterpriseSort): Promise<MarketplaceEnterprise[]> {
    const db = this.deps.db;
    const since = new Date(this.deps.clock().getTime() - FIGURES_WINDOW_MS);
    const [rows, fees, siteCounts, employees, admitted, sessionCounts, opportunityCounts, engagementCounts, revenue] = await Promise.all([
      this.tenancy.enterprises(),
      db.select().from(marketplaceFees),
      db.select({ id: sites.enterpriseId, n: count() }).from(sites).groupBy(sites.enterpriseId),
      db.select({ id: associates.employerId, n: count() }).from(associates).groupBy(associates.employerId),
      db.select({ id: associateAdmissions.enterpriseId, n: countDistinct(associateAdmissions.associateId) }).from(associateAdmissions).where(eq(associateAdmissions.active, true)).groupBy(associateAdmissions.enterpriseId),
      db.select({ id: sessions.enterpriseId, n: count() }).from(sessions).where(gte(sessions.startedAt, since)).groupBy(sessions.enterpriseId),
      db.select({ id: opportunities.enterpriseId, n: count() }).from(opportunities).where(gte(opportunities.openedAt, since)).groupBy(opportunities.enterpriseId),
      db
        .select({ id: engagements.enterpriseId, n: count() })
        .from(engagements)
        .where(and(gte(engagements.invitedAt, since), inArray(engagements.status, ['accepted', 'ended']), sql`${engagements.answeredAt} is not null`))
        .groupBy(engagements.enterpriseId),
      db
        .select({ id: orderCredits.enterpriseId, currency: orders.currency, minor: sum(sql`${orderCredits.amountMinor} - ${orderCredits.refundedMinor}`) })
        .from(orderCredits)
        .innerJoin(orders, eq(orders.id, orderCredits.orderId))
        .where(gte(orders.placedAt, since))
        .groupBy(orderCredits.enterpriseId, orders.currency),
    ]);
    const figures = new Map(rows.map((r) => [r.id, noFigures()]));
    const add = (list: { id: string | null; n: number }[], field: 'sites' | 'associates' | 'sessions7d' | 'opportunities7d' | 'engagements7d') => {
      for (const { id, n } of list) {
        const f = id ? figures.get(id) : undefined;
        if (f) f[field] += Number(n);
      }
    };
    add(siteCounts, 'sites');
    add(employees, 'associates');
    add(admitted, 'associates');
    add(sessionCounts, 'sessions7d');
    add(opportunityCounts, 'opportunities7d');
    add(engagementCounts, 'engagements7d');
    for (const r of revenue) {
      const f = figures.get(r.id);
      if (f) f.revenue7d[r.currency] = (f.revenue7d[r.currency] ?? 0) + Number(r.minor ?? 0);
    }
    const feeOf = new Map(fees.map((f) => [f.enterpriseId, f.basisPoints]));
    const list = rows.map(
      (r): MarketplaceEnterprise => ({
        id: r.id,
        name: r.name,
        slug: r.slug,
        createdAt: r.createdAt.toISOString(),
        suspendedAt: r.suspendedAt?.toISOString() ?? null,
        feeBasisPoints: feeOf.get(r.id) ?? null,
        figures: figures.get(r.id) ?? noFigures(),
      }),
    );
    return sortEnterprises(list, sort);
  }

  /** One enterprise as the list shows it; undefined when there is none. */
  async enterprise(id: string): Promise<MarketplaceEnterprise | undefined> {
    return (await this.enterprises('name')).find((e) => e.id === id);
  }

  /**
   * The approved independent associates (no employer; approved by their application, or made
   * before registration existed, which approved them at once), by e-mail, a page at a time from
   * `after` (the previous page's last e-mail): each with the enterprises that invited them and
   * their answer. `q` finds a part of the name or the e-mail. Applicants are the vetting
   * queue's, not the directory's, until approved.
   */
  async independents(query: { q?: string; limit: number; after?: string }): Promise<MarketplaceAssociatePage> {
    const db = this.deps.db;
    const where = [isNull(associates.employerId), isNotNull(associates.approvedAt)];
    if (query.q) {
      const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      where.push(or(ilike(associates.displayName, like), ilike(associates.email, like))!);
    }
    if (query.after) where.push(gt(associates.email, query.after));
    const rows = await db
      .select({ id: associates.id, displayName: associates.displayName, email: associates.email, active: associates.active, presence: associates.presence })
      .from(associates)
      .where(and(...where))
      .orderBy(asc(associates.email))
      .limit(query.limit + 1);
    const { shown: page, next } = keysetPage(rows, query.limit, (last) => encodeEmailCursor(last.email));
    const invitations = page.length
      ? await db
          .select({ email: admissionInvitations.email, enterpriseId: admissionInvitations.enterpriseId, enterpriseName: enterprises.name, status: admissionInvitations.status, admitted: associateAdmissions.active })
          .from(admissionInvitations)
          .innerJoin(enterprises, eq(enterprises.id, admissionInvitations.enterpriseId))
          .innerJoin(associates, eq(associates.email, admissionInvitations.email))
          .leftJoin(associateAdmissions, and(eq(associateAdmissions.associateId, associates.id), eq(associateAdmissions.enterpriseId, admissionInvitations.enterpriseId)))
          .where(inArray(admissionInvitations.email, page.map((r) => r.email)))
          .orderBy(asc(enterprises.name), asc(enterprises.id))
      : [];
    return {
      associates: page.map((r) => ({
        ...r,
        admissions: invitations
          .filter((i) => i.email === r.email)
          .map((i) => ({ enterpriseId: i.enterpriseId, enterpriseName: i.enterpriseName, status: i.status, active: i.status === 'accepted' && i.admitted === true })),
      })),
      next,
    };
  }
}

/** The directory's cursor: the last e-mail of the page, opaque to the caller. */
export function encodeEmailCursor(email: string): string {
  return Buffer.from(email).toString('base64url');
}
