import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBatchAccepted } from '../../../../shared/events';
import type { CommunicationMethod } from '../../../../shared/live';
import { ReportQuery } from '../../../../shared/reports';
import { migrationsFolder } from '../../db/open';
import { associates, channelUsages, engagements, events, offers, opportunities, orderCredits, orders, reportDayTotals, reportStaleDays, sessions } from '../../db/schema';
import type { EngagementStatus } from '../../db/schema/engagements';
import type { OfferStatus } from '../../db/schema/offers';
import { type ApiHarness, useApi } from '../../testing/api';
import { DB_KINDS } from '../../testing/databases';
import { ev, headphones } from '../../testing/fixtures';
import { seedAssociate } from '../../testing/offers';
import { inHoldout } from '../practices/ranking.core';
import { readActivityFacts, withSales } from './facts';
import { buildReport, type CreditFact, type DayTotal, dayTotalsOf, optionsOf, type ReportFacts, type ReportOptions } from './report.core';
import { dayTotalOf } from './totals';

/*
 * The day totals against the rows they sum: after any sequence of writes to opportunities, offers,
 * engagements, channels and credits (and deletes, as retention and cascades make them), with the
 * totals recomputed at any point between them, the report is the one computed from every row, and
 * the table holds what a recomputation of every day from the rows gives.
 */

const DAY = 86_400_000;
const MINUTE = 60_000;
const BASE = Date.parse('2026-03-01T00:00:00Z');
const RULES = [[{ conditionId: 'cart', points: 5 }], [{ conditionId: 'dwell', points: 8 }, { conditionId: 'cart', points: 8 }], [{ conditionId: 'asked', points: 0 }], []];
const CATEGORIES = [['Audio', 'Headphones'], ['Audio'], ['Garden', 'Tools', 'Spades'], []];
const METHODS: CommunicationMethod[] = ['chat', 'voice', 'view', 'guide'];

type Command =
  | { kind: 'opportunity'; at: number; summit: boolean; rule: number; category: number }
  | { kind: 'offer'; opp: number; associate: number; status: OfferStatus; afterMin: number }
  | { kind: 'offerStatus'; offer: number; status: OfferStatus }
  | { kind: 'engagement'; opp: number; associate: number; status: EngagementStatus; afterMin: number; answerMin: number | null }
  | { kind: 'engagementStatus'; engagement: number; status: EngagementStatus; answerMin: number }
  | { kind: 'channel'; engagement: number; method: number }
  | { kind: 'credit'; engagement: number; amount: number; refunded: number; placedAfterMin: number }
  | { kind: 'reasons'; opp: number; rule: number; category: number }
  | { kind: 'deleteOpportunity'; opp: number }
  | { kind: 'deleteAssociate'; associate: number }
  | { kind: 'refresh' };

