/**
 * The sales report (issue 18, item 8): from plain rows of opportunities, offers, engagements,
 * attributed credits and commission entries, the figures grouped by any of associate, category,
 * opportunity rule, channel and day, and their total. Pure: rows in, lines out.
 *
 * What it decides
 * - Every fact falls in exactly one group, so every count and sum of the lines adds up to the
 *   total's (a property test holds it for every grouping). A fact's dimensions:
 *   - an opportunity: its category and rule; the associate and channels of the engagement that
 *     served it (its latest), none when unserved; dated when it opened;
 *   - an offer: its associate, its opportunity's category and rule, no channel; dated when offered;
 *   - an engagement: its associate, category, rule and channels; dated when it started;
 *   - a credit (an order's share to an engagement): its engagement's dimensions; dated by the
 *     engagement's start, or by the order's placement (`datedBy: 'order'`);
 *   - a commission entry: the dimensions of the engagement its associate was credited for on its
 *     order (the last credit's, when one associate had two engagements on it), else its associate's alone; dated by that engagement's start, or by its own date
 *     (`datedBy: 'order'`, and always when no engagement is found).
 *   A dimension a fact does not have is null (its own line: "offers, no channel").
 * - Channel: the set of channels an engagement used, sorted and joined by "+" ("chat+voice"), or
 *   "none": a partition, where "each channel used" would count an engagement once per channel.
 * - Category: the path cut to `categoryDepth` levels. Day: the calendar day in `timeZone`.
 * - Conversion: engagements with an attributed order not wholly refunded, over engagements.
 *   Revenue: credits less their refunds. Orders: distinct orders with net revenue in the line and
 *   currency; the one figure that can add up to more than the total's, when an order is split
 *   between engagements that fall in different lines. Average order: revenue / orders, rounded.
 *   Acceptance: accepted over decided offers (accepted, declined, expired).
 * - Lift: conversion of the treated engagements less the holdout's, with Newcombe's hybrid score
 *   interval (his method 10, from the Wilson intervals of each side; Newcombe 1998, Statistics in
 *   Medicine 17:873). Not the practices' bootstrap `holdoutLift`: for 0/1 outcomes the closed form
 *   is deterministic (the API and the CSV, or two runs, can never differ by a resample), costs
 *   nothing per line, and keeps its coverage with few conversions or none, where a bootstrap
 *   interval collapses to a point.
 * - Money is summed per currency, never across.
 *
 * What the caller must do: pass the rows of the enterprise that may fall in the period (facts
 * outside [from, to) by their date are left out here), with each offer's opportunity and each
 * credit's engagement among them where it exists (a missing one leaves the dimensions it gives null).
 * Days may come summed instead (`totals`, for the days `wholeDays` gives, from `dayTotalsOf` over
 * their facts, less `dayTotalsOf` over the facts of its `less` spans, negated): then none of those
 * days' opportunities, offers and engagements are passed as facts, but for the engagements whose
 * credits are, marked `counted: false` (their conversion and place count, the engagement itself is
 * in the totals). The report is the same either way.
 */
import type { ReportAnswer, ReportDatedBy, ReportDimension, ReportGroup, ReportLift, ReportLine, ReportMoney, ReportQuery } from '../../../../shared/reports';
import { instantOf } from '../../../../shared/time';
import { dayReader } from './zone.core';

export const DIMENSIONS: readonly ReportDimension[] = ['associate', 'category', 'rule', 'channel', 'day'];

export interface OpportunityFact {
  id: string;
  ruleId: string | null;
  category: readonly string[];
  openedAt: number;
  /**
   * The engagement that served it (its latest), null when none did, as the reader found it;
   * without it, looked for among the facts' engagements.
   */
  servedBy?: { associateId: string; channels: readonly string[] } | null;
}

/** `offered` is still pending; `withdrawn` was taken by someone else before an answer. */
export type OfferOutcome = 'offered' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

export interface OfferFact {
  opportunityId: string;
  associateId: string;
  outcome: OfferOutcome;
  offeredAt: number;
  /** Its opportunity's category and rule, as the reader found them; without them, looked for among the facts' opportunities. */
  opportunity?: Pick<OpportunityFact, 'category' | 'ruleId'> | null;
}

