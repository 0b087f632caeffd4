import { describe, expect, it } from 'vitest';
import { admission, associate, busyWeek, COMMISSION, NORDIC, NOW, quietPeriod, SUMMIT, VOLTAIRE } from './testing/results';
import {
  dayBars,
  dayBarText,
  dayKey,
  enterprisesOf,
  formatDay,
  formatMoney,
  formatMonth,
  formatRate,
  formerEnterprises,
  isEmptyPeriod,
  moneyLines,
  payableRows,
  periodRange,
  resultsErrorText,
} from './results.core';

// Numbers as Intl writes them, with its narrow and thin spaces made plain for reading.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('periodRange', () => {
  const now = new Date(2026, 2, 10, 15, 30).getTime(); // 10 March, afternoon, the browser's time

  it('last 7 days: today and the six before, from local midnight to the midnight after today', () => {
    const r = periodRange('last7', now);
    expect(r.days).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
    expect(r.from).toBe(new Date(2026, 2, 4).toISOString());
    expect(r.to).toBe(new Date(2026, 2, 11).toISOString());
  });

  it('last 30 days crosses into the month before', () => {
    const r = periodRange('last30', now);
    expect(r.days).toHaveLength(30);
    expect(r.days[0]).toBe('2026-02-09');
    expect(r.days.at(-1)).toBe('2026-03-10');
    expect(r.from).toBe(new Date(2026, 1, 9).toISOString());
  });

  it('this month: from the 1st to today; on the 1st, that day alone', () => {
    expect(periodRange('thisMonth', now).days).toHaveLength(10);
    expect(periodRange('thisMonth', now).from).toBe(new Date(2026, 2, 1).toISOString());
    const first = periodRange('thisMonth', new Date(2026, 2, 1, 0, 5).getTime());
    expect(first.days).toEqual(['2026-03-01']);
    expect(first.to).toBe(new Date(2026, 2, 2).toISOString());
  });

  it('day keys are calendar days in the browser’s zone', () => {
    expect(dayKey(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('money and figures in the locale', () => {
  it('minor units by the currency’s own digits', () => {
    expect(formatMoney(123_450, 'EUR', 'en-GB')).toBe('€1,234.50');
    expect(plain(formatMoney(123_450, 'EUR', 'fr-FR'))).toBe('1 234,50 €');
    expect(formatMoney(1_500, 'JPY', 'en-US')).toBe('¥1,500');
    expect(plain(formatMoney(1_234, 'KWD', 'en-US'))).toBe('KWD 1.234');
    expect(formatMoney(-950, 'GBP', 'en-GB')).toBe('-£9.50');
  });

  it('a code Intl does not know still shows its amount and code', () => {
    expect(formatMoney(1_000, 'ZZZ', 'en-US')).toMatch(/ZZZ/);
  });

  it('rates as percentages, a dash when nothing was decided', () => {
    expect(formatRate(0.25, 'en-GB')).toBe('25%');
    expect(formatRate(1 / 3, 'en-GB')).toBe('33.3%');
    expect(plain(formatRate(0.5, 'de-DE'))).toBe('50 %');
    expect(formatRate(null, 'en-GB')).toBe('—');
  });

  it('months and days in words', () => {
    expect(formatMonth('2026-03', 'en-GB')).toBe('March 2026');
    expect(formatMonth('2026-03', 'fr-FR')).toBe('mars 2026');
    expect(formatDay('2026-03-02', 'en-GB')).toBe('Mon 2 Mar');
  });

  it('one money line per currency, never added together', () => {
    const lines = moneyLines(busyWeek().total.money, 'en-GB');
    expect(lines.map((l) => [l.currency, l.revenue, l.averageOrder, l.commission])).toEqual([
      ['EUR', '€1,326.50', '€189.50', '€66.50'],
      ['GBP', '£120.00', '£120.00', '£6.00'],
    ]);
    expect(moneyLines([{ currency: 'EUR', orders: 0, revenueMinor: 0, averageOrderMinor: null, commissionMinor: 150 }], 'en-GB')[0]!.averageOrder).toBe('—');
  });
});

describe('day bars', () => {
  it('every day of the period, a day without a line counting none, heights against the busiest day', () => {
    const { days } = periodRange('last7', NOW);
    const bars = dayBars(busyWeek(), days);
    expect(bars.map((b) => b.engagements)).toEqual([2, 0, 4, 3, 1, 5, 2]);
    expect(bars[5]!.height).toBe(1);
    expect(bars[2]!.height).toBeCloseTo(0.8);
    expect(bars[3]!.convertedShare).toBeCloseTo(2 / 3);
    expect(bars[1]!.convertedShare).toBe(0);
    expect(dayBars(quietPeriod(), days).every((b) => b.height === 0)).toBe(true);
  });

  it('a bar in words', () => {
    expect(dayBarText({ day: '2026-03-02', engagements: 3, converted: 1, height: 1, convertedShare: 1 / 3 }, 'en-GB')).toBe('Mon 2 Mar: 3 engagements, 1 converted');
    expect(dayBarText({ day: '2026-03-03', engagements: 1, converted: 0, height: 1, convertedShare: 0 }, 'en-GB')).toBe('Tue 3 Mar: 1 engagement, 0 converted');
    expect(dayBarText({ day: '2026-03-04', engagements: 0, converted: 0, height: 0, convertedShare: 0 }, 'en-GB')).toBe('Wed 4 Mar: no engagements');
  });

  it('an empty period has no engagement and no money; a late commission is not empty', () => {
    expect(isEmptyPeriod(quietPeriod())).toBe(true);
    expect(isEmptyPeriod(busyWeek())).toBe(false);
    const q = quietPeriod();
    expect(isEmptyPeriod({ total: { ...q.total, money: [{ currency: 'EUR', orders: 0, revenueMinor: 0, averageOrderMinor: null, commissionMinor: -300 }] } })).toBe(false);
  });
});

describe('the enterprises', () => {
  it('the employer first, named by its grants, then the accepted admissions (not invitations or those left)', () => {
    const list = enterprisesOf(associate(), [admission(SUMMIT, 'Summit Gear'), admission(NORDIC, 'Nordic Outdoor', 'withdrawn'), admission(VOLTAIRE, 'Voltaire Retail')]);
    expect(list).toEqual([
      { id: VOLTAIRE, name: 'Voltaire Retail' },
      { id: SUMMIT, name: 'Summit Gear' },
    ]);
  });

  it('an employer without grants is named by its ledger lines, else "Your employer"; an independent has none', () => {
    expect(enterprisesOf(associate({ accreditations: [] }), [], COMMISSION.payable)).toEqual([{ id: VOLTAIRE, name: 'Voltaire Retail' }]);
    expect(enterprisesOf(associate({ accreditations: [] }), [])).toEqual([{ id: VOLTAIRE, name: 'Your employer' }]);
    expect(enterprisesOf(associate({ employment: 'independent', employerId: null, accreditations: [] }), [])).toEqual([]);
  });

  it('an enterprise left still shows what it owes', () => {
    expect(formerEnterprises(COMMISSION.payable, [{ id: VOLTAIRE, name: 'Voltaire Retail' }])).toEqual([{ id: NORDIC, name: 'Nordic Outdoor' }]);
  });
});

describe('commission by month', () => {
  it('newest month first, one row per currency: payable (locked) and in hold (pending)', () => {
    expect(payableRows(COMMISSION.payable, VOLTAIRE, 'en-GB').map((r) => [r.label, r.currency, r.payable, r.pending])).toEqual([
      ['March 2026', 'EUR', '€19.00', '€85.50'],
      ['March 2026', 'GBP', '£0.00', '£6.00'],
      ['February 2026', 'EUR', '€412.50', '€0.00'],
    ]);
    expect(payableRows(COMMISSION.payable, SUMMIT)).toEqual([]);
  });
});

describe('failures in words', () => {
  it('says what to do', () => {
    expect(resultsErrorText('your results', { status: 0, message: 'x' })).toBe('Could not reach the server for your results. Check the connection, then try again.');
    expect(resultsErrorText('your results', { status: 401, message: 'x' })).toMatch(/signed out/);
    expect(resultsErrorText('your results', { status: 404, message: 'x' })).toMatch(/no longer work for/);
    expect(resultsErrorText('your results', { status: 429, message: 'x' })).toMatch(/Too many requests/);
    expect(resultsErrorText('your results', { status: 500, message: 'Internal error.' })).toBe('Could not read your results: Internal error.');
  });
});