const OFFER_STATUSES: OfferStatus[] = ['pending', 'accepted', 'declined', 'missed', 'withdrawn'];
const ENGAGEMENT_STATUSES: EngagementStatus[] = ['invited', 'accepted', 'declined', 'expired', 'ended'];
/** Over twelve days (a write seldom lands on a day another marked), often near midnight (where a day's facts reach into the next). */
const atArb = fc.oneof(
  fc.integer({ min: 0, max: 12 * 24 * 60 - 1 }).map((m) => BASE + m * MINUTE),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: -90, max: 30 })).map(([d, m]) => BASE + d * DAY + m * MINUTE),
);
const arbs = {
  opportunity: fc.record({ kind: fc.constant('opportunity' as const), at: atArb, summit: fc.boolean(), rule: fc.nat(3), category: fc.nat(3) }),
  offer: fc.record({ kind: fc.constant('offer' as const), opp: fc.nat(), associate: fc.nat(), status: fc.constantFrom(...OFFER_STATUSES), afterMin: fc.integer({ min: 0, max: 120 }) }),
  offerStatus: fc.record({ kind: fc.constant('offerStatus' as const), offer: fc.nat(), status: fc.constantFrom(...OFFER_STATUSES) }),
  engagement: fc.record({ kind: fc.constant('engagement' as const), opp: fc.nat(), associate: fc.nat(), status: fc.constantFrom(...ENGAGEMENT_STATUSES), afterMin: fc.integer({ min: 0, max: 120 }), answerMin: fc.option(fc.integer({ min: 0, max: 10 })) }),
  engagementStatus: fc.record({ kind: fc.constant('engagementStatus' as const), engagement: fc.nat(), status: fc.constantFrom(...ENGAGEMENT_STATUSES), answerMin: fc.integer({ min: 0, max: 10 }) }),
  channel: fc.record({ kind: fc.constant('channel' as const), engagement: fc.nat(), method: fc.nat(3) }),
  credit: fc.record({ kind: fc.constant('credit' as const), engagement: fc.nat(), amount: fc.integer({ min: 1, max: 50_000 }), refunded: fc.constantFrom(0, 0, 0.5, 1), placedAfterMin: fc.integer({ min: -60, max: 3 * 24 * 60 }) }),
  reasons: fc.record({ kind: fc.constant('reasons' as const), opp: fc.nat(), rule: fc.nat(3), category: fc.nat(3) }),
  deleteOpportunity: fc.record({ kind: fc.constant('deleteOpportunity' as const), opp: fc.nat() }),
  deleteAssociate: fc.record({ kind: fc.constant('deleteAssociate' as const), associate: fc.nat() }),
  refresh: fc.constant({ kind: 'refresh' as const }),
};
/** Mostly rows made. */
const makeArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: arbs.opportunity },
  { weight: 4, arbitrary: arbs.offer },
  { weight: 4, arbitrary: arbs.engagement },
  { weight: 2, arbitrary: arbs.channel },
  { weight: 1, arbitrary: arbs.credit },
  { weight: 1, arbitrary: arbs.offerStatus },
  { weight: 1, arbitrary: arbs.engagementStatus },
  { weight: 1, arbitrary: arbs.refresh },
);
/** Mostly rows changed and deleted. */
const changeArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: arbs.offerStatus },
  { weight: 3, arbitrary: arbs.engagementStatus },
  { weight: 2, arbitrary: arbs.channel },
  { weight: 1, arbitrary: arbs.credit },
  { weight: 2, arbitrary: arbs.reasons },
  { weight: 1, arbitrary: arbs.deleteOpportunity },
  { weight: 1, arbitrary: arbs.deleteAssociate },
  { weight: 1, arbitrary: arbs.offer },
  { weight: 1, arbitrary: arbs.engagement },
  { weight: 1, arbitrary: arbs.opportunity },
  { weight: 1, arbitrary: arbs.refresh },
);

/** The reports compared: every grouping in UTC over whole days, parts of days at both ends, zones off UTC, one associate. */
function queriesOf(associateId: string | undefined) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    { groupBy: 'associate,category,rule,channel,day', from: iso(BASE - DAY), to: iso(BASE + 14 * DAY) },
    { groupBy: 'associate,day', from: iso(BASE + 7 * 3_600_000 + 13 * MINUTE), to: iso(BASE + 11 * DAY + 5 * 3_600_000) },
    { groupBy: 'channel,rule', from: iso(BASE + DAY + 30 * MINUTE), to: iso(BASE + 14 * DAY), datedBy: 'order' },
    { groupBy: 'day,channel', from: iso(BASE), to: iso(BASE + 14 * DAY), timeZone: 'Europe/Paris' },
    { groupBy: 'category', from: iso(BASE + 12 * 3_600_000), to: iso(BASE + 13 * DAY), timeZone: 'Asia/Kolkata', categoryDepth: '2' },
    ...(associateId ? [{ groupBy: 'day', from: iso(BASE), to: iso(BASE + 14 * DAY), associateId }] : []),
  ].map((q) => ReportQuery.parse(q));
}