export interface EngagementFact {
  id: string;
  associateId: string;
  opportunityId: string;
  category: readonly string[];
  ruleId: string | null;
  channels: readonly string[];
  startedAt: number;
  /** The engagement was in the practices' holdout (it saw the static ranking). */
  holdout: boolean;
  /**
   * False: it is counted in `totals` already; here only its conversion counts, and it gives its
   * place to the money credited to it. True when absent.
   */
  counted?: boolean;
}

/** An order's share credited to one engagement (all its lines together). */
export interface CreditFact {
  engagementId: string;
  associateId: string;
  orderId: string;
  amountMinor: number;
  currency: string;
  orderPlacedAt: number;
  /** Refunds against this credit so far. */
  refundedMinor: number;
}

/** A commission ledger entry (an adjustment, reversal or fee is one too: negative amounts are kept). */
export interface CommissionFact {
  associateId: string;
  /** The order it was earned on, when it was (tier settlements have none). */
  orderId: string | null;
  amountMinor: number;
  currency: string;
  at: number;
}

export interface ReportFacts {
  opportunities: readonly OpportunityFact[];
  offers: readonly OfferFact[];
  engagements: readonly EngagementFact[];
  credits: readonly CreditFact[];
  commissions: readonly CommissionFact[];
  /**
   * Opportunities, offers and engagements already summed per UTC day and place, for whole days
   * the other facts leave out (`wholeDays` says which days a report may take this way).
   */
  totals?: readonly DayTotal[];
}

/**
 * What the opportunities, offers and engagements of one UTC day count at one place (a row of
 * report_day_totals): the figures a day adds to the line its place falls in. Conversions are not
 * in it: they are read with the credits. Negative figures take off a part of the day outside the
 * period (`wholeDays`' `less`).
 */
export interface DayTotal {
  /** YYYY-MM-DD. */
  day: string;
  associateId: string | null;
  /** The whole path, cut to the report's depth when read. */
  category: readonly string[] | null;
  ruleId: string | null;
  channel: string | null;
  opportunities: number;
  offers: number;
  offersDecided: number;
  offersAccepted: number;
  engagements: number;
  /** Of `engagements`, those in the holdout. */
  holdoutEngagements: number;
}

export interface ReportOptions {
  groupBy: readonly ReportDimension[];
  /** Epoch ms, included. */
  from: number;
  /** Epoch ms, excluded. */
  to: number;
  datedBy: ReportDatedBy;
  categoryDepth: number;
  timeZone: string;
  /** Only the facts of this associate (an unserved opportunity has none, so it is left out). */
  associateId?: string | null;
}

export interface Report {
  lines: ReportLine[];
  total: ReportLine;
}

/** What a fact says for each dimension before the day is worked out. */
interface Place {
  associate: string | null;
  category: readonly string[] | null;
  rule: string | null;
  channel: string | null;
}

interface Tally {
  group: ReportGroup;
  opportunities: number;
  offers: number;
  offersDecided: number;
  offersAccepted: number;
  engagements: number;
  converted: number;
  treated: { engagements: number; converted: number };
  holdout: { engagements: number; converted: number };
  money: Map<string, { orders: Set<string>; revenueMinor: number; commissionMinor: number }>;
}

/** The engagement's channels as one value: sorted, each once, joined by "+"; "none" when it used none. */
export function channelKey(channels: readonly string[]): string {
  const set = [...new Set(channels)].sort();
  return set.length === 0 ? 'none' : set.join('+');
}

function emptyTally(group: ReportGroup): Tally {
  return {
    group,
    opportunities: 0,
    offers: 0,
    offersDecided: 0,
    offersAccepted: 0,
    engagements: 0,
    converted: 0,
    treated: { engagements: 0, converted: 0 },
    holdout: { engagements: 0, converted: 0 },
    money: new Map(),
  };
}

/**
 * The report over `facts` for the period and grouping of `options`: its lines, sorted by their
 * group's values (null first), and the total.
 *
 *   buildReport(facts, { groupBy: ['associate'], from, to, datedBy: 'engagement', categoryDepth: 1, timeZone: 'UTC' })
 */
