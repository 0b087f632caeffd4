import { and, eq, gte, inArray, lte, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/open';
import { channelUsages, engagements, offers, opportunities, reportDayTotals, reportStaleDays } from '../../db/schema';
import type { Timers } from '../../deps';
import { describeError, type Log } from '../../log';
import { type Periodic, runEvery } from '../../periodic';
import { inHoldout } from '../practices/ranking.core';
import { categoryOf, OUTCOME, ruleOfReasons } from './facts';
import { type DayTotal, dayTotalsOf, type EngagementFact, type OfferFact, type OpportunityFact, type ReportFacts, type Span } from './report.core';

/**
 * The report's day totals (report_day_totals) and the facts of parts of a period, read from the
 * tables with every fact's place: an opportunity with the engagement that served it, an offer with
 * its opportunity, wherever in time those are.
 *
 * The totals stay exact this way: migration 0010's triggers mark (report_stale_days) the UTC days
 * whose facts a write to opportunities, offers, engagements or channel_usages changes, in the
 * writer's transaction; `refresh` recomputes the marked days from the tables with the report's own
 * core (`dayTotalsOf`). It takes the enterprise's advisory lock first, so recomputations of one
 * enterprise follow one another, then deletes the marks it sees and reads the facts afterwards (a
 * statement later: every write whose mark it deleted had committed, so it reads what that wrote; a
 * write still under way leaves its mark for the next one). Reports recompute the days they read;
 * `startTotalsSweep` recomputes the others in the background.
 */

/** Names the recomputation locks among Postgres advisory locks (the second key is the enterprise's hash). */
const TOTALS_LOCK_SPACE = 4_242_020;
/** The most days one recomputation of the sweep takes (a month of facts). */
const SWEEP_DAYS = 31;
/** How often the sweep recomputes the marked days of every enterprise. */
export const TOTALS_SWEEP_MS = 5 * 60_000;

/** Within any of the spans (a timestamptz expression). */
function within(column: SQLWrapper, spans: readonly Span[]): SQL {
  const parts = spans.map((s) => sql`(${column} >= ${new Date(s.from).toISOString()}::timestamptz and ${column} < ${new Date(s.to).toISOString()}::timestamptz)`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** When an engagement started: when the shopper said yes (its answer), else its invitation. */
const startedAt = sql`coalesce(${engagements.answeredAt}, ${engagements.invitedAt})`;
/** The engagements that count: accepted, or ended after that (as written in engagements_enterprise_started_idx). */
const counted = sql`${engagements.status} in ('accepted', 'ended')`;
/** An engagement's channels, in one round trip with it (a JSON array; PGlite may hand over its text). */
const channelsOf = sql<unknown>`coalesce((select json_agg(${channelUsages.method}) from ${channelUsages} where ${channelUsages.engagementId} = ${engagements.id}), '[]'::json)`;

function stringArray(value: unknown): string[] {
  const v = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The latest of an opportunity's engagements (by start, then id), as the report's core picks the one that served it. */
function later(a: { id: string; startedAt: number } | undefined, b: { id: string; startedAt: number }): boolean {
  return !a || b.startedAt > a.startedAt || (b.startedAt === a.startedAt && b.id > a.id);
}

const engagementColumns = {
  id: engagements.id,
  associateId: engagements.associateId,
  opportunityId: engagements.opportunityId,
  category: engagements.category,
  reasons: opportunities.reasons,
  invitedAt: engagements.invitedAt,
  answeredAt: engagements.answeredAt,
  channels: channelsOf,
};

function engagementFact(e: { id: string; associateId: string; opportunityId: string; category: string[]; reasons: unknown; invitedAt: Date; answeredAt: Date | null; channels: unknown }): EngagementFact {
  return {
    id: e.id,
    associateId: e.associateId,
    opportunityId: e.opportunityId,
    category: e.category,
    ruleId: ruleOfReasons(e.reasons),
    channels: stringArray(e.channels),
    startedAt: (e.answeredAt ?? e.invitedAt).getTime(),
    // The holdout is a hash of the engagement's id (the practices module assigns it the same way).
    holdout: inHoldout(e.id),
  };
}

/**
 * The enterprise's opportunities opened, offers made and engagements started within the spans,
 * each with its place: an opportunity with the latest engagement that served it, an offer with its
 * opportunity's category and rule, an engagement with its opportunity's rule and its channels.
 */
export async function readSpanFacts(db: Db | Tx, enterpriseId: string, spans: readonly Span[]): Promise<Pick<ReportFacts, 'opportunities' | 'offers' | 'engagements'>> {
  if (spans.length === 0) return { opportunities: [], offers: [], engagements: [] };
  // Four reads at once (on Postgres outside a transaction, each on a connection of its own).
  const [opportunityRows, servingRows, offerRows, engagementRows] = await Promise.all([
    db
      .select({ id: opportunities.id, reasons: opportunities.reasons, segment: opportunities.segment, openedAt: opportunities.openedAt })
      .from(opportunities)
      .where(and(eq(opportunities.enterpriseId, enterpriseId), within(opportunities.openedAt, spans))),
    db
      .select({ id: engagements.id, opportunityId: engagements.opportunityId, associateId: engagements.associateId, invitedAt: engagements.invitedAt, answeredAt: engagements.answeredAt, channels: channelsOf })
      .from(engagements)
      .innerJoin(opportunities, eq(opportunities.id, engagements.opportunityId))
      .where(and(eq(opportunities.enterpriseId, enterpriseId), eq(engagements.enterpriseId, enterpriseId), counted, within(opportunities.openedAt, spans))),
    db
      .select({ opportunityId: offers.opportunityId, associateId: offers.associateId, status: offers.status, offeredAt: offers.offeredAt, reasons: opportunities.reasons, segment: opportunities.segment })
      .from(offers)
      .innerJoin(opportunities, eq(opportunities.id, offers.opportunityId))
      .where(and(eq(opportunities.enterpriseId, enterpriseId), within(offers.offeredAt, spans))),
    db
      .select(engagementColumns)
      .from(engagements)
      .innerJoin(opportunities, eq(opportunities.id, engagements.opportunityId))
      .where(and(eq(engagements.enterpriseId, enterpriseId), counted, within(startedAt, spans))),
  ]);

  const servedBy = new Map<string, { id: string; startedAt: number; associateId: string; channels: string[] }>();
  for (const e of servingRows) {
    const serving = { id: e.id, startedAt: (e.answeredAt ?? e.invitedAt).getTime(), associateId: e.associateId, channels: stringArray(e.channels) };
    if (later(servedBy.get(e.opportunityId), serving)) servedBy.set(e.opportunityId, serving);
  }
  return {
    opportunities: opportunityRows.map((o): OpportunityFact => {
      const served = servedBy.get(o.id);
      return { id: o.id, ruleId: ruleOfReasons(o.reasons), category: categoryOf(o.segment), openedAt: o.openedAt.getTime(), servedBy: served ? { associateId: served.associateId, channels: served.channels } : null };
    }),
    offers: offerRows.map(
      (f): OfferFact => ({
        opportunityId: f.opportunityId,
        associateId: f.associateId,
        outcome: OUTCOME[f.status],
        offeredAt: f.offeredAt.getTime(),
        opportunity: { category: categoryOf(f.segment), ruleId: ruleOfReasons(f.reasons) },
      }),
    ),
    engagements: engagementRows.map(engagementFact),
  };
}

/** These engagements of the enterprise that count (accepted, or ended after that), with their place; the others are left out. */
export async function readEngagementFacts(db: Db, enterpriseId: string, ids: readonly string[]): Promise<EngagementFact[]> {
  const out: EngagementFact[] = [];
  // In slices: a year of credited engagements may be many thousands.
  for (let i = 0; i < ids.length; i += 5_000) {
    const rows = await db
      .select(engagementColumns)
      .from(engagements)
      .innerJoin(opportunities, eq(opportunities.id, engagements.opportunityId))
      .where(and(eq(engagements.enterpriseId, enterpriseId), counted, inArray(engagements.id, ids.slice(i, i + 5_000))));
    out.push(...rows.map(engagementFact));
  }
  return out;
}

/** The spans of whole UTC days (YYYY-MM-DD, sorted), consecutive days as one. */
export function spansOfDays(days: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (const day of days) {
    const from = Date.parse(`${day}T00:00:00Z`);
    const last = spans.at(-1);
    if (last && last.to === from) last.to = from + 86_400_000;
    else spans.push({ from, to: from + 86_400_000 });
  }
  return spans;
}

/** The report's day totals: read, recomputed where marked. */
/** A stored day's totals as the report's core reads them. */
export function dayTotalOf(r: typeof reportDayTotals.$inferSelect): DayTotal {
  return {
    day: r.day,
    associateId: r.associateId,
    category: r.category,
    ruleId: r.rule,
    channel: r.channel,
    opportunities: r.opportunities,
    offers: r.offers,
    offersDecided: r.offersDecided,
    offersAccepted: r.offersAccepted,
    engagements: r.engagements,
    holdoutEngagements: r.holdoutEngagements,
  };
}

export class ReportTotals {
  constructor(private readonly deps: { db: Db }) {}

  /** The enterprise's totals of these UTC days (YYYY-MM-DD, sorted), each marked one recomputed first. */
  async read(enterpriseId: string, days: readonly string[]): Promise<DayTotal[]> {
    if (days.length === 0) return [];
    const range = { first: days[0]!, last: days.at(-1)! };
    // Marks first, then the totals: a day without a mark was recomputed, in the same transaction that deleted its marks, before the totals are read.
    await this.refresh(enterpriseId, range);
    const rows = await this.deps.db
      .select()
      .from(reportDayTotals)
      .where(and(eq(reportDayTotals.enterpriseId, enterpriseId), gte(reportDayTotals.day, range.first), lte(reportDayTotals.day, range.last)));
    const wanted = new Set(days);
    return rows.filter((r) => wanted.has(r.day)).map(dayTotalOf);
  }

  /** Whether a write marked one of the enterprise's days (from `first` to `last` when given). */
  private async marked(enterpriseId: string, range?: { first: string; last: string }): Promise<boolean> {
    const [any] = await this.deps.db.select({ id: reportStaleDays.id }).from(reportStaleDays).where(this.marks(enterpriseId, range)).limit(1);
    return any !== undefined;
  }

  private marks(enterpriseId: string, range?: { first: string; last: string }) {
    return and(eq(reportStaleDays.enterpriseId, enterpriseId), range ? and(gte(reportStaleDays.day, range.first), lte(reportStaleDays.day, range.last)) : undefined);
  }

  /** Recomputes the enterprise's marked days (those from `first` to `last` when given); how many it recomputed. */
  async refresh(enterpriseId: string, range?: { first: string; last: string }): Promise<number> {
    if (!(await this.marked(enterpriseId, range))) return 0;
    return this.deps.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${TOTALS_LOCK_SPACE}::int, hashtext(${enterpriseId}))`);
      const gone = await tx.delete(reportStaleDays).where(this.marks(enterpriseId, range)).returning({ day: reportStaleDays.day });
      const days = [...new Set(gone.map((g) => g.day))].sort();
      if (days.length === 0) return 0;
      const totals = dayTotalsOf(await readSpanFacts(tx, enterpriseId, spansOfDays(days)));
      await tx.delete(reportDayTotals).where(and(eq(reportDayTotals.enterpriseId, enterpriseId), inArray(reportDayTotals.day, days)));
      for (let i = 0; i < totals.length; i += 1_000) {
        await tx.insert(reportDayTotals).values(
          totals.slice(i, i + 1_000).map((t) => ({
            enterpriseId,
            day: t.day,
            associateId: t.associateId,
            category: t.category ? [...t.category] : null,
            rule: t.ruleId,
            channel: t.channel,
            opportunities: t.opportunities,
            offers: t.offers,
            offersDecided: t.offersDecided,
            offersAccepted: t.offersAccepted,
            engagements: t.engagements,
            holdoutEngagements: t.holdoutEngagements,
          })),
        );
      }
      return days.length;
    });
  }

  /** Recomputes the days every enterprise had marked when it began, a month of them at a time; how many days it recomputed. */
  async refreshAll(log: Log): Promise<number> {
    let done = 0;
    const marked = await this.deps.db.selectDistinct({ enterpriseId: reportStaleDays.enterpriseId, day: reportStaleDays.day }).from(reportStaleDays);
    const byEnterprise = new Map<string, string[]>();
    for (const m of marked) byEnterprise.set(m.enterpriseId, [...(byEnterprise.get(m.enterpriseId) ?? []), m.day]);
    for (const [enterpriseId, days] of byEnterprise) {
      days.sort();
      try {
        for (let i = 0; i < days.length; i += SWEEP_DAYS) {
          const chunk = days.slice(i, i + SWEEP_DAYS);
          done += await this.refresh(enterpriseId, { first: chunk[0]!, last: chunk.at(-1)! });
        }
      } catch (err) {
        log('report totals: an enterprise’s days were not recomputed', { enterpriseId, ...describeError(err) });
      }
    }
    return done;
  }
}

/** Recomputes the marked days of every enterprise at once and then every TOTALS_SWEEP_MS, so reports seldom have to. */
export function startTotalsSweep(options: { totals: ReportTotals; timers: Timers; log: Log; everyMs?: number }): Periodic {
  return runEvery(
    options.timers,
    options.everyMs ?? TOTALS_SWEEP_MS,
    async () => {
      const days = await options.totals.refreshAll(options.log);
      if (days > 0) options.log('report totals recomputed', { days });
    },
    (err) => options.log('report totals sweep failed', describeError(err)),
    { atOnce: true },
  );
}
