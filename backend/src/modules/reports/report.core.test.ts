import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReportAnswer, ReportLine, type ReportDimension } from '../../../../shared/reports';
import { readCsv } from '../catalog/csv.core';
import { reportColumns, reportCsv } from './report-csv.core';
import {
  buildReport,
  channelKey,
  type CommissionFact,
  type CreditFact,
  dayTotalsOf,
  differenceInterval,
  DIMENSIONS,
  type EngagementFact,
  negated,
  type OfferFact,
  type OpportunityFact,
  type ReportFacts,
  type ReportOptions,
  wholeDays,
  wilsonInterval,
} from './report.core';

const T = (iso: string) => Date.parse(iso);
const MARCH: Pick<ReportOptions, 'from' | 'to'> = { from: T('2026-03-01T00:00:00Z'), to: T('2026-04-01T00:00:00Z') };
const base = (over: Partial<ReportOptions> = {}): ReportOptions => ({ groupBy: [], ...MARCH, datedBy: 'engagement', categoryDepth: 1, timeZone: 'UTC', ...over });

const opp = (id: string, at: string, category = ['Home', 'Kitchen'], ruleId: string | null = 'r1'): OpportunityFact => ({ id, ruleId, category, openedAt: T(at) });
const offer = (opportunityId: string, associateId: string, outcome: OfferFact['outcome'], at: string): OfferFact => ({ opportunityId, associateId, outcome, offeredAt: T(at) });
const eng = (id: string, associateId: string, opportunityId: string, at: string, over: Partial<EngagementFact> = {}): EngagementFact => ({
  id,
  associateId,
  opportunityId,
  category: ['Home', 'Kitchen'],
  ruleId: 'r1',
  channels: ['chat'],
  startedAt: T(at),
  holdout: false,
  ...over,
});
const credit = (engagementId: string, associateId: string, orderId: string, amountMinor: number, at: string, over: Partial<CreditFact> = {}): CreditFact => ({
  engagementId,
  associateId,
  orderId,
  amountMinor,
  currency: 'EUR',
  orderPlacedAt: T(at),
  refundedMinor: 0,
  ...over,
});

/** Two associates, one unserved opportunity, a refund, a holdout engagement, a yen order and commission. */
const shop: ReportFacts = {
  opportunities: [opp('o1', '2026-03-02T10:00:00Z'), opp('o2', '2026-03-02T11:00:00Z', ['Garden']), opp('o3', '2026-03-03T09:00:00Z', ['Home', 'Bath'], 'r2'), opp('o4', '2026-03-04T09:00:00Z')],
  offers: [
    offer('o1', 'ann', 'accepted', '2026-03-02T10:00:01Z'),
    offer('o1', 'bob', 'withdrawn', '2026-03-02T10:00:01Z'),
    offer('o2', 'bob', 'accepted', '2026-03-02T11:00:01Z'),
    offer('o3', 'ann', 'declined', '2026-03-03T09:00:01Z'),
    offer('o3', 'bob', 'accepted', '2026-03-03T09:00:30Z'),
    offer('o4', 'ann', 'expired', '2026-03-04T09:00:01Z'),
  ],
  engagements: [
    eng('e1', 'ann', 'o1', '2026-03-02T10:00:05Z', { channels: ['voice', 'chat', 'chat'] }),
    eng('e2', 'bob', 'o2', '2026-03-02T11:00:05Z', { category: ['Garden'], holdout: true }),
    eng('e3', 'bob', 'o3', '2026-03-03T09:00:35Z', { category: ['Home', 'Bath'], ruleId: 'r2', channels: [] }),
  ],
  credits: [
    credit('e1', 'ann', 'A-1', 12_000, '2026-03-05T12:00:00Z'),
    credit('e2', 'bob', 'A-2', 5_000, '2026-03-06T12:00:00Z', { refundedMinor: 5_000 }),
    credit('e3', 'bob', 'A-3', 3_000, '2026-03-04T12:00:00Z', { currency: 'JPY' }),
    credit('e3', 'bob', 'A-4', 1_000, '2026-03-04T13:00:00Z', { refundedMinor: 400 }),
  ],
  commissions: [
    { associateId: 'ann', orderId: 'A-1', amountMinor: 600, currency: 'EUR', at: T('2026-03-05T12:00:00Z') },
    { associateId: 'bob', orderId: null, amountMinor: 100, currency: 'EUR', at: T('2026-03-31T23:59:59Z') },
  ],
};