export function buildReport(facts: ReportFacts, options: ReportOptions): Report {
  const dims = DIMENSIONS.filter((d) => options.groupBy.includes(d));
  const lines = new Map<string, Tally>();
  const total = emptyTally({});

  const engagementById = new Map(facts.engagements.map((e) => [e.id, e]));
  const opportunityById = new Map(facts.opportunities.map((o) => [o.id, o]));
  // The engagement that served an opportunity: its latest.
  const servedBy = new Map<string, EngagementFact>();
  for (const e of facts.engagements) {
    const seen = servedBy.get(e.opportunityId);
    if (!seen || e.startedAt > seen.startedAt || (e.startedAt === seen.startedAt && e.id > seen.id)) servedBy.set(e.opportunityId, e);
  }
  // Engagements with an order not wholly refunded, and the engagement each associate was credited for on each order.
  const convertedIds = new Set<string>();
  const creditedEngagement = new Map<string, EngagementFact>();
  for (const c of facts.credits) {
    if (c.amountMinor - c.refundedMinor > 0) convertedIds.add(c.engagementId);
    const e = engagementById.get(c.engagementId);
    if (e) creditedEngagement.set(`${c.orderId}\u0000${c.associateId}`, e);
  }

  const placeOf = (e: EngagementFact): Place => ({ associate: e.associateId, category: e.category, rule: e.ruleId, channel: channelKey(e.channels) });

  const dayOf = dayReader(options.timeZone);
  const cut = (category: readonly string[] | null) => (category ? category.slice(0, options.categoryDepth) : null);

  /** The tallies (its line's and the total) a fact dated `at` at `place` adds to; none when outside the period or another associate's. */
  const tallies = (place: Place, at: number): Tally[] => {
    if (!(at >= options.from && at < options.to)) return [];
    if (options.associateId != null && place.associate !== options.associateId) return [];
    const day = dims.includes('day') ? dayOf(at) : null;
    // The line's key without building its group: each value, null apart from any text, separated by a character no value holds.
    let key = '';
    for (const d of dims) {
      const v = d === 'associate' ? place.associate : d === 'category' ? (place.category ? cut(place.category)!.join('\u0000') : null) : d === 'rule' ? place.rule : d === 'channel' ? place.channel : day;
      key += v === null ? '\u0002\u0001' : `${v}\u0001`;
    }
    let line = lines.get(key);
    if (!line) {
      const group: ReportGroup = {};
      for (const d of dims) {
        if (d === 'associate') group.associate = place.associate;
        else if (d === 'category') group.category = cut(place.category);
        else if (d === 'rule') group.rule = place.rule;
        else if (d === 'channel') group.channel = place.channel;
        else group.day = day;
      }
      line = emptyTally(group);
      lines.set(key, line);
    }
    return [line, total];
  };
  const money = (t: Tally, currency: string) => {
    let m = t.money.get(currency);
    if (!m) {
      m = { orders: new Set(), revenueMinor: 0, commissionMinor: 0 };
      t.money.set(currency, m);
    }
    return m;
  };

  for (const d of facts.totals ?? []) {
    const place: Place = { associate: d.associateId, category: d.category, rule: d.ruleId, channel: d.channel };
    // A day the period starts within counts from the period's start (its totals less what came before).
    for (const t of tallies(place, Math.max(Date.parse(`${d.day}T00:00:00Z`), options.from))) {
      t.opportunities += d.opportunities;
      t.offers += d.offers;
      t.offersDecided += d.offersDecided;
      t.offersAccepted += d.offersAccepted;
      t.engagements += d.engagements;
      t.treated.engagements += d.engagements - d.holdoutEngagements;
      t.holdout.engagements += d.holdoutEngagements;
    }
  }
  for (const o of facts.opportunities) {
    const served = o.servedBy !== undefined ? o.servedBy : servedBy.get(o.id);
    const place: Place = { associate: served?.associateId ?? null, category: o.category, rule: o.ruleId, channel: served ? channelKey(served.channels) : null };
    for (const t of tallies(place, o.openedAt)) t.opportunities++;
  }
  for (const f of facts.offers) {
    const o = f.opportunity !== undefined ? f.opportunity : opportunityById.get(f.opportunityId);
    const place: Place = { associate: f.associateId, category: o?.category ?? null, rule: o?.ruleId ?? null, channel: null };
    for (const t of tallies(place, f.offeredAt)) {
      t.offers++;
      if (f.outcome === 'accepted' || f.outcome === 'declined' || f.outcome === 'expired') t.offersDecided++;
      if (f.outcome === 'accepted') t.offersAccepted++;
    }
  }
  for (const e of facts.engagements) {
    const converted = convertedIds.has(e.id) ? 1 : 0;
    const counted = e.counted === false ? 0 : 1;
    for (const t of tallies(placeOf(e), e.startedAt)) {
      t.engagements += counted;
      t.converted += converted;
      const arm = e.holdout ? t.holdout : t.treated;
      arm.engagements += counted;
      arm.converted += converted;
    }
  }
  for (const c of facts.credits) {
    const e = engagementById.get(c.engagementId);
    const place: Place = e ? placeOf(e) : { associate: c.associateId, category: null, rule: null, channel: null };
    const at = options.datedBy === 'engagement' && e ? e.startedAt : c.orderPlacedAt;
    const net = Math.max(0, c.amountMinor - c.refundedMinor);
    for (const t of tallies(place, at)) {
      const m = money(t, c.currency);
      m.revenueMinor += net;
      if (net > 0) m.orders.add(c.orderId);
    }
  }
  for (const k of facts.commissions) {
    const e = k.orderId === null ? undefined : creditedEngagement.get(`${k.orderId}\u0000${k.associateId}`);
    const place: Place = e ? placeOf(e) : { associate: k.associateId, category: null, rule: null, channel: null };
    const at = options.datedBy === 'engagement' && e ? e.startedAt : k.at;
    for (const t of tallies(place, at)) money(t, k.currency).commissionMinor += k.amountMinor;
  }

  // A line whose day totals and the facts taken off them cancel out holds nothing: as if it never was (no fact makes such a line).
  const sorted = [...lines.values()].filter((t) => !isEmpty(t)).sort((a, b) => compareGroups(dims, a.group, b.group));
  return { lines: sorted.map(lineOf), total: lineOf(total) };
}

