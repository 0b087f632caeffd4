import { describe, expect, it } from 'vitest';
import type { CommissionPlanView } from '../../../../shared/commission';
import type { ReportAnswer, ReportLine } from '../../../../shared/reports';
import { basisPointsOf, basisPointsText, listOf, majorUnits, money, pathsOf, pathsText } from './money.core';
import { formToPlan, moveRule, planFieldNames, planToForm } from './plan.core';
import { groupLabel, lastDays, metricOf, ordersOf, reportChart, reportCsvOf, reportFileName } from './report.core';

const line = (group: ReportLine['group'], over: Partial<ReportLine> = {}): ReportLine => ({
  group,
  opportunities: 0,
  offers: 0,
  offersDecided: 0,
  offersAccepted: 0,
  acceptanceRate: null,
  engagements: 0,
  converted: 0,
  conversionRate: null,
  treated: { engagements: 0, converted: 0 },
  holdout: { engagements: 0, converted: 0 },
  lift: null,
  money: [],
  ...over,
});
const eur = (orders: number, revenueMinor: number, commissionMinor: number) => ({ currency: 'EUR', orders, revenueMinor, averageOrderMinor: orders ? Math.round(revenueMinor / orders) : null, commissionMinor });

const byDay: ReportAnswer = {
  groupBy: ['day'],
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-03-04T00:00:00.000Z',
  datedBy: 'engagement',
  categoryDepth: 1,
  timeZone: 'UTC',
  // Out of order on purpose: the chart sorts by day.
  lines: [
    line({ day: '2026-03-03' }, { engagements: 2, converted: 1, money: [eur(1, 12_345, 617)] }),
    line({ day: '2026-03-01' }, { engagements: 4, converted: 2, money: [eur(2, 50_000, 2_500), { currency: 'JPY', orders: 1, revenueMinor: 1500, averageOrderMinor: 1500, commissionMinor: 75 }] }),
  ],
  total: line({}, { engagements: 6, converted: 3, money: [eur(3, 62_345, 3_117), { currency: 'JPY', orders: 1, revenueMinor: 1500, averageOrderMinor: 1500, commissionMinor: 75 }] }),
};