describe.each(DB_KINDS)('report day totals on %s', (kind) => {
  const api = useApi(kind);
  let h: ApiHarness;
  let session: { sessionId: string; shopperId: string };
  beforeEach(async () => {
    h = api();
    const res = await h.post({ events: [ev('2026-03-02T09:59:00.000Z', { type: 'product_view', url: headphones.url, product: headphones })] });
    const [sessionId] = EventBatchAccepted.parse(await res.json()).sessionIds;
    const [row] = await h.db.db.query.sessions.findMany({ where: (s, { eq }) => eq(s.id, sessionId!) });
    session = { sessionId: row!.id, shopperId: row!.shopperId };
  });

  /** The report's facts as read before day totals: every row of the period (the credits of its engagements, no commission here). */
  async function fromRows(enterpriseId: string, options: Pick<ReportOptions, 'from' | 'to'>): Promise<ReportFacts> {
    const activity = await readActivityFacts(h.db.db, enterpriseId, options);
    const ids = activity.engagements.map((e) => e.id);
    const rows = ids.length
      ? await h.db.db
          .select({ engagementId: orderCredits.engagementId, associateId: orderCredits.associateId, orderId: orderCredits.orderId, amount: orderCredits.amountMinor, refunded: orderCredits.refundedMinor, currency: orders.currency, placedAt: orders.placedAt })
          .from(orderCredits)
          .innerJoin(orders, eq(orders.id, orderCredits.orderId))
          .where(and(eq(orderCredits.enterpriseId, enterpriseId), inArray(orderCredits.engagementId, ids)))
      : [];
    const credits: CreditFact[] = rows.map((r) => ({ engagementId: r.engagementId, associateId: r.associateId, orderId: r.orderId, amountMinor: r.amount, refundedMinor: r.refunded, currency: r.currency, orderPlacedAt: r.placedAt.getTime() }));
    return withSales(activity, { credits, commissions: [], holdout: new Set(ids.filter((id) => inHoldout(id))) });
  }

  const byKey = (totals: DayTotal[]) => [...totals].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

  /** Every report as computed from the rows; then the table as every day recomputed from the rows, with no day left marked. */
  async function expectTotalsMatchRows(enterpriseId: string, associateId: string | undefined) {
    for (const query of queriesOf(associateId)) {
      const options = optionsOf(query);
      expect(await h.app.reports.report(enterpriseId, query), JSON.stringify(query)).toEqual(buildReport(await fromRows(enterpriseId, options), options));
    }
    await h.app.reports.totals.refreshAll(() => {});
    const stored = await h.db.db.select().from(reportDayTotals).where(eq(reportDayTotals.enterpriseId, enterpriseId));
    const table = stored.map(dayTotalOf);
    expect(byKey(table)).toEqual(byKey(dayTotalsOf(await fromRows(enterpriseId, { from: BASE - 10 * DAY, to: BASE + 20 * DAY }))));
    expect(await h.db.db.select().from(reportStaleDays)).toEqual([]);
  }

  /**
   * A world of rows in which `apply` runs commands, each as a plain write to the tables (as the
   * modules make them), with references taken modulo what exists; `associateId` one of Volt's.
   */
  async function world() {
    const db = h.db.db;
    const now = h.clock.now();
    const volt = h.seed.volt.id;
    const summit = h.seed.summit.id;
    const staff = { [volt]: [] as string[], [summit]: [] as string[] };
    for (let i = 0; i < 3; i++) staff[volt]!.push((await seedAssociate(db, now, { employerId: volt })).id);
    staff[summit]!.push((await seedAssociate(db, now, { employerId: summit })).id);
    const opps: { id: string; enterpriseId: string; openedAt: number }[] = [];
    const offerRows: { id: string; opportunityId: string; associateId: string; status: OfferStatus }[] = [];
    const engagementRows: { id: string; opportunityId: string; enterpriseId: string; associateId: string; status: EngagementStatus; at: number; answered: boolean }[] = [];
    const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
    const live = (s: EngagementStatus) => s === 'invited' || s === 'accepted';
    let orderSerial = 0;
    const apply = async (commands: readonly Command[]) => {
      for (const c of commands) {
        switch (c.kind) {
          case 'opportunity': {
            const id = crypto.randomUUID();
            const enterpriseId = c.summit ? summit : volt;
            await db.insert(opportunities).values({
              id,
              enterpriseId,
              ...session,
              status: 'engaged',
              score: 10,
              reasons: RULES[c.rule],
              rulesVersion: 1,
              segment: { category: CATEGORIES[c.category], minLevel: 1 },
              customerExternalId: null,
              openedAt: new Date(c.at),
              dueAt: null,
              offerState: null,
            });
            opps.push({ id, enterpriseId, openedAt: c.at });
            break;
          }
          case 'offer': {
            const o = pick(opps, c.opp);
            const associateId = o && pick(staff[o.enterpriseId]!, c.associate);
            if (!o || !associateId) break;
            // One pending offer per associate and opportunity.
            const status = c.status === 'pending' && offerRows.some((f) => f.opportunityId === o.id && f.associateId === associateId && f.status === 'pending') ? 'declined' : c.status;
            const id = crypto.randomUUID();
            const at = new Date(o.openedAt + c.afterMin * MINUTE);
            await db.insert(offers).values({ id, opportunityId: o.id, associateId, wave: 1, priority: 'may', status, score: 1, reasons: [], offeredAt: at, expiresAt: at, answeredAt: null });
            offerRows.push({ id, opportunityId: o.id, associateId, status });
            break;
          }
          case 'offerStatus': {
            const f = pick(offerRows, c.offer);
            if (!f) break;
            const status = c.status === 'pending' && offerRows.some((g) => g !== f && g.opportunityId === f.opportunityId && g.associateId === f.associateId && g.status === 'pending') ? 'withdrawn' : c.status;
            await db.update(offers).set({ status }).where(eq(offers.id, f.id));
            f.status = status;
            break;
          }
          case 'engagement': {
            const o = pick(opps, c.opp);
            const associateId = o && pick(staff[o.enterpriseId]!, c.associate);
            if (!o || !associateId) break;
            // One live (invited or accepted) engagement per opportunity.
            const status = live(c.status) && engagementRows.some((e) => e.opportunityId === o.id && live(e.status)) ? 'ended' : c.status;
            const id = crypto.randomUUID();
            const invitedAt = o.openedAt + c.afterMin * MINUTE;
            const answered = c.answerMin !== null && status !== 'invited';
            await db.insert(engagements).values({
              id,
              opportunityId: o.id,
              enterpriseId: o.enterpriseId,
              associateId,
              ...session,
              customerExternalId: null,
              category: CATEGORIES[c.opp % CATEGORIES.length]!,
              status,
              invitedAt: new Date(invitedAt),
              expiresAt: new Date(invitedAt + MINUTE),
              answeredAt: answered ? new Date(invitedAt + c.answerMin! * MINUTE) : null,
            });
            engagementRows.push({ id, opportunityId: o.id, enterpriseId: o.enterpriseId, associateId, status, at: invitedAt, answered });
            break;
          }
          case 'engagementStatus': {
            const e = pick(engagementRows, c.engagement);
            if (!e) break;
            const status = live(c.status) && engagementRows.some((g) => g !== e && g.opportunityId === e.opportunityId && live(g.status)) ? 'expired' : c.status;
            // Saying yes sets the answer's time (once).
            const answer = !e.answered && (status === 'accepted' || status === 'ended') ? { answeredAt: new Date(e.at + c.answerMin * MINUTE) } : {};
            await db
              .update(engagements)
              .set({ status, ...answer })
              .where(eq(engagements.id, e.id));
            e.status = status;
            e.answered ||= 'answeredAt' in answer;
            break;
          }
          case 'channel': {
            const e = pick(engagementRows, c.engagement);
            if (!e) break;
            await db.insert(channelUsages).values({ id: crypto.randomUUID(), engagementId: e.id, method: METHODS[c.method]!, startedAt: new Date(e.at), stoppedAt: new Date(e.at + MINUTE) });
            break;
          }
          case 'credit': {
            const e = pick(engagementRows, c.engagement);
            if (!e) break;
            const orderId = crypto.randomUUID();
            orderSerial += 1;
            await db.insert(orders).values({
              id: orderId,
              enterpriseId: e.enterpriseId,
              externalId: `P-${orderSerial}`,
              number: null,
              source: 'api',
              placedAt: new Date(e.at + c.placedAfterMin * MINUTE),
              currency: 'EUR',
              netMinor: c.amount,
              customerExternalId: null,
              stampedEngagementId: e.id,
              status: 'attributed',
              unattributedReason: null,
              contentHash: `h-${orderSerial}`,
              receivedAt: now,
            });
            await db.insert(orderCredits).values({ orderId, lineId: 'L1', engagementId: e.id, associateId: e.associateId, enterpriseId: e.enterpriseId, amountMinor: c.amount, refundedMinor: Math.floor(c.amount * c.refunded) });
            break;
          }
          case 'reasons': {
            const o = pick(opps, c.opp);
            if (!o) break;
            await db
              .update(opportunities)
              .set({ reasons: RULES[c.rule], segment: { category: CATEGORIES[c.category], minLevel: 2 } })
              .where(eq(opportunities.id, o.id));
            break;
          }
          case 'deleteOpportunity': {
            const o = pick(opps, c.opp);
            if (!o) break;
            await db.delete(opportunities).where(eq(opportunities.id, o.id));
            opps.splice(opps.indexOf(o), 1);
            offerRows.splice(0, offerRows.length, ...offerRows.filter((f) => f.opportunityId !== o.id));
            engagementRows.splice(0, engagementRows.length, ...engagementRows.filter((e) => e.opportunityId !== o.id));
            break;
          }
          case 'deleteAssociate': {
            const associateId = pick(staff[volt]!, c.associate);
            if (!associateId || staff[volt]!.length === 1) break;
            await db.delete(associates).where(eq(associates.id, associateId));
            staff[volt]!.splice(staff[volt]!.indexOf(associateId), 1);
            offerRows.splice(0, offerRows.length, ...offerRows.filter((f) => f.associateId !== associateId));
            engagementRows.splice(0, engagementRows.length, ...engagementRows.filter((e) => e.associateId !== associateId));
            break;
          }
          case 'refresh':
            await h.app.reports.totals.refreshAll(() => {});
            break;
        }
      }
    };
    return { apply, associateId: () => staff[volt]![0] };
  }

  async function forget() {
    const db = h.db.db;
    await db.delete(opportunities);
    await db.delete(orders);
    await db.delete(associates);
    await db.delete(reportDayTotals);
    await db.delete(reportStaleDays);
  }

  it('give the report computed from every row, and are what the rows sum to, after any writes (generated sequences)', async () => {
    await fc.assert(
      // Rows made, the totals computed, rows changed (and the totals computed again at times among them).
      fc.asyncProperty(fc.array(makeArb, { minLength: 4, maxLength: 30 }), fc.array(changeArb, { minLength: 1, maxLength: 4 }), async (before, after) => {
        await forget();
        const rows = await world();
        await rows.apply(before);
        await h.app.reports.totals.refreshAll(() => {});
        await rows.apply(after);
        await expectTotalsMatchRows(h.seed.volt.id, rows.associateId());
        await expectTotalsMatchRows(h.seed.summit.id, undefined);
      }),
      { numRuns: kind === 'pglite' ? 25 : 15 },
    );
  }, 240_000);

  it('forget the rows retention deletes, with the offers of the next day that cascade with them', async () => {
    const rows = await world();
    await rows.apply([
      { kind: 'opportunity', at: BASE + DAY - 20 * MINUTE, summit: false, rule: 0, category: 0 },
      { kind: 'offer', opp: 0, associate: 0, status: 'accepted', afterMin: 30 },
      { kind: 'engagement', opp: 0, associate: 0, status: 'ended', afterMin: 5, answerMin: 1 },
      { kind: 'opportunity', at: BASE + 5 * 3_600_000, summit: false, rule: 1, category: 1 },
    ]);
    await h.app.reports.totals.refreshAll(() => {});
    // The retention sweep deletes the session; its opportunities, their offers and engagements go with it.
    await h.db.db.delete(events).where(eq(events.sessionId, session.sessionId));
    await h.db.db.delete(sessions).where(eq(sessions.id, session.sessionId));
    await expectTotalsMatchRows(h.seed.volt.id, rows.associateId());
    const query = ReportQuery.parse({ from: new Date(BASE).toISOString(), to: new Date(BASE + 3 * DAY).toISOString() });
    expect((await h.app.reports.report(h.seed.volt.id, query)).total).toMatchObject({ opportunities: 0, offers: 0, engagements: 0 });
  });

  it('are computed for the days that had facts before the migration (its backfill marks them)', async () => {
    const opportunity = (at: number): Command => ({ kind: 'opportunity', at, summit: false, rule: 1, category: 2 });
    const rows = await world();
    await rows.apply([
      opportunity(BASE + 3_600_000),
      { kind: 'offer', opp: 0, associate: 0, status: 'accepted', afterMin: 1 },
      { kind: 'engagement', opp: 0, associate: 0, status: 'accepted', afterMin: 2, answerMin: 1 },
      { kind: 'channel', engagement: 0, method: 1 },
      opportunity(BASE + 2 * DAY + 23 * 3_600_000 + 30 * MINUTE),
      { kind: 'offer', opp: 1, associate: 1, status: 'missed', afterMin: 40 },
    ]);
    // As before the migration: rows, no totals, no marks.
    await h.db.db.delete(reportStaleDays);
    const backfill = readFileSync(join(migrationsFolder, '0010_report_totals.sql'), 'utf8')
      .split('--> statement-breakpoint')
      .find((s) => s.includes('-- Backfill'))!;
    await h.db.db.execute(sql.raw(backfill));
    expect((await h.db.db.selectDistinct({ day: reportStaleDays.day }).from(reportStaleDays).orderBy(reportStaleDays.day)).map((d) => d.day)).toEqual(['2026-03-01', '2026-03-03', '2026-03-04']);
    await expectTotalsMatchRows(h.seed.volt.id, rows.associateId());
  });

  it('are recomputed when the report reads a day a write marked, without waiting for the sweep', async () => {
    const volt = h.seed.volt.id;
    const rows = await world();
    await rows.apply([{ kind: 'opportunity', at: BASE + 3_600_000, summit: false, rule: 0, category: 0 }]);
    const query = ReportQuery.parse({ from: new Date(BASE).toISOString(), to: new Date(BASE + DAY).toISOString() });
    expect((await h.app.reports.report(volt, query)).total.opportunities).toBe(1);
    expect(await h.db.db.select().from(reportStaleDays)).toEqual([]);
    await rows.apply([{ kind: 'opportunity', at: BASE + 2 * 3_600_000, summit: false, rule: 0, category: 0 }]);
    expect((await h.db.db.select().from(reportStaleDays)).map((m) => m.day)).toEqual(['2026-03-01']);
    expect((await h.app.reports.report(volt, query)).total.opportunities).toBe(2);
    // The totals were read: one row for the day, both opportunities in it.
    expect((await h.db.db.select().from(reportDayTotals).where(eq(reportDayTotals.enterpriseId, volt))).map((r) => [r.day, r.opportunities])).toEqual([['2026-03-01', 2]]);
  });
});