/** Wider than any instant a fact has (Date's range). */
const FOREVER = 8.64e15;
const DAY_MS = 86_400_000;

/**
 * The facts' opportunities, offers and engagements summed per UTC day and place, as `buildReport`
 * counts them (what report_day_totals keeps): a report given these for a day counts what it would
 * count from the facts. Credits and commission are left aside (they are read with each report);
 * every engagement passed is counted.
 */
export function dayTotalsOf(facts: Pick<ReportFacts, 'opportunities' | 'offers' | 'engagements'>): DayTotal[] {
  const options: ReportOptions = { groupBy: DIMENSIONS, from: -FOREVER, to: FOREVER, datedBy: 'engagement', categoryDepth: Number.POSITIVE_INFINITY, timeZone: 'UTC' };
  return buildReport({ ...facts, credits: [], commissions: [] }, options).lines.map((l) => ({
    day: l.group.day!,
    associateId: l.group.associate ?? null,
    category: l.group.category ?? null,
    ruleId: l.group.rule ?? null,
    channel: l.group.channel ?? null,
    opportunities: l.opportunities,
    offers: l.offers,
    offersDecided: l.offersDecided,
    offersAccepted: l.offersAccepted,
    engagements: l.engagements,
    holdoutEngagements: l.holdout.engagements,
  }));
}

/** Day totals with every figure negated: what a part of a day outside the period takes off its day's totals. */
export function negated(totals: readonly DayTotal[]): DayTotal[] {
  return totals.map((t) => ({
    ...t,
    opportunities: -t.opportunities,
    offers: -t.offers,
    offersDecided: -t.offersDecided,
    offersAccepted: -t.offersAccepted,
    engagements: -t.engagements,
    holdoutEngagements: -t.holdoutEngagements,
  }));
}

/** A span of time: `from` included, `to` excluded (epoch ms). */
export interface Span {
  from: number;
  to: number;
}

/**
 * How a report reads its period: the UTC days it takes as day totals (YYYY-MM-DD, in order), the
 * spans it reads fact by fact (`rest`), and the spans of taken days outside the period, read fact
 * by fact and taken off their day's totals (`less`). A day may be taken when, grouped by day, it is
 * one local day of the zone (only where the zone is at UTC all day long: elsewhere the local days
 * cut it). A day wholly in the period is taken; a day the period starts or ends within is taken
 * when less of it lies outside the period than in it, else its part in the period is read.
 *
 *   wholeDays({ from: T('2026-03-01T06:00Z'), to: T('2026-03-03T20:00Z'), groupBy: [], timeZone: 'UTC' })
 *   // { days: ['2026-03-01', '2026-03-02', '2026-03-03'],
 *   //   rest: [], less: [{ from: T('2026-03-01T00:00Z'), to: T('2026-03-01T06:00Z') }, { from: T('2026-03-03T20:00Z'), to: T('2026-03-04T00:00Z') }] }
 */