describe('money and lists as typed', () => {
  it('shows minor units in their currency and reads percentages as basis points', () => {
    expect([money(34_900, 'USD'), money(-1_250, 'EUR'), money(1500, 'JPY')]).toEqual(['349.00\u00a0USD', '-12.50\u00a0EUR', '1500\u00a0JPY']);
    expect([majorUnits(12_345, 'EUR'), majorUnits(1500, 'JPY')]).toEqual([123.45, 1500]);
    expect([basisPointsOf('5'), basisPointsOf('2.5'), basisPointsOf('0,01'), basisPointsOf('7.5 %'), basisPointsOf('1.234'), basisPointsOf('five')]).toEqual([500, 250, 1, 750, null, null]);
    expect([basisPointsText(500), basisPointsText(250), basisPointsText(1)]).toEqual(['5', '2.5', '0.01']);
    expect(listOf(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(pathsOf('Audio > Headphones; TV;')).toEqual([['Audio', 'Headphones'], ['TV']]);
    expect(pathsText(pathsOf('Audio>Headphones;TV'))).toBe('Audio > Headphones; TV');
  });
});

describe('the commission plan as a form', () => {
  const view: CommissionPlanView = {
    currency: 'EUR',
    holdDays: 14,
    rules: [
      { id: 'headphones', when: { categoryPrefix: 'Audio > Headphones', employment: 'employed' }, pay: { kind: 'rate', basisPoints: 500, tiers: { mode: 'whole', steps: [{ fromMinor: 100_000, basisPoints: 750 }] } } },
      { id: 'gold', when: { customerTiers: ['gold', 'platinum'], skus: ['A-1'] }, pay: { kind: 'fixed', amountMinor: 250, per: 'order' } },
      { id: 'rest', when: {}, pay: { kind: 'rate', basisPoints: 300 } },
    ],
    version: 3,
    effectiveFrom: '2026-03-01T00:00:00.000Z',
    feeBasisPoints: 1000,
    setBy: 'enterprise',
    createdAt: '2026-03-01T00:00:00.000Z',
  };

  it('goes to the form and back to the same plan document', () => {
    const form = planToForm(view);
    expect(form.rules[0]).toMatchObject({ rate: '5', tiersMode: 'whole', tiers: [{ from: '1000.00', rate: '7.5' }], employment: 'employed' });
    expect(form.rules[1]).toMatchObject({ kind: 'fixed', amount: '2.50', per: 'order', customerTiers: 'gold, platinum', skus: 'A-1' });
    const back = formToPlan(form);
    const { version: _v, effectiveFrom: _e, feeBasisPoints: _f, setBy: _s, createdAt: _c, ...body } = view;
    expect(back).toEqual({ ok: true, plan: body });
  });

  it('names the field it cannot read by the API’s path, and keeps the rules’ order when moved', () => {
    const form = planToForm(view);
    form.rules[0]!.rate = '5.555';
    form.rules[0]!.tiers[0]!.from = 'lots';
    form.rules[1]!.amount = '2.505';
    form.holdDays = 'a month';
    const read = formToPlan(form);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(Object.keys(read.fields).sort()).toEqual(['holdDays', 'rules.0.pay.basisPoints', 'rules.0.pay.tiers.steps.0.fromMinor', 'rules.1.pay.amountMinor']);
    for (const f of Object.keys(read.fields)) expect(planFieldNames(form)).toContain(f);
    const moved = moveRule(planToForm(view), 2, -1);
    expect(moved.rules.map((r) => r.id)).toEqual(['headphones', 'rest', 'gold']);
    expect(moveRule(moved, 0, -1)).toBe(moved);
    expect(planToForm(null)).toEqual({ currency: 'USD', holdDays: '30', rules: [] });
  });
});

describe('a report shown', () => {
  it('charts by day in time order, with the answer’s own figures', () => {
    const chart = reportChart(byDay, 'engagements', null);
    expect(chart).toEqual({ kind: 'time', x: [Date.parse('2026-03-01T00:00:00Z') / 1000, Date.parse('2026-03-03T00:00:00Z') / 1000], values: [4, 2] });
    expect(reportChart(byDay, 'revenue', 'EUR')).toMatchObject({ values: [500, 123.45] });
    expect(reportChart(byDay, 'revenue', 'JPY')).toMatchObject({ values: [1500, 0] });
  });

  it('counts orders as a plain number, every currency’s together, and charts them so', () => {
    const [march3, march1] = byDay.lines as [ReportLine, ReportLine];
    expect([ordersOf(march3), ordersOf(march1), ordersOf(byDay.total)]).toEqual([1, 3, 4]);
    expect(ordersOf(line({}, {}))).toBe(0);
    // Whatever currency the chart shows money in, the orders are the count.
    expect(reportChart(byDay, 'orders', 'JPY')).toMatchObject({ values: [3, 1] });
    expect(metricOf(march1, 'orders', null)).toBe(3);
  });

  it('charts other groupings as bars, names for ids, and no chart for two groupings', () => {
    const byAssociate: ReportAnswer = { ...byDay, groupBy: ['associate'], lines: [line({ associate: 'a1' }, { converted: 3 }), line({ associate: null }, { converted: 0 })] };
    expect(reportChart(byAssociate, 'converted', null, { a1: 'Ana Ortiz' })).toEqual({ kind: 'bars', labels: ['Ana Ortiz', '(none)'], values: [3, 0] });
    expect(groupLabel({ associate: 'a1', category: ['Audio', 'Headphones'] }, ['associate', 'category'])).toBe('a1 · Audio > Headphones');
    expect(groupLabel({ channel: 'chat+phone' }, ['channel'])).toBe('Chat + Phone');
    expect(groupLabel({ channel: 'none' }, ['channel'])).toBe('No channel');
    expect(groupLabel({ channel: 'guide+voice+carrier-pigeon' }, ['channel'])).toBe('Co-browse (guide) + Voice + carrier-pigeon');
    expect(reportChart({ ...byDay, groupBy: ['associate', 'day'] }, 'converted', null).kind).toBe('none');
  });

  it('writes the CSV from the same answer: its line rows add up to the total row, per currency', () => {
    const csv = reportCsvOf(byDay);
    const rows = csv.trim().split('\r\n').map((r) => r.split(','));
    const head = rows[0]!;
    const col = (name: string) => head.indexOf(name);
    const lines = rows.filter((r) => r[0] === 'line');
    const total = rows.filter((r) => r[0] === 'total');
    expect(lines.reduce((s, r) => s + Number(r[col('engagements')] || 0), 0)).toBe(Number(total[0]![col('engagements')]));
    for (const currency of ['EUR', 'JPY']) {
      const sum = lines.filter((r) => r[col('currency')] === currency).reduce((s, r) => s + Math.round(Number(r[col('revenue')]) * (currency === 'JPY' ? 1 : 100)), 0);
      const totalRow = total.find((r) => r[col('currency')] === currency)!;
      expect(sum).toBe(Math.round(Number(totalRow[col('revenue')]) * (currency === 'JPY' ? 1 : 100)));
    }
    expect(total.find((r) => r[col('currency')] === 'EUR')![col('revenue')]).toBe('623.45');
    expect(reportFileName(byDay)).toBe('floorwalker-report-2026-03-01-2026-03-04-by-day.csv');
  });

  it('takes the last days as whole UTC days up to the end of today', () => {
    expect(lastDays(new Date('2026-03-05T13:00:00Z'), 7)).toEqual({ from: '2026-02-27T00:00:00.000Z', to: '2026-03-06T00:00:00.000Z' });
  });
});