describe('the sales report', () => {
  it('totals the period: acceptance over decided offers, conversion from orders not wholly refunded, money per currency', () => {
    const { total, lines } = buildReport(shop, base());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual({ ...total });
    expect(total).toMatchObject({
      opportunities: 4,
      offers: 6,
      offersDecided: 5,
      offersAccepted: 3,
      acceptanceRate: 3 / 5,
      engagements: 3,
      converted: 2, // e2's order was wholly refunded
      conversionRate: 2 / 3,
      treated: { engagements: 2, converted: 2 },
      holdout: { engagements: 1, converted: 0 },
    });
    expect(total.money).toEqual([
      { currency: 'EUR', orders: 2, revenueMinor: 12_600, averageOrderMinor: 6_300, commissionMinor: 700 },
      { currency: 'JPY', orders: 1, revenueMinor: 3_000, averageOrderMinor: 3_000, commissionMinor: 0 },
    ]);
    expect(total.lift?.value).toBe(1);
    expect(ReportLine.safeParse(total).success).toBe(true);
  });

  it('groups by associate: an opportunity by who served it, an offer by whom it went to, commission to its associate', () => {
    const { lines } = buildReport(shop, base({ groupBy: ['associate'] }));
    expect(lines.map((l) => [l.group.associate, l.opportunities, l.offers, l.offersAccepted, l.engagements, l.converted, l.money.map((m) => `${m.currency} ${m.revenueMinor}/${m.commissionMinor}`)])).toEqual([
      [null, 1, 0, 0, 0, 0, []], // o4: nobody served it
      ['ann', 1, 3, 1, 1, 1, ['EUR 12000/600']],
      ['bob', 2, 3, 2, 2, 1, ['EUR 600/100', 'JPY 3000/0']],
    ]);
  });

  it('groups by channel as the set of channels used, and puts offers in no channel', () => {
    const { lines } = buildReport(shop, base({ groupBy: ['channel'] }));
    expect(lines.map((l) => [l.group.channel, l.opportunities, l.offers, l.engagements])).toEqual([
      [null, 1, 6, 0],
      ['chat', 1, 0, 1],
      ['chat+voice', 1, 0, 1],
      ['none', 1, 0, 1],
    ]);
    expect(channelKey(['voice', 'chat', 'voice'])).toBe('chat+voice');
  });

  it('cuts categories to the depth asked and groups by rule', () => {
    const byCategory = (depth: number) => buildReport(shop, base({ groupBy: ['category'], categoryDepth: depth })).lines.map((l) => [l.group.category, l.engagements]);
    expect(byCategory(1)).toEqual([
      [null, 0], // the tier commission: no order, so no category
      [['Garden'], 1],
      [['Home'], 2],
    ]);
    expect(byCategory(2)).toEqual([
      [null, 0],
      [['Garden'], 1],
      [['Home', 'Bath'], 1],
      [['Home', 'Kitchen'], 1],
    ]);
    const byRule = buildReport(shop, base({ groupBy: ['rule', 'associate'] })).lines.map((l) => [l.group.rule, l.group.associate, l.opportunities]);
    // Lines sort by the dimensions in their fixed order (associate before rule), whatever order they were asked in.
    expect(byRule).toEqual([
      ['r1', null, 1],
      ['r1', 'ann', 1],
      ['r2', 'ann', 0], // ann's declined offer
      [null, 'bob', 0], // the tier commission has no order, so no rule
      ['r1', 'bob', 1],
      ['r2', 'bob', 1],
    ]);
  });

  it('dates money by the engagement or by the order, which moves it across the period’s edge', () => {
    const facts: ReportFacts = {
      opportunities: [opp('o1', '2026-02-28T20:00:00Z')],
      offers: [],
      engagements: [eng('e1', 'ann', 'o1', '2026-02-28T20:00:05Z')],
      credits: [credit('e1', 'ann', 'A-1', 9_900, '2026-03-02T09:00:00Z')],
      commissions: [{ associateId: 'ann', orderId: 'A-1', amountMinor: 500, currency: 'EUR', at: T('2026-03-02T09:00:00Z') }],
    };
    expect(buildReport(facts, base()).total.money).toEqual([]);
    const byOrder = buildReport(facts, base({ datedBy: 'order', groupBy: ['day'] }));
    expect(byOrder.lines.map((l) => [l.group.day, l.engagements, l.money[0]?.revenueMinor, l.money[0]?.commissionMinor])).toEqual([['2026-03-02', 0, 9_900, 500]]);
    // The engagement itself is counted by its own start, in February.
    expect(buildReport(facts, base({ from: T('2026-02-01T00:00:00Z') })).total).toMatchObject({ engagements: 1, converted: 1 });
  });

  it('reads days in the time zone asked', () => {
    const facts: ReportFacts = { opportunities: [opp('o1', '2026-03-01T23:30:00Z'), opp('o2', '2026-03-01T22:30:00Z')], offers: [], engagements: [], credits: [], commissions: [] };
    const days = (timeZone: string) => buildReport(facts, base({ groupBy: ['day'], timeZone })).lines.map((l) => [l.group.day, l.opportunities]);
    expect(days('UTC')).toEqual([['2026-03-01', 2]]);
    expect(days('Europe/Paris')).toEqual([
      ['2026-03-01', 1],
      ['2026-03-02', 1],
    ]);
    expect(days('America/New_York')).toEqual([['2026-03-01', 2]]);
  });

  it('shows one associate only their own figures', () => {
    const mine = buildReport(shop, base({ associateId: 'ann' }));
    expect(mine.total).toMatchObject({ opportunities: 1, offers: 3, engagements: 1 });
    expect(mine.total.money).toEqual([{ currency: 'EUR', orders: 1, revenueMinor: 12_000, averageOrderMinor: 12_000, commissionMinor: 600 }]);
  });

  it('computes the lift interval as Newcombe’s method 10 does (his worked examples)', () => {
    const round = (x: number | undefined) => Number(x!.toFixed(4));
    const a = differenceInterval(56, 70, 48, 80)!;
    expect([round(a.value), round(a.low), round(a.high)]).toEqual([0.2, 0.0524, 0.3339]);
    const b = differenceInterval(9, 10, 3, 10)!;
    expect([round(b.low), round(b.high)]).toEqual([0.1705, 0.809]);
    const c = differenceInterval(0, 10, 0, 20)!;
    expect([round(c.value), round(c.low), round(c.high)]).toEqual([0, -0.1611, 0.2775]);
    expect(differenceInterval(3, 10, 0, 0)).toBeNull();
    const w = wilsonInterval(0, 10);
    expect([w.low, round(w.high)]).toEqual([0, 0.2775]);
  });

  it('gives the CSV the same lines and totals as the JSON, with the header documented', () => {
    const groupBy: ReportDimension[] = ['associate', 'channel'];
    const report = buildReport(shop, base({ groupBy }));
    const csv = reportCsv(report, groupBy);
    expect(csv.split('\r\n')[0]).toBe(
      'kind,associate,channel,opportunities,offers,offers_decided,offers_accepted,acceptance_rate,engagements,converted,conversion_rate,treated_engagements,treated_converted,holdout_engagements,holdout_converted,lift,lift_low,lift_high,currency,orders,revenue,average_order,commission',
    );
    expect(csv).toContain('\r\ntotal,,,4,6,5,3,0.6,3,2,0.666667,2,2,1,0,1,');
    expect(csv.endsWith('total,,,,,,,,,,,,,,,,,,JPY,1,3000,3000,0\r\n')).toBe(true);
    expect(totalsFromCsv(csv)).toEqual({ lines: additive(sumLines(report.lines)), total: additive(report.total) });
  });

  it('neutralises a value a spreadsheet would run as a formula', () => {
    const facts: ReportFacts = { opportunities: [], offers: [], engagements: [eng('e1', '=HYPERLINK("x")', 'o1', '2026-03-02T00:00:00Z')], credits: [], commissions: [] };
    expect(reportCsv(buildReport(facts, base({ groupBy: ['associate'] })), ['associate'])).toContain(`\r\nline,"'=HYPERLINK(""x"")",0,`);
  });

  it('adds the lines up to the total for every grouping, and the CSV to the same totals (generated facts)', () => {
    fc.assert(
      fc.property(factsArb, fc.subarray([...DIMENSIONS]), fc.constantFrom('engagement', 'order'), fc.constantFrom('UTC', 'Europe/Paris', 'Pacific/Chatham'), fc.integer({ min: 1, max: 3 }), (facts, groupBy, datedBy, timeZone, categoryDepth) => {
        const report = buildReport(facts, base({ groupBy, datedBy: datedBy as ReportOptions['datedBy'], timeZone, categoryDepth }));
        const summed = sumLines(report.lines);
        expect(additive(summed)).toEqual(additive(report.total));
        // Orders are distinct per line: one split across lines counts in each.
        for (const m of report.total.money) expect(summed.money.find((s) => s.currency === m.currency)!.orders).toBeGreaterThanOrEqual(m.orders);
        // Every line is a distinct group.
        expect(new Set(report.lines.map((l) => JSON.stringify(l.group))).size).toBe(report.lines.length);
        expect(totalsFromCsv(reportCsv(report, groupBy))).toEqual({ lines: additive(summed), total: additive(report.total) });
        expect(ReportAnswer.shape.lines.safeParse(report.lines).success).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('leaves out what falls outside the period, so a grouped report of two halves adds up to the whole', () => {
    fc.assert(
      fc.property(factsArb, fc.integer({ min: 1, max: 30 }), fc.constantFrom('engagement', 'order'), (facts, cutDay, datedBy) => {
        const cut = MARCH.from + cutDay * 86_400_000;
        const opts = (from: number, to: number) => base({ from, to, datedBy: datedBy as ReportOptions['datedBy'] });
        const whole = buildReport(facts, opts(MARCH.from, MARCH.to)).total;
        const halves = sumLines([buildReport(facts, opts(MARCH.from, cut)).total, buildReport(facts, opts(cut, MARCH.to)).total]);
        expect(additive(halves)).toEqual(additive(whole));
      }),
      { numRuns: 100 },
    );
  });
});

describe('day totals', () => {
  it('stand for the days of the period, less what lies outside it: the same report as from every fact (generated facts)', () => {
    fc.assert(
      fc.property(
        factsArb,
        fc.subarray([...DIMENSIONS]),
        fc.constantFrom('engagement', 'order'),
        fc.constantFrom('UTC', 'Europe/London', 'Europe/Paris', 'Pacific/Chatham'),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: -2 * DAY, max: 5 * DAY }),
        fc.integer({ min: 1, max: 20 * DAY }),
        (facts, groupBy, datedBy, timeZone, categoryDepth, start, length) => {
          const options = base({ groupBy, datedBy: datedBy as ReportOptions['datedBy'], timeZone, categoryDepth, from: MARCH.from + start, to: MARCH.from + start + length });
          expect(buildReport(summedByDay(facts, options), options)).toEqual(buildReport(facts, options));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('are taken for the days mostly in the period (less the rest of the day), and by day only where the zone is at UTC all day', () => {
    const at = (iso: string) => T(iso);
    expect(wholeDays({ from: at('2026-03-01T06:00:00Z'), to: at('2026-03-03T20:00:00Z'), groupBy: [], timeZone: 'UTC' })).toEqual({
      days: ['2026-03-01', '2026-03-02', '2026-03-03'],
      rest: [],
      less: [
        { from: at('2026-03-01T00:00:00Z'), to: at('2026-03-01T06:00:00Z') },
        { from: at('2026-03-03T20:00:00Z'), to: at('2026-03-04T00:00:00Z') },
      ],
    });
    // Less than half a day in the period: that part is read.
    expect(wholeDays({ from: at('2026-03-01T18:00:00Z'), to: at('2026-03-03T04:00:00Z'), groupBy: [], timeZone: 'UTC' })).toEqual({
      days: ['2026-03-02'],
      rest: [
        { from: at('2026-03-01T18:00:00Z'), to: at('2026-03-02T00:00:00Z') },
        { from: at('2026-03-03T00:00:00Z'), to: at('2026-03-03T04:00:00Z') },
      ],
      less: [],
    });
    expect(wholeDays({ from: at('2026-03-01T06:00:00Z'), to: at('2026-03-01T07:00:00Z'), groupBy: ['day'], timeZone: 'UTC' })).toEqual({ days: [], rest: [{ from: at('2026-03-01T06:00:00Z'), to: at('2026-03-01T07:00:00Z') }], less: [] });
    // London leaves UTC on 29 March 2026: by day, that day and those after are read fact by fact; without days, every day is summed.
    const london = wholeDays({ from: at('2026-03-27T00:00:00Z'), to: at('2026-04-01T13:00:00Z'), groupBy: ['day'], timeZone: 'Europe/London' });
    expect(london).toEqual({ days: ['2026-03-27', '2026-03-28'], rest: [{ from: at('2026-03-29T00:00:00Z'), to: at('2026-04-01T13:00:00Z') }], less: [] });
    expect(wholeDays({ from: at('2026-03-27T00:00:00Z'), to: at('2026-04-01T13:00:00Z'), groupBy: ['associate'], timeZone: 'Europe/London' })).toMatchObject({ rest: [], less: [{ from: at('2026-04-01T13:00:00Z'), to: at('2026-04-02T00:00:00Z') }] });
  });
});

/**
 * The facts as the service reads them: each opportunity with the engagement that served it, each
 * offer with its opportunity; the days taken as day totals (less their parts outside the period),
 * their credited engagements kept for their conversion only.
 */
function summedByDay(facts: ReportFacts, options: ReportOptions): ReportFacts {
  const { days, less } = wholeDays(options);
  const whole = new Set(days);
  const inWhole = (at: number) => whole.has(new Date(at).toISOString().slice(0, 10));
  const inLess = (at: number) => less.some((s) => at >= s.from && at < s.to);
  const latest = new Map<string, EngagementFact>();
  for (const e of facts.engagements) {
    const seen = latest.get(e.opportunityId);
    if (!seen || e.startedAt > seen.startedAt || (e.startedAt === seen.startedAt && e.id > seen.id)) latest.set(e.opportunityId, e);
  }
  const opportunityById = new Map(facts.opportunities.map((o) => [o.id, o]));
  const opportunities = facts.opportunities.map((o): OpportunityFact => {
    const e = latest.get(o.id);
    return { ...o, servedBy: e ? { associateId: e.associateId, channels: e.channels } : null };
  });
  const offers = facts.offers.map((f): OfferFact => {
    const o = opportunityById.get(f.opportunityId);
    return { ...f, opportunity: o ? { category: o.category, ruleId: o.ruleId } : null };
  });
  const credited = new Set(facts.credits.map((c) => c.engagementId));
  return {
    opportunities: opportunities.filter((o) => !inWhole(o.openedAt)),
    offers: offers.filter((f) => !inWhole(f.offeredAt)),
    engagements: facts.engagements.filter((e) => !inWhole(e.startedAt) || credited.has(e.id)).map((e) => (inWhole(e.startedAt) ? { ...e, counted: false } : e)),
    credits: facts.credits,
    commissions: facts.commissions,
    totals: [
      ...dayTotalsOf({
        opportunities: opportunities.filter((o) => inWhole(o.openedAt)),
        offers: offers.filter((f) => inWhole(f.offeredAt)),
        engagements: facts.engagements.filter((e) => inWhole(e.startedAt)),
      }),
      ...negated(
        dayTotalsOf({
          opportunities: opportunities.filter((o) => inLess(o.openedAt)),
          offers: offers.filter((f) => inLess(f.offeredAt)),
          engagements: facts.engagements.filter((e) => inLess(e.startedAt)),
        }),
      ),
    ],
  };
}

/** The additive figures of a line: counts and money per currency (orders aside). */
function additive(l: Pick<ReportLine, 'opportunities' | 'offers' | 'offersDecided' | 'offersAccepted' | 'engagements' | 'converted' | 'treated' | 'holdout' | 'money'>) {
  return {
    counts: [l.opportunities, l.offers, l.offersDecided, l.offersAccepted, l.engagements, l.converted, l.treated.engagements, l.treated.converted, l.holdout.engagements, l.holdout.converted],
    money: Object.fromEntries(l.money.map((m) => [m.currency, [m.revenueMinor, m.commissionMinor]])),
  };
}

function sumLines(lines: readonly ReportLine[]) {
  const s = { opportunities: 0, offers: 0, offersDecided: 0, offersAccepted: 0, engagements: 0, converted: 0, treated: { engagements: 0, converted: 0 }, holdout: { engagements: 0, converted: 0 }, money: [] as ReportLine['money'] };
  for (const l of lines) {
    s.opportunities += l.opportunities;
    s.offers += l.offers;
    s.offersDecided += l.offersDecided;
    s.offersAccepted += l.offersAccepted;
    s.engagements += l.engagements;
    s.converted += l.converted;
    s.treated.engagements += l.treated.engagements;
    s.treated.converted += l.treated.converted;
    s.holdout.engagements += l.holdout.engagements;
    s.holdout.converted += l.holdout.converted;
    for (const m of l.money) {
      let t = s.money.find((x) => x.currency === m.currency);
      if (!t) s.money.push((t = { currency: m.currency, orders: 0, revenueMinor: 0, averageOrderMinor: null, commissionMinor: 0 }));
      t.orders += m.orders;
      t.revenueMinor += m.revenueMinor;
      t.commissionMinor += m.commissionMinor;
    }
  }
  s.money.sort((a, b) => (a.currency < b.currency ? -1 : 1));
  return s;
}

/** The CSV read back: the `line` rows summed, and the `total` rows, in the same shape as `additive`. */
function totalsFromCsv(csv: string) {
  const read = readCsv(csv);
  if (!read.ok) throw new Error(read.message);
  const [header, ...rows] = read.records.map((r) => r.fields);
  const col = (name: string) => header!.indexOf(name);
  const countNames = ['opportunities', 'offers', 'offers_decided', 'offers_accepted', 'engagements', 'converted', 'treated_engagements', 'treated_converted', 'holdout_engagements', 'holdout_converted'];
  const minor = (text: string, currency: string) => Math.round(Number(text) * 10 ** (currency === 'JPY' ? 0 : 2));
  const fold = (kind: string) => {
    const counts = countNames.map(() => 0);
    const money: Record<string, [number, number]> = {};
    for (const r of rows.filter((r) => r[0] === kind)) {
      countNames.forEach((n, i) => (counts[i]! += Number(r[col(n)] || 0)));
      const currency = r[col('currency')]!;
      if (currency) {
        const m = (money[currency] ??= [0, 0]);
        m[0] += minor(r[col('revenue')]!, currency);
        m[1] += minor(r[col('commission')]!, currency);
      }
    }
    return { counts, money: Object.fromEntries(Object.entries(money).sort(([a], [b]) => (a < b ? -1 : 1))) };
  };
  expect(header).toEqual(reportColumns(DIMENSIONS.filter((d) => header!.includes(d))));
  return { lines: fold('line'), total: fold('total') };
}

const DAY = 86_400_000;
const atArb = fc.integer({ min: MARCH.from - 3 * DAY, max: MARCH.to + 3 * DAY });
const categoryArb = fc.array(fc.constantFrom('Home', 'Garden', 'Kitchen', 'Bath'), { minLength: 0, maxLength: 3 });

/** Opportunities, offers and engagements that reference one another, credits on them (some refunded, some split), commission on their orders. */
const factsArb: fc.Arbitrary<ReportFacts> = fc
  .record({
    opportunities: fc.array(fc.record({ ruleId: fc.constantFrom(null, 'r1', 'r2'), category: categoryArb, openedAt: atArb }), { maxLength: 12 }),
    offers: fc.array(fc.record({ opp: fc.nat(), associateId: fc.constantFrom('ann', 'bob', 'cy'), outcome: fc.constantFrom('offered', 'accepted', 'declined', 'expired', 'withdrawn'), offeredAt: atArb }), { maxLength: 20 }),
    engagements: fc.array(
      fc.record({ opp: fc.nat(), associateId: fc.constantFrom('ann', 'bob', 'cy'), category: categoryArb, ruleId: fc.constantFrom(null, 'r1'), channels: fc.subarray(['chat', 'voice', 'view', 'guide']), startedAt: atArb, holdout: fc.boolean() }),
      { maxLength: 12 },
    ),
    credits: fc.array(fc.record({ eng: fc.nat(), order: fc.integer({ min: 1, max: 6 }), amountMinor: fc.integer({ min: 0, max: 50_000 }), refundShare: fc.constantFrom(0, 0, 0.5, 1), currency: fc.constantFrom('EUR', 'JPY'), orderPlacedAt: atArb }), { maxLength: 15 }),
    commissions: fc.array(fc.record({ order: fc.integer({ min: 0, max: 6 }), associateId: fc.constantFrom('ann', 'bob', 'cy'), amountMinor: fc.integer({ min: -5_000, max: 5_000 }), currency: fc.constantFrom('EUR', 'JPY'), at: atArb }), { maxLength: 10 }),
  })
  .map((r) => {
    const opportunities = r.opportunities.map((o, i) => ({ id: `o${i}`, ...o }));
    const offers: OfferFact[] = opportunities.length === 0 ? [] : r.offers.map(({ opp: o, ...f }) => ({ opportunityId: `o${o % opportunities.length}`, ...f }) as OfferFact);
    const engagements: EngagementFact[] = opportunities.length === 0 ? [] : r.engagements.map(({ opp: o, ...e }, i) => ({ id: `e${i}`, opportunityId: `o${o % opportunities.length}`, ...e }));
    const credits: CreditFact[] =
      engagements.length === 0
        ? []
        : r.credits.map((c) => {
            const e = engagements[c.eng % engagements.length]!;
            return { engagementId: e.id, associateId: e.associateId, orderId: `A-${c.order}`, amountMinor: c.amountMinor, refundedMinor: Math.floor(c.amountMinor * c.refundShare), currency: c.currency, orderPlacedAt: c.orderPlacedAt };
          });
    const commissions: CommissionFact[] = r.commissions.map((k) => ({ associateId: k.associateId, orderId: k.order === 0 ? null : `A-${k.order}`, amountMinor: k.amountMinor, currency: k.currency, at: k.at }));
    return { opportunities, offers, engagements, credits, commissions };
  });