export function wholeDays(options: Pick<ReportOptions, 'from' | 'to' | 'groupBy' | 'timeZone'>): { days: string[]; rest: Span[]; less: Span[] } {
  const byDay = options.groupBy.includes('day');
  const dayOf = dayReader(options.timeZone);
  const days: string[] = [];
  const rest: Span[] = [];
  const less: Span[] = [];
  const add = (spans: Span[], from: number, to: number) => {
    if (from >= to) return;
    const last = spans.at(-1);
    if (last && last.to === from) last.to = to;
    else spans.push({ from, to });
  };
  for (let start = Math.floor(options.from / DAY_MS) * DAY_MS; start < options.to; start += DAY_MS) {
    const end = start + DAY_MS;
    const inside = Math.min(end, options.to) - Math.max(start, options.from);
    const takeable = !byDay || dayOf(start) === dayOf(end - 1);
    if (takeable && inside > DAY_MS - inside) {
      days.push(new Date(start).toISOString().slice(0, 10));
      add(less, start, Math.max(start, options.from));
      add(less, Math.min(end, options.to), end);
    } else add(rest, Math.max(start, options.from), Math.min(end, options.to));
  }
  return { days, rest, less };
}

function isEmpty(t: Tally): boolean {
  return t.opportunities === 0 && t.offers === 0 && t.offersDecided === 0 && t.offersAccepted === 0 && t.engagements === 0 && t.converted === 0 && t.holdout.engagements === 0 && t.money.size === 0;
}

function compareGroups(dims: readonly ReportDimension[], a: ReportGroup, b: ReportGroup): number {
  for (const d of dims) {
    const x = a[d] ?? null;
    const y = b[d] ?? null;
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    const sx = Array.isArray(x) ? x.join('\u0000') : (x as string);
    const sy = Array.isArray(y) ? y.join('\u0000') : (y as string);
    if (sx !== sy) return sx < sy ? -1 : 1;
  }
  return 0;
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function lineOf(t: Tally): ReportLine {
  const money: ReportMoney[] = [...t.money.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, m]) => ({
      currency,
      orders: m.orders.size,
      revenueMinor: m.revenueMinor,
      averageOrderMinor: m.orders.size > 0 ? Math.round(m.revenueMinor / m.orders.size) : null,
      commissionMinor: m.commissionMinor,
    }));
  return {
    group: t.group,
    opportunities: t.opportunities,
    offers: t.offers,
    offersDecided: t.offersDecided,
    offersAccepted: t.offersAccepted,
    acceptanceRate: rate(t.offersAccepted, t.offersDecided),
    engagements: t.engagements,
    converted: t.converted,
    conversionRate: rate(t.converted, t.engagements),
    treated: { ...t.treated },
    holdout: { ...t.holdout },
    lift: differenceInterval(t.treated.converted, t.treated.engagements, t.holdout.converted, t.holdout.engagements),
    money,
  };
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Wilson's score interval for x successes in n trials (n > 0). */
export function wilsonInterval(x: number, n: number, z = Z95): { low: number; high: number } {
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * x1/n1 − x2/n2 with Newcombe's hybrid score interval (method 10): each side's Wilson interval,
 * combined as low = d − √((p1−l1)² + (u2−p2)²), high = d + √((u1−p1)² + (p2−l2)²). Null when either
 * side has no trial.
 */
export function differenceInterval(x1: number, n1: number, x2: number, n2: number, z = Z95): ReportLift | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  const d = p1 - p2;
  return {
    value: d,
    low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}

/** The options of a parsed query (`ReportQuery`), for one associate when `associateId` is given. */
export function optionsOf(query: ReportQuery): ReportOptions {
  return {
    groupBy: query.groupBy,
    from: instantOf(query.from),
    to: instantOf(query.to),
    datedBy: query.datedBy,
    categoryDepth: query.categoryDepth,
    timeZone: query.timeZone,
    associateId: query.associateId ?? null,
  };
}

/** The JSON answer for a query and its report. */
export function answerOf(query: ReportQuery, report: Report): ReportAnswer {
  const { groupBy, from, to, datedBy, categoryDepth, timeZone } = query;
  return { groupBy: DIMENSIONS.filter((d) => groupBy.includes(d)), from, to, datedBy, categoryDepth, timeZone, lines: report.lines, total: report.total };
}
